// Splits a big document's stored updates off the main thread (doc-chunks.ts, doc-load.ts), sending
// the chunks on in batches as they are made, so the main thread applies while this goes on.
import { chunkStream } from './doc-chunks';

export interface ChunkRequest {
	id: number;
	updates: Uint8Array[];
}
export type ChunkReply = { id: number; chunks: Uint8Array[]; done: boolean } | { id: number; error: string };

/** Longest stretch of splitting before what is made is sent on. */
const BATCH_MS = 25;

const post = (reply: ChunkReply) => (self as unknown as Worker).postMessage(reply, 'chunks' in reply ? reply.chunks.map((c) => c.buffer as ArrayBuffer) : []);

self.onmessage = (event: MessageEvent<ChunkRequest>) => {
	const { id, updates } = event.data;
	try {
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
		post({ id, chunks: batch, done: true });
	} catch (error) {
		post({ id, error: String(error) });
	}
};
