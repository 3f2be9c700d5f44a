// Issue 11: at a start at a ledger, the worker that reads the station's projected rows
// (src/lib/device/ledger-rows.worker.ts) is started by the boot frame's script as the page's head is
// parsed, from the address the app's last start kept (src/lib/device/boot-modules.ts), not once the
// app's shell has been fetched and evaluated: its read of the rows (on a phone, another core's few
// hundred milliseconds at 50,000 entries) overlaps the app's start. The app takes that worker over.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { holdApp } from './hold-app';
import { addEntry, createStation } from './new-station';

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let stationUrl = '';

test.beforeAll(async ({ browser, baseURL }) => {
	// No service worker: page.route must see the app's module requests.
	context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' });
	page = await context.newPage();
});

test.afterAll(async () => {
	await context.close();
});

const appModule = (url: URL) => /^\/_app\/immutable\/(entry|chunks|nodes)\//.test(url.pathname);

/** The worker the frame's script started, as the page sees it before the app takes it: its station, or null. */
const earlyWorker = () => page.evaluate(() => (window as unknown as { __yxRowsWorker?: { station: string } }).__yxRowsWorker?.station ?? null);

test("the frame's script starts the ledger's rows worker before the app has loaded, and the app takes it over", async () => {
	stationUrl = new URL(await createStation(page, '早起社区')).pathname;
	const station = stationUrl.split('/').pop()!;
	await addEntry(page, stationUrl, '东门路灯不亮');
	await expect(page.getByRole('list', { name: '驻点工作台账' }).getByRole('listitem')).toHaveText([/东门路灯不亮/]);
	// A start at the ledger keeps the worker's address with its modules.
	await page.reload();
	await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('yixian:boot-modules') ?? '{}').rowsWorker ?? '')).toMatch(/^\/_app\/immutable\/workers\/ledger-rows\.worker-[\w-]+\.js$/);

	// Every module of the app's held back (not its workers): nothing of the app has run.
	const release = await holdApp(page, appModule);
	await page.reload({ waitUntil: 'domcontentloaded' });
	await expect(page.locator('#boot-frame [role=list] [role=listitem]')).toHaveText([/东门路灯不亮/]);
	expect(await earlyWorker()).toBe(station);
	await expect(page.getByLabel('搜索内容、地点、责任人')).toHaveCount(0);

	await release();
	await expect(page.getByLabel('搜索内容、地点、责任人')).toBeVisible();
	await expect(page.getByRole('list', { name: '驻点工作台账' }).getByRole('listitem')).toHaveText([/东门路灯不亮/]);
	// Taken over by the app: one worker, not two.
	expect(await earlyWorker()).toBeNull();
	expect(await page.evaluate(() => performance.getEntriesByName('yx:rows-worker').map((m) => (m as PerformanceMark).detail))).toEqual(['frame']);
});

test('a start elsewhere starts none, and one at another station lets the early worker go', async () => {
	const release = await holdApp(page);
	await page.goto('/', { waitUntil: 'domcontentloaded' });
	expect(await earlyWorker()).toBeNull();
	await release();
	await page.goto(stationUrl);
	await expect(page.getByRole('list', { name: '驻点工作台账' }).getByRole('listitem')).toHaveText([/东门路灯不亮/]);
	expect(await earlyWorker()).toBeNull();
});

test("an address another build kept (its script gone, or not this build's) is not taken over: the app makes its own", async () => {
	for (const stale of ['/_app/immutable/workers/ledger-rows.worker-0ld0ld.js', '/_app/immutable/workers/docs.worker-0ld0ld.js']) {
		await page.evaluate((url) => {
			const saved = JSON.parse(localStorage.getItem('yixian:boot-modules')!);
			localStorage.setItem('yixian:boot-modules', JSON.stringify({ ...saved, rowsWorker: url }));
		}, stale);
		const release = await holdApp(page);
		await page.reload({ waitUntil: 'domcontentloaded' });
		await expect(page.locator('#boot-frame [role=list] [role=listitem]')).toHaveText([/东门路灯不亮/]);
		await release();
		await expect(page.getByLabel('搜索内容、地点、责任人')).toBeVisible();
		await expect(page.getByRole('list', { name: '驻点工作台账' }).getByRole('listitem')).toHaveText([/东门路灯不亮/]);
		expect(await page.evaluate(() => performance.getEntriesByName('yx:rows-worker').map((m) => (m as PerformanceMark).detail))).toEqual(['app']);
		// And the start keeps this build's address again.
		await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('yixian:boot-modules') ?? '{}').rowsWorker)).toMatch(/ledger-rows\.worker-(?!0ld0ld)/);
	}
});
