// Splits a big document's stored updates off the main thread (doc-chunks.ts, doc-load.ts), sending
// the chunks on in batches as they are made, so the main thread applies while this goes on; reads
// them from the document's database itself when asked to.
import { chunkStream } from './doc-chunks';
import { readUpdates } from './doc-updates';

/**
 * The updates to split, or the database to read them from (`db`, a document's y-indexeddb store):
 * read here, a big document's megabytes are never taken in on the main thread. Read from a database,
 * updates of fewer than `splitAbove` bytes in all come back as they are.
 */
export type ChunkBody = { updates: Uint8Array[] } | { db: string; splitAbove: number };
export type ChunkRequest = ChunkBody & { id: number };
/** `bytes`, with the last chunks: what the stored updates came to. */
export type ChunkReply = { id: number; chunks: Uint8Array[]; done: boolean; bytes?: number } | { id: number; error: string };

/** Longest stretch of splitting before what is made is sent on. */
const BATCH_MS = 25;

const post = (reply: ChunkReply) => (self as unknown as Worker).postMessage(reply, 'chunks' in reply ? reply.chunks.map((c) => c.buffer as ArrayBuffer) : []);

/** Every stored update of a document's database, in order, from a connection of this worker's own. */
function readDb(name: string): Promise<Uint8Array[]> {
	return new Promise((resolve, reject) => {
		const opening = indexedDB.open(name);
		opening.onerror = () => reject(opening.error);
		opening.onsuccess = () => {
			const db = opening.result;
			readUpdates(db).then(resolve, reject).finally(() => db.close());
		};
	});
}

self.onmessage = async (event: MessageEvent<ChunkRequest>) => {
	const request = event.data;
	const { id } = request;
	try {
		const updates = 'db' in request ? await readDb(request.db) : request.updates;
		const bytes = updates.reduce((sum, u) => sum + u.byteLength, 0);
		if ('db' in request && bytes < request.splitAbove) return post({ id, chunks: updates, done: true, bytes });
		let batch: Uint8Array[] = [];
		let since = performance.now();
		for (const chunk of chunkStream(updates)) {
			batch.push(chunk);
			if (performance.now() - since >= BATCH_MS) {
				post({ id, chunks: batch, done: false });
				batch = [];
				since = performance.now();
			}
		}
		post({ id, chunks: batch, done: true, bytes });
	} catch (error) {
		post({ id, error: String(error) });
	}
};
