// Issue 11: a busy station's ledger paints its frame and its rows from the device's projection
// (yixian-projection) before the board's Yjs document has loaded, then shows the document; the
// projection follows every edit and is reconciled with the document at each load.
import { expect, test, type Page } from '@playwright/test';
import { persistentContext } from './chromium';
import { ledgerRouteModules } from './hold-app';
import { holdBoardDocument } from './hold-board';
import { heldWhenShown, holdProjectionStore, projectionRecords } from './projection-store';
import { clockYjs, yjsEvaluatedAt } from './yjs-clock';
import { addEntry as addEntryAt, createStation } from './new-station';

test.describe.configure({ mode: 'serial' });

let page: Page;
let dispose: () => Promise<void>;
let stationUrl = '';
let stationId = '';

type Row = { id: string; content: string };

/** The projected rows of the station, read with raw IndexedDB: its pages, and over them the journal's notes since. */
async function projectedRows(): Promise<Row[]> {
	const pages = await projectionRecords<{ rows: Row[] }>(page, 'pages', stationId, 'station');
	const notes = await projectionRecords<{ id: string; row?: Row }>(page, 'journal', stationId, 'station');
	const rows = new Map(pages.flatMap((p) => p.rows).map((r) => [r.id, r]));
	for (const note of notes) {
		if (note.row) rows.set(note.id, note.row);
		else rows.delete(note.id);
	}
	return [...rows.values()].map((r) => ({ id: r.id, content: r.content }));
}

const marks = () => page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('yx:')).map((m) => [m.name, m.startTime])));

const addEntry = (content: string) => addEntryAt(page, stationUrl, content);

test.beforeAll(async () => {
	const profile = await persistentContext();
	dispose = profile.dispose;
	page = profile.context.pages()[0] ?? (await profile.context.newPage());
	await profile.context.addInitScript(holdBoardDocument);
	// When Dexie's module is evaluated: it opens its BroadcastChannel then (dexie 4's channel name).
	await profile.context.addInitScript(() => {
		const Channel = BroadcastChannel;
		const w = window as unknown as { dexieAt?: number; BroadcastChannel: typeof BroadcastChannel };
		w.BroadcastChannel = class extends Channel {
			constructor(name: string) {
				super(name);
				if (name === 'x-storagemutated-1') w.dexieAt ??= performance.now();
			}
		};
	});
	await profile.context.addInitScript(clockYjs);
	page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
});

test.afterAll(async () => {
	await dispose();
});

test('projects the ledger rows as entries are recorded', async () => {
	stationUrl = await createStation(page, '投影社区');
	stationId = stationUrl.split('/').pop()!;
	await addEntry('5号楼电梯停运');
	await addEntry('东门路灯不亮');
	await expect(page.getByTestId('ledger-count')).toHaveText('2 / 2 条');
	await expect.poll(async () => (await projectedRows()).map((r) => r.content).sort()).toEqual(['东门路灯不亮', '5号楼电梯停运'].sort());
});

test('paints the app bar and the projected rows before the document has loaded, then shows the document', async () => {
	await page.evaluate(() => sessionStorage.setItem('holdBoard', '1'));
	await page.reload();
	// The document is held back: what shows is the frame and the device's projection.
	await expect(page.getByRole('heading', { name: '投影社区' })).toBeVisible();
	await expect(page.getByTestId('ledger-count')).toHaveText('2 / 2 条');
	await expect(page.getByRole('listitem').filter({ hasText: '5号楼电梯停运' })).toBeVisible();
	await page.getByLabel('搜索内容、地点、责任人').fill('路灯');
	await expect(page.getByTestId('ledger-count')).toHaveText('1 / 2 条');
	await page.getByLabel('搜索内容、地点、责任人').fill('');
	let m = await marks();
	expect(m['yx:shell']).toBeDefined();
	expect(m['yx:first-rows']).toBeDefined();
	expect(m['yx:list-complete']).toBeDefined();
	expect(m['yx:hydrated']).toBeUndefined();
	// Nothing of Dexie before the list is complete: a start reads the device without it, and its
	// first write and live query (the projection's, the station list's) come after that view.
	const dexieAt = () => page.evaluate(() => (window as unknown as { dexieAt?: number }).dexieAt ?? null);
	await expect.poll(dexieAt).not.toBeNull();
	expect(await dexieAt()).toBeGreaterThan(m['yx:list-complete']);
	await page.evaluate(() => (window as unknown as { releaseBoard: () => void }).releaseBoard());
	await expect.poll(async () => (await marks())['yx:hydrated']).toBeDefined();
	// Nor Yjs, before or after (issue 11): the list is the projection's, the document is the
	// documents' worker's, and the page gets what it shows from there.
	expect(await yjsEvaluatedAt(page), 'Yjs evaluated on the page').toBeNull();
	m = await marks();
	expect(m['yx:shell']).toBeLessThanOrEqual(m['yx:hydrated']);
	expect(m['yx:first-rows']).toBeLessThan(m['yx:hydrated']);
	await page.evaluate(() => sessionStorage.removeItem('holdBoard'));
	// The rows are the document's now: an entry opens with its timeline.
	await page.getByRole('listitem').filter({ hasText: '东门路灯不亮' }).getByRole('link').click();
	await expect(page.locator('ol.timeline li').first()).toBeVisible();
});

test('follows an edit, and a projection that missed writes is set right at the next load', async () => {
	await page.getByRole('button', { name: '修改基本信息' }).click();
	await page.locator('#entry-content').fill('东门路灯已报修');
	await page.locator('main form button[type=submit]').click();
	await expect(page.locator('main p.content')).toHaveText('东门路灯已报修');
	await expect.poll(async () => (await projectedRows()).map((r) => r.content).sort()).toEqual(['东门路灯已报修', '5号楼电梯停运'].sort());

	// As if the tab had closed before the projection's write: one row stale, one missing, one extra
	// (and that one in a page it does not belong to, whichever that is).
	await page.evaluate(
		(station) =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('yixian-projection');
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(['pages', 'journal'], 'readwrite');
					const pages = tx.objectStore('pages');
					tx.objectStore('journal').index('station').openCursor(station).onsuccess = (e) => {
						const cursor = (e.target as IDBRequest<IDBCursorWithValue | null>).result;
						if (cursor) (cursor.delete(), cursor.continue());
					};
					const all = pages.index('station').getAll(station);
					all.onsuccess = () => {
						const held = all.result as { station: string; n: number; rows: Row[] }[];
						const a = held.flatMap((p) => p.rows)[0];
						for (const p of held) {
							const rows = p.rows.filter((r) => r.id === a.id).map((r) => ({ ...r, content: '过时的内容' }));
							if (p.rows.some((r) => r.id === a.id)) rows.push({ ...a, id: 'gone-entry', content: '已删除的条目' });
							pages.put({ ...p, rows });
						}
					};
					tx.oncomplete = () => (db.close(), resolve());
					tx.onerror = () => reject(tx.error);
				};
			}),
		stationId
	);
	await page.goto(stationUrl);
	await expect(page.getByTestId('ledger-count')).toHaveText('2 / 2 条');
	await expect.poll(async () => (await projectedRows()).map((r) => r.content).sort()).toEqual(['东门路灯已报修', '5号楼电梯停运'].sort());
	await expect(page.getByText('已删除的条目')).toHaveCount(0);
});

test('an entry tapped before the document has loaded opens at once with its row and timeline, and fills in once it has', async () => {
	// Its timeline: recorded, then noted (the note is projected as the board changes).
	await page.getByRole('listitem').filter({ hasText: '5号楼电梯停运' }).getByRole('link').click();
	await page.getByRole('button', { name: '记录进展', exact: true }).click();
	await page.locator('#a-text').fill('已联系维保单位');
	await page.locator('main form button[type=submit]').click();
	await expect(page.locator('ol.timeline li')).toHaveCount(2);
	// The note projected (in the background, as the board changes) before the page starts again.
	const projectedEvents = async () => (await projectionRecords<{ events: { text?: string }[] }>(page, 'timelines', stationId, 'station')).flatMap((t) => t.events.map((e) => e.text));
	await expect.poll(projectedEvents).toContain('已联系维保单位');
	await page.goto(stationUrl);
	await expect(page.getByTestId('ledger-count')).toHaveText('2 / 2 条');
	await page.evaluate(() => sessionStorage.setItem('holdBoard', '1'));
	await page.reload();
	await page.getByRole('listitem').filter({ hasText: '5号楼电梯停运' }).getByRole('link').click();
	// The row the ledger showed, read-only, and a note that the rest is on its way. At once: leaving
	// the ledger does not wait for the board still loading (it has nothing to store), which would
	// hold the tap until the store's 8 s timeout.
	await expect(page.getByRole('main').locator('p.content')).toHaveText('5号楼电梯停运', { timeout: 4000 });
	await expect(page.getByRole('heading', { level: 1 })).toContainText('编号');
	await expect(page.getByRole('status').filter({ hasText: '正在从本机读取' })).toBeVisible();
	// Its history as the device last projected it, newest first: read-only (no actions yet).
	await expect(page.locator('ol.timeline li')).toHaveCount(2);
	await expect(page.locator('ol.timeline li').first()).toContainText('已联系维保单位');
	await expect(page.getByRole('button', { name: '修改基本信息' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: '记录进展', exact: true })).toHaveCount(0);
	expect((await marks())['yx:hydrated']).toBeUndefined();

	await page.evaluate(() => (window as unknown as { releaseBoard: () => void }).releaseBoard());
	await expect(page.getByRole('button', { name: '修改基本信息' })).toBeVisible();
	await expect(page.locator('ol.timeline li')).toHaveCount(2);
	await expect(page.getByRole('status').filter({ hasText: '正在从本机读取' })).toHaveCount(0);
	await page.evaluate(() => sessionStorage.removeItem('holdBoard'));
});

test('an entry opened at its own address before anything has loaded (a tap on the rows the boot frame painted) opens with its projected row', async () => {
	await page.goto(stationUrl);
	const href = await page.getByRole('listitem').filter({ hasText: '5号楼电梯停运' }).getByRole('link').getAttribute('href');
	await page.evaluate(() => sessionStorage.setItem('holdBoard', '1'));
	// A new page load at the entry: the ledger never ran in it, so no row is in memory.
	await page.goto(new URL(href!, stationUrl).href);
	await expect(page.getByRole('main').locator('p.content')).toHaveText('5号楼电梯停运');
	await expect(page.getByRole('status').filter({ hasText: '正在从本机读取' })).toBeVisible();
	await expect(page.locator('ol.timeline li')).toHaveCount(2);
	expect((await marks())['yx:hydrated']).toBeUndefined();
	await page.evaluate(() => (window as unknown as { releaseBoard: () => void }).releaseBoard());
	await expect(page.getByRole('button', { name: '修改基本信息' })).toBeVisible();
	await page.evaluate(() => sessionStorage.removeItem('holdBoard'));
});

test('a projection an older app kept (one record per row) is rebuilt at the upgrade, never shown as an empty ledger', async () => {
	// Same origin, outside the app (the service worker leaves /api/ alone): nothing holds the database open.
	await page.goto(new URL('/api/', stationUrl).href);
	await page.evaluate(
		(station) =>
			new Promise<void>((resolve, reject) => {
				const gone = indexedDB.deleteDatabase('yixian-projection');
				gone.onerror = () => reject(gone.error);
				gone.onsuccess = () => {
					// Version 3 of the app's schema (Dexie's 3 is IndexedDB's 30): a digest that claims rows, and the rows.
					const open = indexedDB.open('yixian-projection', 30);
					open.onupgradeneeded = () => {
						const db = open.result;
						db.createObjectStore('rows', { keyPath: ['station', 'id'] }).createIndex('station', 'station');
						db.createObjectStore('digests', { keyPath: 'station' });
						db.createObjectStore('visits', { keyPath: 'station' });
						db.createObjectStore('timelines', { keyPath: ['station', 'id'] }).createIndex('station', 'station');
					};
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const db = open.result;
						const tx = db.transaction(['rows', 'digests'], 'readwrite');
						tx.objectStore('rows').put({ station, id: 'old-row', content: '旧版本的行', events: 1 });
						tx.objectStore('digests').put({ station, rowsAt: Date.now(), head: [], total: 2 });
						tx.oncomplete = () => (db.close(), resolve());
						tx.onerror = () => reject(tx.error);
					};
				};
			}),
		stationId
	);
	// Whatever the ledger shows while the document is held back, recorded as it shows.
	await page.evaluate(() => sessionStorage.setItem('holdBoard', '1'));
	// The modules this start needs are kept for the next (boot-modules.ts): made afresh by it.
	await page.evaluate(() => localStorage.removeItem('yixian:boot-modules'));
	await page.context().addInitScript(() => {
		new MutationObserver(() => {
			if (document.body?.textContent?.includes('台账还是空的')) sessionStorage.setItem('sawEmptyLedger', '1');
		}).observe(document, { childList: true, subtree: true, characterData: true });
	});
	await page.goto(stationUrl);
	await expect.poll(async () => (await marks())['yx:shell']).toBeDefined();
	await page.evaluate(() => (window as unknown as { releaseBoard: () => void }).releaseBoard());
	await expect(page.getByTestId('ledger-count')).toHaveText('2 / 2 条');
	expect(await page.evaluate(() => sessionStorage.getItem('sawEmptyLedger'))).toBeNull();
	await expect(page.getByText('旧版本的行')).toHaveCount(0);
	// Rebuilt from the document, in pages; the old row records are gone with their store.
	await expect.poll(async () => (await projectedRows()).map((r) => r.content).sort()).toEqual(['东门路灯已报修', '5号楼电梯停运'].sort());
	expect(await projectionRecords(page, 'rows', stationId, 'station')).toEqual([]);
	await page.evaluate(() => sessionStorage.removeItem('holdBoard'));
	// This start wrote its projection (Dexie) before its list was complete; the next, which paints
	// from that projection, is not told to ask for Dexie at once, nor for the service worker's
	// registration (workbox-window), which waits for the first view.
	const kept = async () => (await page.evaluate(() => JSON.parse(localStorage.getItem('yixian:boot-modules') ?? 'null')?.pages?.['/station/:id'] ?? null)) as string[] | null;
	await expect.poll(kept).not.toBeNull();
	const modules = (await kept())!;
	// The route's own modules among them (not only the shell's).
	expect((await ledgerRouteModules(page)).length).toBeGreaterThan(0);
	const withDexie = await page.evaluate(async (list) => {
		const texts = await Promise.all(list.map((m) => fetch(m).then((r) => r.text())));
		return list.filter((_, i) => texts[i].includes('x-storagemutated-1') || texts[i].includes('workbox:window'));
	}, modules);
	expect(withDexie).toEqual([]);
});

test('an entry the app said was saved is in the projection: a reload at once paints it before the document has loaded', async () => {
	await page.goto(`${stationUrl}/new`);
	await page.getByLabel('问题内容').fill('北门台阶破损');
	await page.getByLabel('分类', { exact: true }).selectOption({ label: '基础设施' });
	// The projection's journal is held for a second, so the app's write of the new row waits behind it.
	await holdProjectionStore(page, 'journal', 1000, { selector: 'body', text: '已记入台账' });
	await page.getByRole('button', { name: '保存并再记一条' }).click();
	await expect(page.getByText('已记入台账')).toBeVisible();
	expect(await heldWhenShown(page), 'the projection was still held when the app said saved').toBe(false);
	// Reloaded at once, the document held back: what shows is the projection, and it has the entry.
	await page.evaluate(() => sessionStorage.setItem('holdBoard', '1'));
	await page.goto(stationUrl);
	await expect(page.getByTestId('ledger-count')).toHaveText('3 / 3 条');
	await expect(page.getByRole('listitem').filter({ hasText: '北门台阶破损' })).toBeVisible();
	expect((await marks())['yx:hydrated']).toBeUndefined();
	await page.evaluate(() => (window as unknown as { releaseBoard: () => void }).releaseBoard());
	await expect.poll(async () => (await marks())['yx:hydrated']).toBeDefined();
	await expect(page.getByTestId('ledger-count')).toHaveText('3 / 3 条');
	await page.evaluate(() => sessionStorage.removeItem('holdBoard'));
});
