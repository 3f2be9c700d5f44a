// A document's stored updates as y-indexeddb keeps them, read by the documents' worker at a load
// (hosted-doc.ts).

/** Reads every stored update of a document's database (y-indexeddb's `updates` store), in order. */
export function readUpdates(db: IDBDatabase): Promise<Uint8Array[]> {
	return new Promise((resolve, reject) => {
		const req = db.transaction(['updates'], 'readonly').objectStore('updates').getAll();
		req.onsuccess = () => resolve(req.result as Uint8Array[]);
		req.onerror = () => reject(req.error);
	});
}
