// Issue 11: a board's document is loaded, stored and synced in the documents' worker
// (src/lib/device/docs.worker.ts); the page never builds it, however big, and gets what it shows.
// The document that comes out is the whole stored one, the write path works on a big one as on a
// small one, and it loads so offline too (the worker's script comes from the service worker's cache).
import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { persistentContext } from './chromium';
import { holdBoardDocument } from './hold-board';
import { createStation } from './new-station';
import { clockYjs, yjsEvaluatedAt } from './yjs-clock';

test.describe.configure({ mode: 'serial' });

/** Entries another device recorded (a second client, a second stored update): well over 64 KiB. */
const MORE = 1200;

let page: Page;
let dispose: () => Promise<void>;
let setOffline: (offline: boolean) => Promise<void>;
let stationUrl = '';
let stationId = '';

const marks = (name: string) => page.evaluate((n) => performance.getEntriesByName(n).map((m) => (m as PerformanceMark).detail), name);
const hydrated = () => expect.poll(async () => (await marks('yx:hydrated')).length, { timeout: 60_000 }).toBeGreaterThan(0);

/** The board's stored updates, or adds one, with raw IndexedDB on the app's origin. */
function boardStore(op: 'read' | 'add', add: number[] = []): Promise<number[][]> {
	return page.evaluate(
		([name, op, add]) =>
			new Promise<number[][]>((resolve, reject) => {
				const open = indexedDB.open(name);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction('updates', op === 'add' ? 'readwrite' : 'readonly');
					const store = tx.objectStore('updates');
					const all = op === 'add' ? store.add(new Uint8Array(add)) : store.getAll();
					tx.oncomplete = () => {
						db.close();
						resolve(op === 'add' ? [] : (all.result as Uint8Array[]).map((u) => [...u]));
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		[`yixian:board:${stationId}`, op, add] as const
	);
}

test.beforeAll(async () => {
	const profile = await persistentContext();
	dispose = profile.dispose;
	setOffline = (offline) => profile.context.setOffline(offline);
	page = profile.context.pages()[0] ?? (await profile.context.newPage());
	await profile.context.addInitScript(holdBoardDocument);
	await profile.context.addInitScript(clockYjs);
	page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
});

test.afterAll(async () => {
	await dispose();
});

test('a big board loads whole in the documents’ worker, and the page evaluates no Yjs', async () => {
	test.setTimeout(120_000);
	stationUrl = await createStation(page, '大台账社区', '南关街道');
	stationId = stationUrl.split('/').pop()!;
	await expect(page.getByTestId('ledger-count')).toHaveText('0 / 0 条');

	// Another device's entries, in the board's layout, stored beside this device's own updates.
	const doc = new Y.Doc();
	for (const u of await boardStore('read')) Y.applyUpdate(doc, new Uint8Array(u));
	const before = Y.encodeStateVector(doc);
	const entries = doc.getMap<Y.Map<unknown>>('entries');
	for (let i = 0; i < MORE; i++) {
		doc.transact(() => {
			const entry = new Y.Map<unknown>();
			const id = `big-${String(i).padStart(4, '0')}`;
			entries.set(id, entry);
			for (const [key, value] of Object.entries({ id, content: `第${i}号楼下水道堵塞，居民多次反映`, place: `${i}号楼`, category: '基础设施', receivedOn: '2026-11-02', visitId: '' })) entry.set(key, value);
			entry.set('createdAt', Date.UTC(2026, 10, 2) + i);
			entry.set('createdBy', '李明');
			entry.set('timeline', Y.Array.from([{ kind: 'created', at: Date.UTC(2026, 10, 2) + i, by: '李明' }]));
		});
	}
	const update = Y.encodeStateAsUpdate(doc, before);
	expect(update.byteLength).toBeGreaterThan(64 * 1024);
	await page.goto('/');
	await boardStore('add', [...update]);

	await page.goto(stationUrl);
	await hydrated();
	await expect(page.getByTestId('ledger-count')).toHaveText(`${MORE} / ${MORE} 条`);
	expect(await yjsEvaluatedAt(page), 'Yjs evaluated on the page').toBeNull();
	// The rows beyond the screen (there for a scroll) show the search too, a frame after those in view.
	const search = page.getByLabel('搜索内容、地点、责任人');
	const list = page.getByRole('list', { name: '驻点工作台账' });
	await search.fill('第11');
	await expect(page.getByTestId('ledger-count')).toHaveText(`111 / ${MORE} 条`);
	await expect.poll(() => list.getByRole('listitem').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('第11')]));
	await expect.poll(async () => (await list.getByRole('listitem').allTextContents()).filter((row) => !row.includes('第11')).length).toBe(0);
	expect(await list.getByRole('listitem').count()).toBeGreaterThan(await list.evaluate((el) => Math.ceil(el.clientHeight / 84)));
	await search.fill('第777号楼');
	await expect(page.getByTestId('ledger-count')).toHaveText(`1 / ${MORE} 条`);
	await page.getByRole('listitem').filter({ hasText: '第777号楼' }).getByRole('link').click();
	await expect(page.locator('main p.content')).toHaveText('第777号楼下水道堵塞，居民多次反映');
});

test('an edit on a big board is stored and comes back after a reload', async () => {
	const content = page.locator('main p.content');
	const shown = await content.elementHandle();
	await page.getByRole('button', { name: '修改基本信息' }).click();
	// While its facts are edited the entry's view is out of sight and out of reach, but kept with its
	// layout (content-visibility, not display: none): a save shows it again, changed where the edit
	// changed it, rather than building and laying out the whole entry anew (issue 11).
	await expect(content).toBeHidden();
	await expect(page.getByRole('heading', { name: '办理过程' })).toHaveCount(0);
	expect(await content.evaluate((el) => getComputedStyle(el.closest('main > div')!).contentVisibility)).toBe('hidden');
	await page.locator('#entry-content').fill('第777号楼下水道已疏通');
	await page.locator('main form button[type=submit]').click();
	await expect(content).toHaveText('第777号楼下水道已疏通');
	expect(await shown!.evaluate((el) => el.isConnected && el.textContent)).toBe('第777号楼下水道已疏通');
	await page.reload();
	// The entry opens with its projected row at once; what the document stored shows once it has
	// loaded (its actions are there then).
	await expect(page.getByRole('button', { name: '修改基本信息' })).toBeVisible({ timeout: 60_000 });
	await expect(page.locator('main p.content')).toHaveText('第777号楼下水道已疏通');
	expect(await yjsEvaluatedAt(page), 'Yjs evaluated on the page').toBeNull();
});

test('offline, the worker comes from the cache and the board loads the same', async () => {
	test.setTimeout(120_000);
	await page.goto(stationUrl);
	await hydrated();
	await page.evaluate(() => navigator.serviceWorker.ready);
	await setOffline(true);
	try {
		await page.reload();
		await hydrated();
		await expect(page.getByTestId('ledger-count')).toHaveText(`${MORE} / ${MORE} 条`);
		await page.getByLabel('搜索内容、地点、责任人').fill('已疏通');
		await expect(page.getByTestId('ledger-count')).toHaveText(`1 / ${MORE} 条`);
	} finally {
		await setOffline(false);
	}
});

test('before the board has loaded, its projected rows are queried in a worker: scrolled to the end and searched, offline too', async () => {
	test.setTimeout(120_000);
	const count = page.getByTestId('ledger-count');
	await page.evaluate(() => navigator.serviceWorker.ready);
	await setOffline(true);
	await page.evaluate(() => sessionStorage.setItem('holdBoard', '1'));
	try {
		await page.reload();
		await expect(count).toHaveText(`${MORE} / ${MORE} 条`);
		expect(await marks('yx:hydrated')).toEqual([]);
		// The rows are read and queried by the ledger's rows worker (its script from the cache).
		expect(page.workers().some((w) => w.url().includes('ledger-rows.worker'))).toBe(true);
		// The rows worker was made as the app's shell was evaluated, before the app mounted (ledger-rows-start.ts).
		expect(await page.evaluate(() => ['yx:rows-worker', 'yx:shell'].map((n) => performance.getEntriesByName(n).length))).toEqual([1, 1]);
		expect(await page.evaluate(() => performance.getEntriesByName('yx:rows-worker')[0].startTime < performance.getEntriesByName('yx:shell')[0].startTime)).toBe(true);
		// The databases the boot frame opened were taken by the app's first reads (idb-peek.ts).
		expect(await page.evaluate(() => Object.keys((window as { __yxBootDatabases?: object }).__yxBootDatabases ?? { none: 1 }))).toEqual([]);
		// The page holds a window of them: scrolled to the end, it asks for the last ones.
		const list = page.getByRole('list', { name: '驻点工作台账' });
		await expect(list.getByRole('listitem').filter({ hasText: '第0号楼下水道堵塞' })).toHaveCount(0);
		await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
		await expect(list.getByRole('listitem').filter({ hasText: '第0号楼下水道堵塞' })).toBeVisible();
		await list.evaluate((el) => (el.scrollTop = 0));
		await expect(list.getByRole('listitem').filter({ hasText: '第1199号楼' })).toBeVisible();
		await page.getByLabel('搜索内容、地点、责任人').fill('第777号楼');
		await expect(count).toHaveText(`1 / ${MORE} 条`);
		await expect(list.getByRole('listitem')).toHaveText([/第777号楼下水道已疏通/]);
		await page.getByLabel('搜索内容、地点、责任人').fill('');
		await expect(count).toHaveText(`${MORE} / ${MORE} 条`);
		// The board loads: the list is its own, and the worker has gone.
		await page.evaluate(() => (window as unknown as { releaseBoard: () => void }).releaseBoard());
		await hydrated();
		await expect.poll(() => page.workers().some((w) => w.url().includes('ledger-rows.worker'))).toBe(false);
		await expect(count).toHaveText(`${MORE} / ${MORE} 条`);
	} finally {
		await page.evaluate(() => sessionStorage.removeItem('holdBoard'));
		await setOffline(false);
	}
});
