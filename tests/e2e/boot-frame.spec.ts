// Issue 11: before the app's JavaScript has loaded, a station's page already shows its app bar and
// tabs (src/boot-frame.js, from what the app last showed there); the app replaces that frame when it
// mounts, and pages that are not a station's tab pages get none.
import { expect, test, type BrowserContext, type Page, type Route } from '@playwright/test';
import { createStation } from './new-station';

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let stationUrl = '';

/** Holds back the app's start module until the returned function is called (the phone still loading). */
async function holdApp(): Promise<() => void> {
	let release!: () => void;
	const released = new Promise<void>((r) => (release = r));
	await page.unrouteAll({ behavior: 'ignoreErrors' });
	await page.route('**/_app/immutable/entry/start.*.js', async (route: Route) => {
		await released;
		await route.continue();
	});
	return release;
}

test.beforeAll(async ({ browser, baseURL }) => {
	// No service worker: page.route must see the app's module requests.
	context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' });
	page = await context.newPage();
});

test.afterAll(async () => {
	await context.close();
});

test('a station page paints its app bar and tabs before the app has loaded', async () => {
	stationUrl = new URL(await createStation(page, '框架社区')).pathname;

	const release = await holdApp();
	await page.reload({ waitUntil: 'domcontentloaded' });
	const frame = page.locator('#boot-frame');
	await expect(frame.getByRole('heading', { name: '框架社区' })).toBeVisible();
	await expect(frame.getByRole('link', { name: '返回' })).toHaveAttribute('href', '/');
	await expect(frame.getByRole('navigation', { name: '框架社区' }).getByRole('link')).toHaveText(['台账', '走访', '金点子', '公告', '来信', '驻点信息']);
	await expect(frame.locator('a[aria-current="page"]')).toHaveText('台账');
	// Nothing of the app yet: the ledger's search box is not there.
	await expect(page.getByLabel('搜索内容、地点、责任人')).toHaveCount(0);

	await release();
	await expect(page.getByLabel('搜索内容、地点、责任人')).toBeVisible();
	await expect(frame).toHaveCount(0);
	// One app bar, one tab bar: the app's own.
	await expect(page.getByRole('banner')).toHaveCount(1);
	await expect(page.getByRole('heading', { name: '框架社区' })).toHaveCount(1);
	await expect(page.locator('nav.station-tabs')).toHaveCount(1);
});

test('each tab page paints its own title, with its tab current', async () => {
	await page.goto(`${stationUrl}/ideas`);
	await expect(page.getByRole('heading', { name: /金点子/ })).toBeVisible();
	const release = await holdApp();
	await page.reload({ waitUntil: 'domcontentloaded' });
	await expect(page.locator('#boot-frame h1')).toHaveText('金点子 · 框架社区');
	await expect(page.locator('#boot-frame a[aria-current="page"]')).toHaveText('金点子');
	await release();
	await expect(page.locator('#boot-frame')).toHaveCount(0);
});

test('pages that are not a tab page get no frame', async () => {
	await page.goto(`${stationUrl}/new`);
	await expect(page.getByLabel('问题内容')).toBeVisible();
	const release = await holdApp();
	await page.reload({ waitUntil: 'domcontentloaded' });
	await expect(page.locator('body')).toBeAttached();
	expect(await page.locator('#boot-frame').count()).toBe(0);
	// And what the app keeps for the frame holds no page but the station's tab pages.
	const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('yixian:boot') ?? '{}'));
	expect(Object.keys(kept.bars).sort()).toEqual([stationUrl, `${stationUrl}/ideas`].sort());
	await release();
	await expect(page.getByLabel('问题内容')).toBeVisible();
});
