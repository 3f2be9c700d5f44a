// Opens a station's documents from the device. Each document is stored under its own name in
// y-indexeddb's format (an auto-increment `updates` store of Yjs updates, a `custom` store);
// doc-load.ts loads it (a big one in slices, off a worker, without a long task), DocStore writes it
// (doc-store.ts: committed before "saved"). Nothing is read or written before `ready`, so an
// unloaded (or half-loaded) document is never shown, and no edit can interleave with the load.
import * as Y from 'yjs';
import { docNames } from '$lib/domain/station';
import { forgetBytes, loadStored } from './doc-load';
import { listeners, lostListeners, open, type OpenDoc } from './doc-registry';
import { DocStore, openDocDb } from './doc-store';
import { DB_PREFIX } from './doc-on-device';
import { closeRemote } from './docs-client';
import { inWorker } from './docs-protocol';

// The registry of open documents lives in doc-registry.ts (no Yjs: the app shell reads it).
export { allStored, failedStores, onDocLost, onDocs, retryStore, stored, StoreError, type OpenDoc } from './doc-registry';

/** One Y.Doc per document name for the life of the page: every view shares it. */
export function openDoc(name: string): OpenDoc {
	let entry = open.get(name);
	if (!entry) {
		const doc = new Y.Doc({ guid: name });
		const current: OpenDoc = { doc, db: null, ready: null!, store: null };
		current.ready = (async () => {
			const db = (current.db = await openDocDb(DB_PREFIX + name));
			// Nobody listens to the document's updates while it loads: Yjs does not re-encode it.
			await loadStored(doc, db, current);
			current.store = await DocStore.attach(DB_PREFIX + name, doc, db);
			current.store.onLost = () => lostListeners.forEach((listener) => listener(name));
			if (!current.forgotten) for (const listener of listeners) listener(name, doc, current.store);
			return doc;
		})();
		entry = current;
		open.set(name, entry);
	}
	return entry;
}

export const openBoard = (stationId: string) => openDoc(docNames(stationId).board);
export const openContacts = (stationId: string) => openDoc(docNames(stationId).contacts);

/**
 * Rewrites a document's stored copy as its current state only, so what was deleted from it (and
 * garbage-collected by Yjs) is gone from the device too, not only from the screen.
 */
export async function compactDoc(name: string): Promise<void> {
	const entry = open.get(name);
	if (!entry) return;
	await entry.ready;
	await entry.store?.compact();
}

/** Removes a station's documents from this device (after the user confirmed, or when its rights ended). */
export async function forgetDocs(stationId: string): Promise<void> {
	for (const name of Object.values(docNames(stationId))) await forgetDoc(name);
}

export async function forgetDoc(name: string): Promise<void> {
	const entry = open.get(name);
	// Told even when not open here: live sync stops counting its unsent changes.
	for (const listener of listeners) listener(name, null, null);
	// The documents' worker lets go of its connection first: the deletion would wait for it.
	if (inWorker(name)) await closeRemote(name);
	if (entry) {
		entry.forgotten = true;
		await entry.ready.catch(() => {});
		if (entry.store) entry.store.destroy();
		else entry.db?.close();
		open.delete(name);
		entry.doc.destroy();
	}
	await deleteDb(DB_PREFIX + name);
	forgetBytes(DB_PREFIX + name);
}

/** Deletes a database and waits until it is gone. */
function deleteDb(name: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.deleteDatabase(name);
		req.onsuccess = () => resolve();
		req.onerror = () => reject(req.error);
	});
}
