// A station's documents leaving the device. They live in the documents' worker (docs.worker.ts):
// each is stored under its own name in y-indexeddb's format (an auto-increment `updates` store of
// Yjs updates, a `custom` store), loaded there and written by its DocStore (doc-store.ts: committed
// before "saved"). Forgetting one has the worker let go of it, then deletes its database.
import { docNames } from '$lib/domain/station';
import { listeners } from './doc-registry';
import { DB_PREFIX } from './doc-on-device';
import { closeRemote } from './docs-client';

// The registry of open documents lives in doc-registry.ts (no worker: the app shell reads it).
export { allStored, failedStores, onDocLost, onDocs, retryStore, stored, storedNow, StoreError, WriteOnce } from './doc-registry';

/** Removes a station's documents from this device (after the user confirmed, or when its rights ended). */
export async function forgetDocs(stationId: string): Promise<void> {
	for (const name of Object.values(docNames(stationId))) await forgetDoc(name);
}

export async function forgetDoc(name: string): Promise<void> {
	// Told even when not open here: live sync stops counting its unsent changes.
	for (const listener of listeners) listener(name, null, null);
	// The documents' worker lets go of its connection first: the deletion would wait for it.
	await closeRemote(name);
	await deleteDb(DB_PREFIX + name);
}

/** Deletes a database and waits until it is gone. */
function deleteDb(name: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.deleteDatabase(name);
		req.onsuccess = () => resolve();
		req.onerror = () => reject(req.error);
	});
}
