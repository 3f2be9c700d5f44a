// The documents' worker's side of a visit log (issue 11): it loads what the device holds and tells
// the page every record, stores the page's edits as local changes (an outbox record each, so they
// are sent and counted unsent), tells the page what others changed but not its own edits back, and
// lets go of its database so that it can be deleted.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DB_PREFIX, countUnsent } from './doc-on-device';
import { DocStore, openDocDb } from './doc-store';
import type { FromWorker } from './docs-protocol';
import { HostedDoc } from './hosted-doc';

const visit = (id: string, household: string) => ({ id, household, visitor: '王干部', date: '2026-11-02', address: '', peopleMet: 1, notes: '', createdAt: 1 });

/** A visit log stored on the device as the page's DocStore writes it. */
async function storeLog(name: string, count: number): Promise<void> {
	const doc = new Y.Doc({ guid: name });
	const db = await openDocDb(DB_PREFIX + name);
	const store = await DocStore.attach(DB_PREFIX + name, doc, db);
	doc.transact(() => {
		for (let i = 0; i < count; i++) doc.getMap('visits').set(`v${i}`, visit(`v${i}`, `住户${i}`));
		doc.getMap('ties').set('t1', { id: 't1', name: '困难户', visitor: '王干部' });
	});
	await store.whenStored();
	store.destroy();
}

function host(name: string) {
	const told: FromWorker[] = [];
	const hosted = new HostedDoc(name, (m) => told.push(m));
	const loaded = () => told.some((m) => m.type === 'loaded');
	const records = (part: string, initial: boolean) =>
		told.flatMap((m) => (m.type === 'records' && m.part === part && m.initial === initial ? m.put : [])).map(([key]) => key);
	return { hosted, told, loaded, records };
}

const deleted = (name: string) =>
	new Promise<string>((resolve) => {
		const req = indexedDB.deleteDatabase(name);
		req.onsuccess = () => resolve('deleted');
		req.onblocked = () => resolve('blocked');
	});

describe('a document held by the documents’ worker', () => {
	it('tells the page every stored record, a few hundred to a message, before it says loaded', async () => {
		await storeLog('visits:a', 1000);
		const { hosted, told, loaded, records } = host('visits:a');
		await hosted.ready;
		await expect.poll(loaded).toBe(true);
		expect(records('visits', true)).toHaveLength(1000);
		expect(records('ties', true)).toEqual(['t1']);
		const pages = told.filter((m) => m.type === 'records' && m.part === 'visits');
		expect(pages.length).toBeGreaterThan(1);
		expect(told.findIndex((m) => m.type === 'loaded')).toBeGreaterThan(told.lastIndexOf(pages.at(-1)!));
		await hosted.close();
	});

	it('stores the page’s edit as a local change, unsent until acknowledged, and does not tell it back', async () => {
		await storeLog('visits:b', 2);
		const { hosted, told, records } = host('visits:b');
		await hosted.ready;
		hosted.put('visits', visit('new', '新住户'));
		await hosted.stored();
		expect(hosted.doc.getMap('visits').get('new')).toMatchObject({ household: '新住户' });
		expect(records('visits', false)).toEqual([]);
		// One more than the seed's own (written locally too, never acknowledged).
		expect(told.filter((m) => m.type === 'store').map((m) => (m.type === 'store' ? m.unsent : -1))).toEqual([1, 2]);
		await hosted.close();
		expect(await countUnsent('visits:b')).toBe(2);
		// Loaded again (the next page): the edit is on the device.
		const again = host('visits:b');
		await again.hosted.ready;
		expect(again.records('visits', true)).toContain('new');
		await again.hosted.close();
	});

	it('tells the page what another writer changed, and refuses a part the document does not have', async () => {
		await storeLog('visits:c', 1);
		const { hosted, records, told } = host('visits:c');
		await hosted.ready;
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(hosted.doc));
		peer.getMap('visits').set('peer', visit('peer', '邻居家'));
		peer.getMap('visits').delete('v0');
		Y.applyUpdate(hosted.doc, Y.encodeStateAsUpdate(peer), 'relay');
		expect(records('visits', false)).toEqual(['peer']);
		expect(told.some((m) => m.type === 'records' && m.deleted.includes('v0'))).toBe(true);
		hosted.put('entries', visit('x', 'y'));
		expect(hosted.doc.share.has('entries')).toBe(false);
		await hosted.close();
	});

	it('lets go of its database when closed, so the page can delete it', async () => {
		await storeLog('visits:d', 1);
		const { hosted } = host('visits:d');
		await hosted.ready;
		await hosted.close();
		expect(await deleted(DB_PREFIX + 'visits:d')).toBe('deleted');
	});

	// Any opener without a version (a probe, another tab's check) makes an empty database at version 1
	// when none is there: the document's must still load and store, not fail on missing stores.
	it('loads and stores a document whose database was made empty by another opener', async () => {
		await new Promise<void>((resolve, reject) => {
			const req = indexedDB.open(DB_PREFIX + 'visits:e');
			req.onsuccess = () => (req.result.close(), resolve());
			req.onerror = () => reject(req.error);
		});
		const { hosted, loaded } = host('visits:e');
		await hosted.ready;
		await expect.poll(loaded).toBe(true);
		hosted.put('visits', visit('kept', '新住户'));
		await hosted.store!.whenStored();
		await hosted.close();
		const again = host('visits:e');
		await again.hosted.ready;
		expect(again.records('visits', true)).toEqual(['kept']);
		await again.hosted.close();
	});
});
