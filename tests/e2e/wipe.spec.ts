// A wipe is noticed: the browser clears the app's IndexedDB (as under storage pressure, or a
// person clearing site data) while the app is closed and while it is open. The app says what was
// lost and what the server still has, recovers from the server (or from the open page), and saves
// on without page errors or duplicates, also when a write to the device's own databases is refused.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { baseURL } from './chromium';
import { holdBoardDocument } from './hold-board';
import { projectionRecords } from './projection-store';
import { cuttableSync, type SyncCut } from './sync-cut';
import { admin } from './world';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'wipe-pass-2024';
const STATION = '安居社区';
const cadre = { phone: '13500000001', name: '郑干部' };

let context: BrowserContext;
let page: Page;
const errors: string[] = [];
const warnings: string[] = [];
let sockets: SyncCut = { cut: false };

const syncState = (p: Page) => p.getByRole('banner').getByTestId('sync-state');
const entry = (p: Page, content: string) => p.getByRole('listitem').filter({ hasText: content });
const stationId = (p: Page) => /\/station\/([0-9a-z]+)/.exec(p.url())![1];

/** The station's projection on disk: whether its digest claims rows, the rows in its pages, the entries its journal notes. */
async function projectionOnDisk(p: Page) {
	const id = stationId(p);
	const [digest] = await projectionRecords<{ rowsAt: number }>(p, 'digests', id);
	const pages = await projectionRecords<{ rows: { content: string }[] }>(p, 'pages', id, 'station');
	const journal = await projectionRecords<{ row?: { content: string } }>(p, 'journal', id, 'station');
	return {
		claimed: !!digest?.rowsAt,
		paged: pages.flatMap((page) => page.rows.map((r) => r.content)).sort(),
		noted: journal.map((n) => n.row?.content)
	};
}

/**
 * An init script: while window.cutDeviceDb is set, the device's and the projection's databases
 * refuse every transaction as a connection the browser has cut does, before the page has heard of
 * it (between a wipe and the connection's close event).
 */
function cutDeviceDatabases() {
	const transaction = IDBDatabase.prototype.transaction;
	IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
		if ((window as unknown as { cutDeviceDb?: boolean }).cutDeviceDb && ['yixian-device', 'yixian-projection'].includes(this.name)) {
			throw new DOMException("Failed to execute 'transaction' on 'IDBDatabase': The database connection is closing.", 'InvalidStateError');
		}
		return transaction.apply(this, args);
	} as IDBDatabase['transaction'];
}

async function clearIndexedDb(p: Page) {
	const cdp = await context.newCDPSession(p);
	await cdp.send('Storage.clearDataForOrigin', { origin: new URL(baseURL()).origin, storageTypes: 'indexeddb' });
	await cdp.detach();
}

async function openStation(p: Page) {
	await p.getByRole('link', { name: new RegExp(STATION) }).click();
	await expect(p.getByRole('heading', { name: STATION })).toBeVisible();
}

async function addEntry(p: Page, content: string) {
	await p.getByRole('link', { name: '＋ 记一条' }).click();
	await p.getByLabel('问题内容').fill(content);
	await p.getByLabel('分类', { exact: true }).selectOption({ label: '基础设施' });
	await p.getByRole('button', { name: '保存', exact: true }).click();
	await expect(p.getByRole('heading', { name: STATION })).toBeVisible();
}

async function signIn(p: Page) {
	await p.goto('/signin');
	await p.getByLabel('手机号').fill(cadre.phone);
	await p.getByLabel('密码').fill(PASSWORD);
	await p.getByRole('button', { name: '登录', exact: true }).click();
	await expect(p).toHaveURL(`${baseURL()}/`);
}

test.beforeAll(async ({ browser }) => {
	test.setTimeout(180_000); // the operator's commands and sign-ins, on a loaded machine
	admin('street', 'add', '--name', '东城街道');
	const station = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', STATION, '--street', '东城街道'))![1];
	admin('person', 'add', '--role', 'member', '--phone', cadre.phone, '--name', cadre.name, '--password', PASSWORD);
	admin('team', 'add', '--station', station, '--phone', cadre.phone, '--role', 'cadre');
	context = await browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
	sockets = await cuttableSync(context);
	await context.addInitScript(holdBoardDocument);
	await context.addInitScript(cutDeviceDatabases);
	page = await context.newPage();
	page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message} ${e.stack ?? ''}`.slice(0, 600)));
	context.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
});

test.afterAll(async () => {
	await context?.close();
});

test('storage cleared while the app is closed: told what was lost, restored from the server after signing in', async () => {
	await signIn(page);
	await openStation(page);
	await addEntry(page, '已上传的记录');
	await expect(syncState(page)).toHaveText('同步状态:已同步');
	// Two changes that never reach the server.
	sockets.cut = true;
	await expect(syncState(page)).toContainText('离线');
	await addEntry(page, '未上传一');
	await addEntry(page, '未上传二');
	await expect(syncState(page)).toContainText('2 项未上传');
	// The app is closed; the browser clears its IndexedDB; the app is opened again. Closed for real:
	// a documents' worker still alive as its page closes stores its documents again into databases
	// cleared under it (as it must while the app is open: the next test), so the clear is made again
	// until none of the app's databases is left (looked at from a document of the origin that opens none).
	const blank = await context.newPage();
	await blank.goto('/icons/favicon-64.png');
	await page.goto('/icons/favicon-64.png');
	await page.close();
	const appDatabases = () => blank.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((name) => name.startsWith('yixian')));
	await expect(async () => {
		await clearIndexedDb(blank);
		await expect.poll(appDatabases, { timeout: 2000 }).toEqual([]);
	}).toPass();
	page = blank;
	page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message} ${e.stack ?? ''}`.slice(0, 600)));
	await page.goto('/');
	const notice = page.getByTestId('device-wiped');
	await expect(notice).toContainText('本机的数据被清除了');
	await expect(notice).toContainText(STATION);
	await expect(notice).toContainText('2 项修改还没上传');
	await expect(notice).toContainText('登录后会自动从服务器恢复');
	// Signed in with the network still cut: nothing of the board on the device, and the station says
	// it is being restored from the server until the board has come.
	await signIn(page);
	await openStation(page);
	await expect(page.getByTestId('restoring')).toContainText('正在从服务器恢复');
	// Offline as the phone itself knows it (no network at all): it says the restore waits for one.
	await context.setOffline(true);
	await expect(page.getByTestId('restoring')).toHaveText('本机还没有这个驻点的数据，联网后会自动从服务器恢复。');
	await context.setOffline(false);
	await expect(page.getByTestId('restoring')).toContainText('正在从服务器恢复');
	sockets.cut = false;
	await expect(entry(page, '已上传的记录')).toBeVisible();
	await expect(syncState(page)).toHaveText('同步状态:已同步');
	await expect(page.getByTestId('restoring')).toHaveCount(0);
	// Still said after a reload, until the person dismisses it.
	await page.reload();
	await expect(page.getByTestId('device-wiped')).toBeVisible();
	await page.getByRole('button', { name: '知道了' }).click();
	await expect(page.getByTestId('device-wiped')).toHaveCount(0);
	expect(errors).toEqual([]);
});

test('storage cleared while the app is open: told, nothing lost, the next save works and is not doubled', async () => {
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
	// A load's reconcile writes the projection in the background, after the list: storage is cleared
	// after this load's, not under it (a load cleared under is board-projection-wipe.spec.ts's). The
	// digest's rowsAt says which load wrote it: one written before the reload (the restore's) is not
	// this load's, which would otherwise come after the clear and write the rows again.
	const reloadedAt = await page.evaluate(() => Date.now());
	await page.reload();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
	await expect.poll(async () => (await projectionRecords<{ rowsAt: number }>(page, 'digests', stationId(page)))[0]?.rowsAt ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(reloadedAt);
	await expect.poll(() => projectionOnDisk(page), { timeout: 20_000 }).toEqual({ claimed: true, paged: ['已上传的记录'], noted: [] });
	await clearIndexedDb(page);
	await expect(page.getByTestId('device-wiped')).toContainText('本机存储刚被清除');
	await addEntry(page, '清除后记的');
	await expect(entry(page, '清除后记的')).toBeVisible();
	await expect(syncState(page)).toHaveText('同步状态:已同步');
	// The projection went with the wipe: the edit's note alone is not the ledger, so the digest
	// must not claim rows until the board's next load has written them all.
	await expect.poll(async () => (await projectionOnDisk(page)).noted).toEqual(['清除后记的']);
	expect(await projectionOnDisk(page)).toEqual({ claimed: false, paged: [], noted: ['清除后记的'] });
	// The device holds everything again: a restart offline still shows it all, once; while the
	// board is still loading, the list says it is opening rather than show the one noted entry.
	sockets.cut = true;
	await page.evaluate(() => sessionStorage.setItem('holdBoard', '1'));
	await page.reload();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
	await expect(page.getByText('正在打开台账…')).toBeVisible();
	await page.evaluate(() => (window as unknown as { releaseBoard: () => void }).releaseBoard());
	await page.evaluate(() => sessionStorage.removeItem('holdBoard'));
	await expect(entry(page, '已上传的记录')).toBeVisible();
	await expect(entry(page, '清除后记的')).toHaveCount(1);
	await expect(page.getByTestId('ledger-count')).toHaveText('2 / 2 条');
	// The load has written the projection anew (in slices, after the list shows): the next test reads it.
	await expect.poll(() => projectionOnDisk(page), { timeout: 20_000 }).toEqual({ claimed: true, paged: ['已上传的记录', '清除后记的'].sort(), noted: [] });
	expect(errors).toEqual([]);
});

test('a station whose board is still loading is not said to be restoring from the server', async () => {
	sockets.cut = false;
	await page.evaluate(() => sessionStorage.setItem('holdBoard', '1'));
	await page.reload();
	// The board is held back (a big one still parsing): the rows come from the device's projection.
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
	await expect(entry(page, '已上传的记录')).toBeVisible();
	await expect(page.getByTestId('restoring')).toHaveCount(0);
	await page.evaluate(() => (window as unknown as { releaseBoard: () => void }).releaseBoard());
	await expect(page.getByTestId('ledger-count')).toHaveText('2 / 2 条');
	await expect(page.getByTestId('restoring')).toHaveCount(0);
	await page.evaluate(() => sessionStorage.removeItem('holdBoard'));
	expect(errors).toEqual([]);
});

test('a team station opens its board only once the ledger has listed its projected rows (no background load, no restoring check before)', async () => {
	// When the page first asks the documents' worker for the board (the document's load), against the ledger's marks.
	await page.addInitScript(() => {
		const postMessage = Worker.prototype.postMessage;
		Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
			const w = window as unknown as { boardReadAt?: number };
			const m = message as { type?: string; name?: string } | null;
			if (m?.type === 'open' && m.name?.startsWith('board:')) w.boardReadAt ??= performance.now();
			return (postMessage as (...a: unknown[]) => void).call(this, message, ...rest);
		} as Worker['postMessage'];
	});
	// The projection is held back until the server has said which stations are the cadre's (after
	// which the app keeps the team's boards syncing), and the app had time to start loading them.
	await page.evaluate(() => sessionStorage.setItem('holdProjection', '1'));
	const me = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/me');
	await page.reload();
	await me;
	const boardReadAt = () => page.evaluate(() => (window as unknown as { boardReadAt?: number }).boardReadAt);
	await expect.poll(boardReadAt, { timeout: 3000 }).toBeDefined().catch(() => {});
	await page.evaluate(() => (window as unknown as { releaseBoard: () => void }).releaseBoard());
	await expect(page.getByTestId('ledger-count')).toHaveText('2 / 2 条');
	const at = await page.evaluate(async () => {
		while (!performance.getEntriesByName('yx:hydrated').length) await new Promise((r) => setTimeout(r, 20));
		return { read: (window as unknown as { boardReadAt?: number }).boardReadAt, listed: performance.getEntriesByName('yx:list-complete')[0]?.startTime };
	});
	await page.evaluate(() => sessionStorage.removeItem('holdProjection'));
	expect(at.listed).toBeDefined();
	expect(at.read).toBeGreaterThanOrEqual(at.listed!);
	await expect(page.getByTestId('restoring')).toHaveCount(0);
	expect(errors).toEqual([]);
});

test('device databases cut off under an edit (as between a wipe and its close event): the edit is kept, no page error', async () => {
	await page.evaluate(() => ((window as unknown as { cutDeviceDb: boolean }).cutDeviceDb = true));
	await addEntry(page, '断开时记的');
	await expect(entry(page, '断开时记的')).toBeVisible();
	await expect(syncState(page)).toHaveText('同步状态:已同步');
	// The writes that follow an edit (the station's counts, the projection) were tried and refused:
	// said on the console, not thrown at the page.
	await expect.poll(() => errors.length + warnings.filter((w) => w.includes('station’s counts')).length).toBeGreaterThan(0);
	await page.evaluate(() => ((window as unknown as { cutDeviceDb: boolean }).cutDeviceDb = false));
	await page.reload();
	await expect(entry(page, '断开时记的')).toBeVisible();
	await expect(page.getByTestId('ledger-count')).toHaveText('3 / 3 条');
	expect(errors).toEqual([]);
});
