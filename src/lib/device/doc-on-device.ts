// Whether a document is on the device, asked without Yjs and without creating its database: for
// what the app shell and a station's frame decide before any document is loaded (issue 11).
import { StoreError } from './doc-registry';

/** Each document's database: `yixian:` and the document's name (y-indexeddb's layout). */
export const DB_PREFIX = 'yixian:';

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

/** Whether the document `name` has any update stored on the device (false when its database does not exist). */
export async function hasStoredUpdates(name: string): Promise<boolean> {
	const db = await openExistingDocDb(DB_PREFIX + name);
	if (!db) return false;
	try {
		if (!db.objectStoreNames.contains('updates')) return false;
		const count = await new Promise<number>((resolve, reject) => {
			const req = db.transaction(['updates'], 'readonly').objectStore('updates').count();
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		return count > 0;
	} finally {
		// Never held open: a forget must be able to delete the database at once.
		db.close();
	}
}
