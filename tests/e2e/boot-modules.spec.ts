// Issue 11: what a start asks for, and when. The app shell's module preloads come inert and the boot
// frame's script makes them real once its frame has painted (src/boot-frame.js), then asks for the
// modules the last start at that kind of page needed (src/lib/device/boot-modules.ts); the shell's
// styles come inside its HTML, so a ledger's or a visit log's start asks for no stylesheet.
import { expect, test, type BrowserContext, type Page, type Request, type Response } from '@playwright/test';
import { holdApp, ledgerRouteModules } from './hold-app';
import { createStation } from './new-station';

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let stationUrl = '';

test.beforeAll(async ({ browser, baseURL }) => {
	// No service worker: page.route must see the app's module requests.
	context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' });
	page = await context.newPage();
	stationUrl = new URL(await createStation(page, '模块社区')).pathname;
});

test.afterAll(async () => {
	await context.close();
});

/** `paths` served as the service worker serves an installed app's every page: the shell (this context has none). */
const servedAsShell = (paths: readonly string[], shell: string) =>
	page.route(
		(url) => paths.includes(url.pathname),
		(route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: shell })
	);

/** The station's two first pages opened in turn: its ledger, then its visit log. */
async function openLedgerThenVisits() {
	await page.goto(stationUrl);
	await expect(page.getByLabel('搜索内容、地点、责任人')).toBeVisible();
	await page.goto(`${stationUrl}/visits`);
	await expect(page.getByText('本月还没有走访记录')).toBeVisible();
}

test('the app shell’s module preloads come inert and are made real by the frame’s script', async () => {
	// The shell (the prerendered "/", which every app page boots from offline) has no frame to paint
	// first here: its preloads are made real at once.
	const shell = await (await page.request.get('/')).text();
	const inert = shell.match(/<link [^>]*rel="yx-modulepreload"/g)?.length ?? 0;
	// The shell's modules come in a few chunks (build-tools/boot-chunks.ts), each preloaded.
	expect(inert).toBeGreaterThan(3);
	expect(shell).not.toContain('rel="modulepreload"');
	// One module asked for per task: each costs the main thread a few milliseconds on a slow phone,
	// and a tap waits for the task under way (four per task held a tap up to 48 ms at CPU ×4).
	await page.addInitScript(() => {
		const batches: number[] = ((window as unknown as { __yxPreloadBatches: number[] }).__yxPreloadBatches = []);
		const isPreload = (n: Node) => n instanceof HTMLLinkElement && n.rel === 'modulepreload';
		// A MutationObserver's callback gets every mutation of a task at once (scripts' microtask checkpoint).
		new MutationObserver((records) => {
			const asked = records.filter((r) => (r.type === 'attributes' ? isPreload(r.target) : [...r.addedNodes].some(isPreload))).length;
			if (asked) batches.push(asked);
		}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['rel'] });
	});
	await page.goto('/');
	await expect(page.getByRole('button', { name: '新建驻点' })).toBeVisible();
	await expect(page.locator('link[rel="yx-modulepreload"]')).toHaveCount(0);
	expect(await page.locator('link[rel="modulepreload"]').count()).toBeGreaterThanOrEqual(inert);
	const batches = await page.evaluate(() => (window as unknown as { __yxPreloadBatches: number[] }).__yxPreloadBatches);
	expect(batches.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(inert);
	expect(Math.max(...batches)).toBe(1);
});

test('a start asks, once its frame has painted, for the modules the last start at that kind of page needed', async () => {
	type Kept = { start: string; pages: Record<string, string[]> };
	const keptModules = () => page.evaluate(() => JSON.parse(localStorage.getItem('yixian:boot-modules') ?? 'null') as Kept | null);
	await page.goto(stationUrl);
	await expect(page.getByLabel('搜索内容、地点、责任人')).toBeVisible();
	// Kept once the ledger's first view is complete: the modules it loaded, its route's among them, no worker.
	await expect.poll(async () => (await keptModules())?.pages['/station/:id']?.length ?? 0).toBeGreaterThan(2);
	const kept = (await keptModules())!;
	expect(kept.start).toMatch(/^\/_app\/immutable\/entry\/start\.[\w-]+\.js$/);
	expect(kept.pages['/station/:id'].filter((m) => m.includes('/workers/'))).toEqual([]);
	// The page as the service worker serves every app address: the prerendered shell "/", which
	// knows nothing of the route (the server's own page names the route's first modules in a Link header).
	const shell = await (await page.request.get('/')).text();
	// The route's own modules: those the shell does not name.
	const route = await ledgerRouteModules(page);
	const asked = new Set<string>();
	const onRequest = (r: Request) => asked.add(new URL(r.url()).pathname);
	page.on('request', onRequest);
	const startHeld = async () => {
		const release = await holdApp(page);
		await servedAsShell([stationUrl], shell);
		asked.clear();
		await page.reload({ waitUntil: 'domcontentloaded' });
		return release;
	};

	// The next start asks for them while the app's start module has not even arrived: not one import
	// level after another once it has.
	let release = await startHeld();
	await expect.poll(() => route.filter((m) => !asked.has(m))).toEqual([]);
	// Each module of the list it read (the last start's, which may have loaded a few more since), but the shell's.
	const read = ((await keptModules())?.pages['/station/:id'] ?? []).filter((m) => !shell.includes(`"${m}"`));
	expect(read).toEqual(expect.arrayContaining(route));
	await expect.poll(() => page.locator('link[data-boot-module]').evaluateAll((links) => links.map((l) => l.getAttribute('href')).sort())).toEqual(read.sort());
	// This start's own list, made again once its first view is complete, still holds the route's modules.
	await page.evaluate(() => localStorage.setItem('yixian:boot-modules', JSON.stringify({ ...JSON.parse(localStorage.getItem('yixian:boot-modules')!), pages: {} })));
	release();
	await expect(page.getByLabel('搜索内容、地点、责任人')).toBeVisible();
	await expect
		.poll(async () => {
			const again = (await keptModules())?.pages['/station/:id'] ?? [];
			return route.filter((m) => !again.includes(m));
		})
		.toEqual([]);

	// A list made by another build of the app is not used.
	await page.evaluate(() => {
		const kept = JSON.parse(localStorage.getItem('yixian:boot-modules')!);
		localStorage.setItem('yixian:boot-modules', JSON.stringify({ ...kept, start: '/_app/immutable/entry/start.old.js' }));
	});
	release = await startHeld();
	await expect(page.locator('#boot-frame')).toBeVisible();
	await expect(page.locator('link[rel="yx-modulepreload"]')).toHaveCount(0);
	expect(await page.locator('link[data-boot-module]').count()).toBe(0);
	expect(route.filter((m) => asked.has(m))).toEqual([]);
	release();
	await expect(page.getByLabel('搜索内容、地点、责任人')).toBeVisible();
	page.off('request', onRequest);
	await page.unrouteAll({ behavior: 'ignoreErrors' });
});

test('the shell’s styles come inside its HTML, and a ledger’s or a visit log’s start asks for no stylesheet', async () => {
	// A linked stylesheet holds the frame's script (after it in <head>) until it has loaded, and a
	// route's own stylesheets are loaded before its modules are asked for: a round trip each.
	const shell = await (await page.request.get('/')).text();
	expect(shell).toContain('<style');
	const linked = shell.match(/<link [^>]*rel="stylesheet"[^>]*>/g) ?? [];
	// SvelteKit keeps a disabled link to the inlined sheet, so that it is not loaded again.
	expect(linked.filter((link) => !link.includes(' disabled'))).toEqual([]);
	// Served as the service worker serves them (the server would put the route's styles in its HTML).
	await servedAsShell([stationUrl, `${stationUrl}/visits`], shell);
	const sheets: string[] = [];
	const seen = (request: Request) => void (request.resourceType() === 'stylesheet' && sheets.push(request.url()));
	page.on('request', seen);
	// The ledger, and the visit log, a station's other first page, likewise.
	await openLedgerThenVisits();
	page.off('request', seen);
	await page.unrouteAll({ behavior: 'ignoreErrors' });
	expect(sheets).toEqual([]);
});

test('a ledger’s or a visit log’s start fetches no file that only re-exports another, but SvelteKit’s two entry files', async () => {
	// SvelteKit's route nodes whose code is in the boot chunks are files of some ninety bytes that
	// re-export from a chunk the start has fetched already: the router imports the chunk itself
	// (build-tools/node-facades.ts), and no page names a node file for preloading (src/hooks.server.ts).
	// SvelteKit's own inline script imports its two entry files by name (its CSP hash covers it).
	const shell = await (await page.request.get('/')).text();
	const pages = [stationUrl, `${stationUrl}/visits`];
	for (const url of pages) {
		const served = await page.request.get(url);
		expect(served.headers()['link'] ?? '').not.toContain('/nodes/');
		expect(await served.text()).not.toContain('/_app/immutable/nodes/');
	}
	expect(shell).not.toContain('/_app/immutable/nodes/');
	const fetched = new Map<string, Promise<string>>();
	const onResponse = (response: Response) => {
		const { pathname } = new URL(response.url());
		if (/^\/_app\/immutable\/.+\.js$/.test(pathname)) fetched.set(pathname, response.text().catch(() => ''));
	};
	page.on('response', onResponse);
	// Each page as the server serves it, then as the service worker serves it (the shell), which also
	// asks for the modules the start before it kept (src/boot-frame.js).
	await openLedgerThenVisits();
	await servedAsShell(pages, shell);
	await openLedgerThenVisits();
	page.off('response', onResponse);
	await page.unrouteAll({ behavior: 'ignoreErrors' });
	const reexports: string[] = [];
	for (const [path, body] of fetched) {
		const code = (await body).replace(/^(\/\/[^\n]*\n)+/, '').trim();
		if (/^export\s*\{[^}]*\}\s*from\s*["'`][^"'`]+["'`];?$/.test(code)) reexports.push(path.replace(/\.[\w-]+\.js$/, ''));
	}
	expect(fetched.size).toBeGreaterThan(3);
	expect(reexports.sort()).toEqual(['/_app/immutable/entry/app', '/_app/immutable/entry/start']);
});

test('an entry opens without fetching any code: the ledger has loaded the entry page’s ahead', async () => {
	await page.goto(stationUrl);
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill('三号楼楼道灯坏了');
	await page.getByRole('button', { name: '基础设施' }).click();
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByRole('link', { name: /三号楼楼道灯坏了/ })).toBeVisible();
	// A start at the ledger: once its first view is complete, it loads the entry page's code.
	await page.goto(stationUrl);
	await page.waitForFunction(() => performance.getEntriesByName('yx:entry-code', 'mark').length > 0);
	expect(await openWithoutCode('三号楼楼道灯坏了')).toEqual([]);
	// A start at another of the station's pages, then the ledger (its board loaded already): the same.
	await page.goto(`${stationUrl}/new`);
	await expect(page.getByLabel('问题内容')).toBeVisible();
	await page.locator('header a.back').click();
	await expect(page.getByRole('link', { name: /三号楼楼道灯坏了/ })).toBeVisible();
	await page.waitForFunction(() => performance.getEntriesByName('yx:entry-code', 'mark').length > 0);
	expect(await openWithoutCode('三号楼楼道灯坏了')).toEqual([]);
});

/** Taps the ledger's row of `content` and waits for its entry page: the app's files asked for meanwhile. */
async function openWithoutCode(content: string): Promise<string[]> {
	const asked: string[] = [];
	const onRequest = (request: Request) => {
		const { pathname } = new URL(request.url());
		if (pathname.startsWith('/_app/')) asked.push(pathname);
	};
	page.on('request', onRequest);
	await page.getByRole('link', { name: new RegExp(content) }).click();
	await expect(page).toHaveURL(/\/entry\//);
	await expect(page.locator('main p.content')).toHaveText(content);
	page.off('request', onRequest);
	return asked;
}
