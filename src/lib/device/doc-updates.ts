// A document's stored updates as y-indexeddb keeps them: read by the page (doc-load.ts) or by the
// worker that splits a big one (doc-chunks.worker.ts), so both read them the same way.

/** Reads every stored update of a document's database (y-indexeddb's `updates` store), in order. */
export function readUpdates(db: IDBDatabase): Promise<Uint8Array[]> {
	return new Promise((resolve, reject) => {
		const req = db.transaction(['updates'], 'readonly').objectStore('updates').getAll();
		req.onsuccess = () => resolve(req.result as Uint8Array[]);
		req.onerror = () => reject(req.error);
	});
}
