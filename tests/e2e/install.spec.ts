// The app installs to a phone's home screen: Chromium finds nothing missing for it, and the home
// screen offers "添加到主屏幕" (a button where the browser can install, the steps where it cannot).
import { expect, test, type Page } from '@playwright/test';
import { persistentContext } from './chromium';

test.describe.configure({ mode: 'serial' });

let page: Page;
let dispose: () => Promise<void>;

test.beforeAll(async () => {
	const profile = await persistentContext();
	dispose = profile.dispose;
	page = profile.context.pages()[0] ?? (await profile.context.newPage());
});

test.afterAll(async () => {
	await dispose();
});

test('is installable: Chromium reports no installability errors', async () => {
	await page.goto('/');
	const cdp = await page.context().newCDPSession(page);
	const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
	expect(installabilityErrors).toEqual([]);
	const manifest = await (await page.request.get('/manifest.webmanifest')).json();
	expect(manifest.display).toBe('standalone');
	expect(manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes}:${i.purpose}`)).toEqual([
		'192x192:any',
		'512x512:any',
		'512x512:maskable'
	]);
});

test('offers "添加到主屏幕": a button where the browser can install, the steps where it cannot', async ({ browser, baseURL }) => {
	// An incognito window cannot install: the steps are shown instead.
	const incognito = await browser.newContext({ baseURL, locale: 'zh-CN' });
	const other = await incognito.newPage();
	await other.goto('/');
	await expect(other.getByRole('region', { name: '添加到主屏幕' }).getByTestId('install-steps')).toContainText('添加到主屏幕');
	await incognito.close();

	// Where Chromium offers the install (when is its own choice), the button passes it on. The
	// offer is sent here as the browser sends it, one that records the tap so no real dialog opens.
	// Chromium's own offer may come at any moment and would replace this one (then a real dialog is
	// asked for, and the tap records nothing): from the document's start, only this one reaches the
	// app. The tap is recorded in the tab's session storage, which outlives a reload of the page.
	await page.addInitScript(() => window.addEventListener('beforeinstallprompt', (e) => !('fake' in e) && e.stopImmediatePropagation(), true));
	await page.goto('/');
	const install = page.getByRole('region', { name: '添加到主屏幕' });
	await expect(install).toBeVisible();
	await expect(async () => {
		await page.evaluate(() => {
			const e = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
				fake: true,
				prompt: async () => sessionStorage.setItem('test:prompted', 'yes'),
				userChoice: Promise.resolve({ outcome: 'dismissed' })
			});
			window.dispatchEvent(e);
		});
		await install.getByRole('button', { name: '添加到主屏幕' }).click({ timeout: 2000 });
		expect(await page.evaluate(() => sessionStorage.getItem('test:prompted'))).toBe('yes');
	}).toPass();
});
