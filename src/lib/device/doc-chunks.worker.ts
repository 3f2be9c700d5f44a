// Splits a big document's stored updates off the main thread (doc-chunks.ts, doc-load.ts).
import { causalChunks } from './doc-chunks';

export interface ChunkRequest {
	id: number;
	updates: Uint8Array[];
}
export type ChunkReply = { id: number; chunks: Uint8Array[] } | { id: number; error: string };

self.onmessage = (event: MessageEvent<ChunkRequest>) => {
	const { id, updates } = event.data;
	let reply: ChunkReply;
	try {
		reply = { id, chunks: causalChunks(updates) };
	} catch (error) {
		reply = { id, error: String(error) };
	}
	const transfer = 'chunks' in reply ? reply.chunks.map((c) => c.buffer as ArrayBuffer) : [];
	(self as unknown as Worker).postMessage(reply, transfer);
};
