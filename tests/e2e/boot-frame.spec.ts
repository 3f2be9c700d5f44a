// Issue 11: before the app's JavaScript has loaded, a station's page already shows its app bar and
// tabs, and a ledger its top rows where its list shows them (src/boot-frame.js, from what the app
// last showed there); the app replaces that frame when it mounts (at a ledger, when its own rows
// show), does a tap on it that came too early, and pages that are not a station's tab pages get none.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { holdApp, ledgerRouteModules } from './hold-app';
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

test('a station page paints its app bar and tabs before the app has loaded', async () => {
	stationUrl = new URL(await createStation(page, '框架社区')).pathname;

	const release = await holdApp(page);
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

test('the app mounts its page under the frame out of layout, and shows it at the next frame', async () => {
	// Its first style and layout then come in a frame's own task, not inside the start task, where
	// SvelteKit's focus reset and scroll read would force them.
	const release = await holdApp(page);
	await page.reload({ waitUntil: 'domcontentloaded' });
	await expect(page.locator('#boot-frame h1')).toHaveText('框架社区');
	await page.evaluate(() => {
		const w = window as unknown as { seenAtMount?: { hidden: boolean; display: string } };
		const app = document.querySelector<HTMLElement>('body > div:not(#boot-frame)')!;
		new MutationObserver((_, observer) => {
			if (!app.querySelector('header.app-bar')) return;
			observer.disconnect();
			w.seenAtMount = { hidden: document.documentElement.classList.contains('yx-boot'), display: getComputedStyle(app).display };
		}).observe(app, { childList: true, subtree: true });
	});
	await release();
	await expect(page.getByLabel('搜索内容、地点、责任人')).toBeVisible();
	expect(await page.evaluate(() => (window as unknown as { seenAtMount?: unknown }).seenAtMount)).toEqual({ hidden: true, display: 'none' });
	expect(await page.evaluate(() => document.documentElement.classList.contains('yx-boot'))).toBe(false);
});

test('each tab page paints its own title, with its tab current', async () => {
	await page.goto(`${stationUrl}/ideas`);
	await expect(page.getByRole('heading', { name: /金点子/ })).toBeVisible();
	const release = await holdApp(page);
	await page.reload({ waitUntil: 'domcontentloaded' });
	await expect(page.locator('#boot-frame h1')).toHaveText('金点子 · 框架社区');
	await expect(page.locator('#boot-frame a[aria-current="page"]')).toHaveText('金点子');
	await release();
	await expect(page.locator('#boot-frame')).toHaveCount(0);
});

test('pages that are not a tab page get no frame', async () => {
	await page.goto(`${stationUrl}/new`);
	await expect(page.getByLabel('问题内容')).toBeVisible();
	const release = await holdApp(page);
	await page.reload({ waitUntil: 'domcontentloaded' });
	await expect(page.locator('body')).toBeAttached();
	expect(await page.locator('#boot-frame').count()).toBe(0);
	// And what the app keeps for the frame holds no page but the station's tab pages.
	const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('yixian:boot') ?? '{}'));
	expect(Object.keys(kept.bars).sort()).toEqual([stationUrl, `${stationUrl}/ideas`].sort());
	await release();
	await expect(page.getByLabel('问题内容')).toBeVisible();
});

test('a tab page the app has not shown on this device yet paints the frame its tab names', async () => {
	// The visit log was never opened here: no bar of its own is kept, but the station's tabs are.
	const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('yixian:boot') ?? '{}'));
	expect(kept.bars[`${stationUrl}/visits`]).toBeUndefined();
	const release = await holdApp(page);
	await page.goto(`${stationUrl}/visits`, { waitUntil: 'domcontentloaded' });
	const frame = page.locator('#boot-frame');
	await expect(frame.locator('h1')).toHaveText('走访 · 框架社区');
	await expect(frame.getByRole('link', { name: '返回' })).toHaveAttribute('href', stationUrl);
	await expect(frame.locator('a[aria-current="page"]')).toHaveText('走访');
	await release();
	await expect(frame).toHaveCount(0);
	// The app's own bar says what the frame said.
	await expect(page.locator('header h1')).toHaveText('走访 · 框架社区');
});

test('a ledger paints its top rows before the app has loaded, where its list shows them', async () => {
	await page.goto(stationUrl);
	await addEntry(page, stationUrl, '北门岗亭漏雨');
	await addEntry(page, stationUrl, '3号楼楼道灯不亮');
	const appRow = page.getByRole('listitem').filter({ hasText: '北门岗亭漏雨' });
	await expect(appRow).toBeVisible();
	await expect.poll(() => page.evaluate((at) => JSON.parse(localStorage.getItem('yixian:boot') ?? '{}').rows?.[at]?.items.length, stationUrl)).toBe(2);
	const where = await appRow.boundingBox();

	const release = await holdApp(page);
	await page.reload({ waitUntil: 'domcontentloaded' });
	const rows = page.locator('#boot-frame [role=list] [role=listitem]');
	await expect(rows).toHaveText([/3号楼楼道灯不亮/, /北门岗亭漏雨/]);
	await expect(rows.nth(1).getByText('基础设施')).toBeVisible();
	await expect(page.getByLabel('搜索内容、地点、责任人')).toHaveCount(0);
	// Where the app will show it: the list does not jump when the app's own rows replace these.
	const early = await rows.nth(1).boundingBox();
	expect(Math.abs(early!.y - where!.y)).toBeLessThan(2);
	expect(Math.abs(early!.x - where!.x)).toBeLessThan(2);
	expect(await page.evaluate(() => performance.getEntriesByName('yx:first-rows').length)).toBe(1);

	await release();
	await expect(page.getByLabel('搜索内容、地点、责任人')).toBeVisible();
	await expect(page.locator('#boot-frame')).toHaveCount(0);
	// The ledger's own rows (the due card above it lists its reminders, which depend on the day).
	await expect(page.getByRole('list', { name: '驻点工作台账' }).getByRole('listitem')).toHaveText([/3号楼楼道灯不亮/, /北门岗亭漏雨/]);
	await expect(page.getByRole('heading', { name: '框架社区' })).toHaveCount(1);
	expect(await page.evaluate(() => performance.getEntriesByName('yx:first-rows').length)).toBe(1);
});

test('the bar and tabs paint in a frame of their own, before the rows', async () => {
	// Every frame's state as its animation callbacks begin (this one asked first), the first 120.
	await page.addInitScript(() => {
		const frames: [boolean, boolean][] = [];
		(window as unknown as { __frames: typeof frames }).__frames = frames;
		let n = 0;
		const look = () => {
			const frame = document.getElementById('boot-frame');
			if (frame) frames.push([!!frame.querySelector('.app-bar h1'), !!frame.querySelector('.boot-rows [role=listitem]')]);
			if (++n < 120) requestAnimationFrame(look);
		};
		requestAnimationFrame(look);
	});
	const release = await holdApp(page);
	await page.reload({ waitUntil: 'domcontentloaded' });
	await expect(page.locator('#boot-frame [role=list] [role=listitem]')).toHaveText([/3号楼楼道灯不亮/, /北门岗亭漏雨/]);
	const frames = await page.evaluate(() => (window as unknown as { __frames: [boolean, boolean][] }).__frames);
	// The first frame with the frame in it has the bar and no rows; a later one has both.
	expect(frames[0]).toEqual([true, false]);
	expect(frames).toContainEqual([true, true]);
	await release();
	await expect(page.locator('#boot-frame')).toHaveCount(0);
});

test('a tap on a row before the app has loaded shows its entry at once, at its address, and the app takes it over', async () => {
	// Kept with the rows once the board had loaded: each top row's entry as its page first shows it.
	const keptEntries = () => page.evaluate((at) => Object.keys(JSON.parse(localStorage.getItem('yixian:boot') ?? '{}').rows?.[at]?.entries?.items ?? {}).length, stationUrl);
	await expect.poll(keptEntries).toBe(2);
	const release = await holdApp(page);
	// Opened afresh (as from the home screen): its history entry holds nothing of the router's.
	await page.goto('/manifest.webmanifest');
	await page.goto(stationUrl, { waitUntil: 'domcontentloaded' });
	await page.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true));
	const frame = page.locator('#boot-frame');
	const row = frame.locator('[role=listitem]').filter({ hasText: '北门岗亭漏雨' });
	await row.click();
	// The entry's card and its timeline, from what the device kept, at the entry's own address.
	await expect(page).toHaveURL(/\/entry\/[^/]+$/);
	const entryPath = new URL(page.url()).pathname;
	await expect(frame.locator('main p.content')).toHaveText('北门岗亭漏雨');
	await expect(frame.locator('main ol.timeline li')).toHaveCount(1);
	await expect(frame.getByRole('heading', { level: 1 })).toHaveText(/^编号 /);
	await expect(frame.getByRole('link', { name: '返回' })).toHaveAttribute('href', stationUrl);
	await expect(frame.locator('[role=listitem]')).toHaveCount(0);
	// Back, still before the app: the rows again, where they were.
	await page.goBack();
	expect(new URL(page.url()).pathname).toBe(stationUrl);
	await expect(row).toBeVisible();
	await expect(frame.locator('main')).toHaveCount(0);
	// The frame's own back link does the same.
	await row.click();
	await expect(frame.locator('main p.content')).toHaveText('北门岗亭漏雨');
	await frame.getByRole('link', { name: '返回' }).click();
	await expect(row).toBeVisible();
	expect(new URL(page.url()).pathname).toBe(stationUrl);
	await row.click();
	expect(new URL(page.url()).pathname).toBe(entryPath);

	await release();
	// The app's own entry page at that address: the frame gone, the page not reloaded.
	await expect(page.getByRole('button', { name: '修改基本信息' })).toBeVisible();
	await expect(frame).toHaveCount(0);
	await expect(page.locator('main p.content')).toHaveText('北门岗亭漏雨');
	expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
	// Back is the app's ledger.
	await page.goBack();
	await expect(page.getByLabel('搜索内容、地点、责任人')).toBeVisible();
	expect(new URL(page.url()).pathname).toBe(stationUrl);
	await expect(page.locator('main p.content')).toHaveCount(0);
	expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
});

test('a tap on a row once the router has begun shows its entry until the router opens it', async () => {
	await page.goto(stationUrl);
	await expect(page.getByRole('list', { name: '驻点工作台账' }).getByRole('listitem')).toHaveCount(2);
	// The most top-level headings a reader of the page could reach at once (not hidden, not inert),
	// at every change of the page: the frame's entry lies over the app's ledger until the router has
	// opened the entry, and only one of the two may be read meanwhile.
	await page.addInitScript(() => {
		const w = window as unknown as { __mostHeadings: number };
		w.__mostHeadings = 0;
		new MutationObserver(() => {
			const shown = [...document.querySelectorAll('h1')].filter((h) => !h.closest('[inert],[aria-hidden=true]')).length;
			w.__mostHeadings = Math.max(w.__mostHeadings, shown);
		}).observe(document, { subtree: true, childList: true, attributes: true });
	});
	// The router has started (and read the address) but the ledger's route has not loaded.
	const route = await ledgerRouteModules(page);
	const release = await holdApp(page, (url) => route.includes(url.pathname));
	await page.reload({ waitUntil: 'domcontentloaded' });
	await page.waitForFunction(() => (window as { __yxBootLate?: boolean }).__yxBootLate === true);
	await page.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true));
	const frame = page.locator('#boot-frame');
	await frame.locator('[role=listitem]').filter({ hasText: '北门岗亭漏雨' }).click();
	await expect(frame.locator('main p.content')).toHaveText('北门岗亭漏雨');
	// The address is the router's to change.
	expect(new URL(page.url()).pathname).toBe(stationUrl);

	await release();
	await expect(page).toHaveURL(/\/entry\//);
	await expect(page.getByRole('button', { name: '修改基本信息' })).toBeVisible();
	await expect(frame).toHaveCount(0);
	expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
	expect(await page.evaluate(() => (window as unknown as { __mostHeadings: number }).__mostHeadings)).toBe(1);
	await page.goBack();
	await expect(page.getByLabel('搜索内容、地点、责任人')).toBeVisible();
	expect(new URL(page.url()).pathname).toBe(stationUrl);
});

test('a tap on a row whose entry the device did not keep opens it once the app is there, without a reload', async () => {
	// A device that kept the rows alone (the board had not loaded when they were kept).
	await expect.poll(() => page.evaluate(() => localStorage.getItem('yixian:boot')?.includes('"entries"'))).toBe(true);
	const release = await holdApp(page);
	await page.goto('/manifest.webmanifest');
	await page.evaluate((at) => {
		const kept = JSON.parse(localStorage.getItem('yixian:boot') ?? '{}');
		delete kept.rows[at].entries;
		localStorage.setItem('yixian:boot', JSON.stringify(kept));
	}, stationUrl);
	await page.goto(stationUrl, { waitUntil: 'domcontentloaded' });
	await page.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true));
	await page.locator('#boot-frame [role=listitem]').filter({ hasText: '北门岗亭漏雨' }).click();
	// Nothing can open it yet, and nothing else happened: the same page, still waiting for the app.
	expect(new URL(page.url()).pathname).toBe(stationUrl);
	await expect(page.locator('#boot-frame [role=listitem]')).toHaveCount(2);

	await release();
	await expect(page).toHaveURL(/\/entry\//);
	await expect(page.locator('main p.content')).toHaveText('北门岗亭漏雨');
	await expect(page.locator('#boot-frame')).toHaveCount(0);
	expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
});

test('a searched list leaves the ledger\'s own top rows for the next start', async () => {
	await page.goto(stationUrl);
	await page.getByLabel('搜索内容、地点、责任人').fill('北门');
	await expect(page.getByTestId('ledger-count')).toHaveText('1 / 2 条');
	await page.waitForTimeout(600); // past the list's settling (the ledger page keeps rows 400 ms after)
	const kept = await page.evaluate((at) => JSON.parse(localStorage.getItem('yixian:boot') ?? '{}').rows?.[at]?.items.length, stationUrl);
	expect(kept).toBe(2);
});

test('an entry edited, then the ledger left or the app closed at once: the next start paints the row as edited, with its entry', async () => {
	type Kept = { items: unknown[]; entries?: { items: Record<string, { nodes: unknown }> } };
	const kept = (p: Page) => p.evaluate((at) => JSON.parse(localStorage.getItem('yixian:boot') ?? '{}').rows?.[at] as Kept | undefined, stationUrl);
	const entriesShow = (rows: Kept | undefined, text: string) => JSON.stringify(Object.values(rows?.entries?.items ?? {}).map((e) => e.nodes)).includes(text);
	/** Edits the entry's content, goes back, and runs `then` in the page the moment the edited row shows (well inside the list's 400 ms of settling). */
	const editAndLeave = async (from: string, to: string, then: string) => {
		await page.getByRole('listitem').filter({ hasText: from }).click();
		await page.getByRole('button', { name: '修改基本信息' }).click();
		await page.getByRole('textbox', { name: '问题内容' }).fill(to);
		await page.getByRole('button', { name: '保存', exact: true }).click();
		await expect(page.locator('main p.content')).toHaveText(to);
		await page.getByRole('banner').getByRole('link', { name: '返回' }).click();
		await page.evaluate(
			({ to, then }) =>
				new Promise<void>((done) => {
					const wait = () => {
						const rows = [...document.querySelectorAll('[role=list] [role=listitem]')];
						if (!rows.some((r) => r.textContent?.includes(to))) return requestAnimationFrame(wait);
						if (then) document.querySelector<HTMLAnchorElement>(then)!.click();
						done();
					};
					wait();
				}),
			{ to, then }
		);
	};

	await page.goto(stationUrl);
	await expect.poll(async () => Object.keys((await kept(page))?.entries?.items ?? {}).length).toBe(2);
	// Left for another tab as soon as the list shows the edit.
	await editAndLeave('北门岗亭漏雨', '北门岗亭漏雨已报修', 'nav.station-tabs a[href$="/visits"]');
	await expect(page).toHaveURL(/\/visits$/);
	expect(JSON.stringify((await kept(page))?.items)).toContain('北门岗亭漏雨已报修');
	expect(entriesShow(await kept(page), '北门岗亭漏雨已报修')).toBe(true);

	// The app closed as soon as the list shows the edit (the page goes hidden as it closes). Once
	// this page has kept the rows' entries itself (they are taken away first), so the keep as the
	// page goes needs nothing more to load.
	await page.evaluate((at) => {
		const boot = JSON.parse(localStorage.getItem('yixian:boot') ?? '{}');
		delete boot.rows[at].entries;
		localStorage.setItem('yixian:boot', JSON.stringify(boot));
	}, stationUrl);
	await page.goto(stationUrl);
	await expect.poll(async () => Object.keys((await kept(page))?.entries?.items ?? {}).length).toBe(2);
	await editAndLeave('北门岗亭漏雨已报修', '北门岗亭漏雨已修好', '');
	await page.close();
	page = await context.newPage();
	await page.goto('/manifest.webmanifest');
	expect(JSON.stringify((await kept(page))?.items)).toContain('北门岗亭漏雨已修好');
	expect(entriesShow(await kept(page), '北门岗亭漏雨已修好')).toBe(true);
});
