// Opens a station's documents from the device. Each document is persisted by y-indexeddb under
// its own name; nothing is read before `whenSynced`, so an unloaded document is never shown as empty.
import * as Y from 'yjs';
import { IndexeddbPersistence, storeState } from 'y-indexeddb';
import { docNames } from '$lib/domain/station';

const DB_PREFIX = 'yixian:';

export interface OpenDoc {
	doc: Y.Doc;
	persistence: IndexeddbPersistence;
	ready: Promise<Y.Doc>;
}

const open = new Map<string, OpenDoc>();

/** Told when a document has loaded from IndexedDB (`doc`), and when it is removed (`null`). */
type DocListener = (name: string, doc: Y.Doc | null) => void;
const listeners = new Set<DocListener>();

/** Live sync hooks in here: it attaches to each document once it has loaded, and to those already loaded. */
export function onDocs(listener: DocListener): () => void {
	listeners.add(listener);
	for (const [name, entry] of open) void entry.ready.then((doc) => open.get(name) === entry && listener(name, doc));
	return () => listeners.delete(listener);
}

/** One Y.Doc per document name for the life of the page: every view shares it. */
export function openDoc(name: string): OpenDoc {
	let entry = open.get(name);
	if (!entry) {
		const doc = new Y.Doc({ guid: name });
		const persistence = new IndexeddbPersistence(DB_PREFIX + name, doc);
		// y-indexeddb listens for updates from the start, so Yjs re-encodes the whole stored
		// document as one update while loading, only for y-indexeddb to drop it as its own
		// (a third of the load time with 5,000 entries; npm run bench:board). Listen after loading.
		// `_storeUpdate` is y-indexeddb 9's handler, pinned in the lock file.
		const store = (persistence as unknown as { _storeUpdate: (update: Uint8Array, origin: unknown) => void })._storeUpdate;
		doc.off('update', store);
		const ready = persistence.whenSynced.then(() => {
			doc.on('update', store);
			for (const listener of listeners) listener(name, doc);
			return doc;
		});
		entry = { doc, persistence, ready };
		open.set(name, entry);
	}
	return entry;
}

export const openBoard = (stationId: string) => openDoc(docNames(stationId).board);
export const openVisitLog = (stationId: string) => openDoc(docNames(stationId).visits);
export const openContacts = (stationId: string) => openDoc(docNames(stationId).contacts);

/**
 * Rewrites a document's IndexedDB copy as its current state only, so what was deleted from it (and
 * garbage-collected by Yjs) is gone from the device too, not only from the screen.
 */
export async function compactDoc(name: string): Promise<void> {
	const entry = open.get(name);
	if (entry) await storeState(entry.persistence, true);
}

/** Removes one document from this device: its live link first, then its IndexedDB database. */
export async function forgetDoc(name: string): Promise<void> {
	const entry = open.get(name);
	if (entry) {
		open.delete(name);
		for (const listener of listeners) listener(name, null);
		await entry.persistence.clearData();
		entry.doc.destroy();
	} else if ((await indexedDB.databases?.())?.some((db) => db.name === DB_PREFIX + name) ?? true) {
		const persistence = new IndexeddbPersistence(DB_PREFIX + name, new Y.Doc());
		await persistence.whenSynced;
		await persistence.clearData();
	}
}

/** Removes a station's documents from this device (after the user confirmed, or when its rights ended). */
export async function forgetDocs(stationId: string): Promise<void> {
	for (const name of Object.values(docNames(stationId))) await forgetDoc(name);
}
