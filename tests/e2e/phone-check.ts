// What every screen must hold on a 390 px phone: nothing wider than the screen (so nothing is cut
// off or needs a sideways scroll), app-bar labels on one line, dates never broken across lines,
// touch targets at least 44 px tall — and axe with WCAG 2 A/AA and best practice (landmarks), all impacts.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import { baseURL } from './chromium';

export const PHONE = { width: 390, height: 844 };

/** A new phone-sized context (zh-CN, Shanghai time), signed in through the sign-in form, at the home screen. */
export async function signedInOnPhone(browser: Browser, phone: string, password: string): Promise<Page> {
	const context = await browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: PHONE });
	const page = await context.newPage();
	await page.goto('/signin');
	await page.getByLabel('手机号').fill(phone);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page).toHaveURL(`${baseURL()}/`);
	return page;
}

/** Layout faults on the page as it is now, each described so a failure says where. */
export function layoutProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const vw = document.documentElement.clientWidth;
		const out: string[] = [];
		const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
		const shown = (el: Element) => {
			const s = getComputedStyle(el);
			const r = el.getBoundingClientRect();
			return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 1 && r.height > 1 && !el.closest('.visually-hidden, [hidden], [aria-hidden="true"]');
		};
		// Inside a container that scrolls or clips sideways and itself fits, an element may be wider.
		const contained = (el: Element) => {
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				const ox = getComputedStyle(p).overflowX;
				if (ox !== 'visible') {
					const r = p.getBoundingClientRect();
					return r.left >= -1 && r.right <= vw + 1;
				}
			}
			return false;
		};
		if (document.documentElement.scrollWidth > vw) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
		for (const el of document.querySelectorAll('body *')) {
			if (!shown(el) || getComputedStyle(el).position === 'fixed' && el.getBoundingClientRect().width <= vw + 1) continue;
			const r = el.getBoundingClientRect();
			if ((r.right > vw + 1 || r.left < -1) && !contained(el)) out.push(`off screen (${Math.round(r.left)}–${Math.round(r.right)}): ${name(el)}`);
		}
		// A text node drawn on two lines shows as rectangles at two heights.
		const wraps = (el: Element) => {
			const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
			for (let n = walker.nextNode(); n; n = walker.nextNode()) {
				if (!n.textContent?.trim()) continue;
				const range = document.createRange();
				range.selectNodeContents(n);
				const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top);
				if (tops.length > 1 && Math.max(...tops) - Math.min(...tops) > 4) return true;
			}
			return false;
		};
		for (const el of document.querySelectorAll('header a, header button, header h1, header [data-testid="sync-state"]')) {
			if (shown(el) && wraps(el)) out.push(`app-bar label on two lines: ${name(el)}`);
		}
		for (const el of document.querySelectorAll('time, .date')) {
			if (shown(el) && wraps(el)) out.push(`date broken across lines: ${name(el)}`);
		}
		// A badge laid over its neighbours (position: absolute) must not cover their text.
		for (const el of document.querySelectorAll('body *')) {
			if (!shown(el) || getComputedStyle(el).position !== 'absolute' || !(el.textContent ?? '').trim() || !el.parentElement) continue;
			const b = el.getBoundingClientRect();
			const walker = document.createTreeWalker(el.parentElement, NodeFilter.SHOW_TEXT);
			for (let n = walker.nextNode(); n; n = walker.nextNode()) {
				if (el.contains(n) || !n.textContent?.trim()) continue;
				const range = document.createRange();
				range.selectNodeContents(n);
				const covered = [...range.getClientRects()].some((r) => Math.min(r.right, b.right) - Math.max(r.left, b.left) > 1 && Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top) > 1);
				if (covered) out.push(`covers the text "${n.textContent.trim().slice(0, 20)}": ${name(el)}`);
			}
		}
		const targets = 'button, select, input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]), a, summary';
		for (const el of document.querySelectorAll(targets)) {
			if (!shown(el) || el.closest('.trap')) continue;
			// A link inside running text is exempt (WCAG 2.5.8); a link standing alone is a target.
			if (el.tagName === 'A' && getComputedStyle(el).display === 'inline' && (el.parentElement?.textContent ?? '').trim() !== (el.textContent ?? '').trim()) continue;
			const h = el.getBoundingClientRect().height;
			if (h < 43.5) out.push(`touch target ${Math.round(h)} px tall: ${name(el)}`);
		}
		// A checkbox or a radio button is tapped through its label: the label is the target.
		for (const el of document.querySelectorAll('input[type="checkbox"], input[type="radio"]')) {
			const target = el.closest('label') ?? el;
			if (!shown(el) || el.closest('.trap')) continue;
			const h = target.getBoundingClientRect().height;
			if (h < 43.5) out.push(`touch target ${Math.round(h)} px tall: ${name(target)}`);
		}
		return out;
	});
}

export async function expectFitsPhone(page: Page, where: string) {
	expect.soft(await layoutProblems(page), where).toEqual([]);
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'best-practice']).analyze();
	expect.soft(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), where).toEqual([]);
}
