// Issue 11: an entry opened from a ledger whose board has loaded shows whole in its page's first
// frame — its content, timeline and reporter — not its row first and the rest a layout later. The
// route's load asks the worker for the entry's whole state and reporter ahead of the page
// (docs-client.ts `watchAhead`, at the tap's press), and a station's start leaves nothing that
// makes that first tap wait on the worker for a commit (doc-ops.ts `runOp`).
import { expect, test, type Page } from '@playwright/test';
import { createStation } from './new-station';

declare global {
	interface Window {
		__firstEntryFrame?: { preview: boolean; timeline: boolean; reporter: string };
		/** The kinds of the messages the page posted to its workers, in order. */
		__posted?: string[];
	}
}

/** Records, at the first DOM change that shows an entry's content, what else that change shows. */
async function watchFirstEntryFrame(page: Page) {
	await page.evaluate(() => {
		delete window.__firstEntryFrame;
		const seen = new MutationObserver(() => {
			if (!document.querySelector('main .entry-card p.content')) return;
			seen.disconnect();
			window.__firstEntryFrame = {
				preview: !!document.querySelector('[data-testid=entry-preview]'),
				timeline: !!document.querySelector('main ol.timeline li'),
				reporter: document.querySelector('main .entry-card dl')?.textContent ?? ''
			};
		});
		seen.observe(document.body, { childList: true, subtree: true, characterData: true });
	});
}

test('an entry opened from the loaded ledger shows whole in its first frame: content, timeline and reporter', async ({ page }) => {
	await page.addInitScript(() => {
		window.__posted = [];
		const post = Worker.prototype.postMessage;
		Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
			const type = (message as { type?: unknown } | null)?.type;
			if (typeof type === 'string') window.__posted!.push(type);
			return (post as (...args: unknown[]) => void).call(this, message, ...rest);
		} as typeof Worker.prototype.postMessage;
	});
	const stationUrl = new URL(await createStation(page, '整页社区')).pathname;
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill('五号楼电梯异响');
	await page.getByRole('button', { name: '基础设施' }).click();
	await page.getByLabel('反映人姓名').fill('郑阿姨');
	await page.getByLabel('联系电话').fill('13900001111');
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByRole('link', { name: /五号楼电梯异响/ })).toBeVisible();

	// A start at the ledger, its board loaded and cleaned (the entry page's code comes after it:
	// yx:entry-code). The clean found nothing: the tap asks the worker for no commit.
	await page.goto(stationUrl);
	await page.waitForFunction(() => performance.getEntriesByName('yx:entry-code', 'mark').length > 0);
	expect(await page.evaluate(() => window.__posted!.filter((type) => type === 'run').length)).toBeGreaterThan(0);
	const postedBefore = await page.evaluate(() => window.__posted!.length);
	await watchFirstEntryFrame(page);
	await page.getByRole('link', { name: /五号楼电梯异响/ }).click();
	await expect(page.locator('main ol.timeline li').first()).toBeVisible();
	expect(await page.evaluate(() => window.__firstEntryFrame)).toEqual({ preview: false, timeline: true, reporter: expect.stringContaining('郑阿姨 13900001111') });
	const onTap = await page.evaluate((n) => window.__posted!.slice(n), postedBefore);
	expect(onTap).toContain('watch');
	expect(onTap).not.toContain('stored');
});
