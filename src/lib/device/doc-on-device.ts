// Whether a document is on the device, asked without Yjs and without creating its database: for
// what the app shell and a station's frame decide before any document is loaded (issue 11).
import { remote, StoreError } from './doc-registry';

/** Each document's database: `yixian:` and the document's name (y-indexeddb's layout). */
export const DB_PREFIX = 'yixian:';
/** y-indexeddb's key-value store, where doc-store.ts also keeps the outbox (unsent changes). */
export const CUSTOM = 'custom';
export const OUTBOX = 'outbox:';
export const outboxRange = () => IDBKeyRange.bound(OUTBOX, OUTBOX + '\uffff');

/**
 * Opens a document's database only if it exists (null otherwise): counting must never re-create a
 * database that `forgetDoc` deleted a moment ago.
 */
export function openExistingDocDb(name: string): Promise<IDBDatabase | null> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(name);
		let absent = false;
		req.onupgradeneeded = (event) => {
			if (event.oldVersion === 0) {
				absent = true;
				req.transaction?.abort();
			}
		};
		req.onsuccess = () => resolve(req.result);
		req.onerror = (event) => {
			if (absent) {
				event.preventDefault();
				resolve(null);
			} else reject(req.error);
		};
		req.onblocked = () => reject(new StoreError('blocked'));
	});
}

/**
 * The records of one store (in `range`) of the document `name`'s database, counted without creating
 * it: 0 when the database or the store does not exist.
 */
async function countStored(name: string, store: string, range?: IDBKeyRange): Promise<number> {
	const db = await openExistingDocDb(DB_PREFIX + name);
	if (!db) return 0;
	try {
		if (!db.objectStoreNames.contains(store)) return 0;
		return await new Promise<number>((resolve, reject) => {
			const req = db.transaction([store], 'readonly').objectStore(store).count(range);
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
	} finally {
		// Never held open: a forget must be able to delete the database at once.
		db.close();
	}
}

/** Whether the document `name` has any update stored on the device (false when its database does not exist). */
export async function hasStoredUpdates(name: string): Promise<boolean> {
	return (await countStored(name, 'updates')) > 0;
}

/**
 * Unsent changes of a document not opened on this page, counted from its outbox records without
 * loading it (a restart offline still shows every unsent change). 0 for a document not on the device.
 */
export async function countUnsent(name: string): Promise<number> {
	const dbs = (await indexedDB.databases?.()) ?? [];
	if (!dbs.some((d) => d.name === DB_PREFIX + name)) return 0;
	return countStored(name, CUSTOM, outboxRange());
}

/** Names of every document database on this device (for erasing them all), and of those open here. */
export async function deviceDocNames(): Promise<string[]> {
	const dbs = (await indexedDB.databases?.()) ?? [];
	const names = new Set(dbs.map((d) => d.name ?? '').filter((n) => n.startsWith(DB_PREFIX)).map((n) => n.slice(DB_PREFIX.length)));
	for (const name of remote.keys()) names.add(name);
	return [...names];
}
