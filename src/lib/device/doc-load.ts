// Loads a document from the device without a long task (issue 11). A small document is applied at
// once, in one transaction, as y-indexeddb did. A big one (a busy station's board or visit log,
// megabytes) is split off the main thread into small updates in causal order (doc-chunks.ts, in a
// Web Worker) and applied a slice of about SLICE_MS at a time, giving the main thread back between
// slices: the page answers taps while it hydrates. Nobody sees the document before it has loaded
// whole (station-docs.ts: `ready`), and nothing writes it before then, so no edit can interleave.
import * as Y from 'yjs';
import { yieldToMain } from '$lib/perf';
import type { ChunkReply, ChunkRequest } from './doc-chunks.worker';

/** Below this many stored bytes the document is applied at once: starting a worker would cost more. */
export const SPLIT_BYTES = 64 * 1024;
/** Longest stretch of applying chunks before the main thread is given back. */
const SLICE_MS = 10;
/** An idle worker is let go after this long (its module, with Yjs, is a megabyte or two of heap). */
const IDLE_MS = 10_000;

/** Reads every stored update of a document's database (y-indexeddb's `updates` store), in order. */
export function readUpdates(db: IDBDatabase): Promise<Uint8Array[]> {
	return new Promise((resolve, reject) => {
		const req = db.transaction(['updates'], 'readonly').objectStore('updates').getAll();
		req.onsuccess = () => resolve(req.result as Uint8Array[]);
		req.onerror = () => reject(req.error);
	});
}

/**
 * Applies the stored updates to `doc`, in slices when they are big. `origin` marks the transactions.
 * A split load leaves a `yx:split` performance mark (detail: the document, its chunks, bytes).
 */
export async function applyStored(doc: Y.Doc, updates: Uint8Array[], origin: unknown): Promise<void> {
	const bytes = updates.reduce((sum, u) => sum + u.byteLength, 0);
	if (bytes < SPLIT_BYTES || typeof Worker === 'undefined') {
		Y.transact(doc, () => updates.forEach((u) => Y.applyUpdate(doc, u, origin)), origin, false);
		return;
	}
	try {
		const chunks = await applyStream(doc, split(updates), origin);
		performance.mark?.('yx:split', { detail: { doc: doc.guid, chunks, bytes } });
	} catch (error) {
		// No worker (a browser without module workers, the script not loadable, the worker failed):
		// the stored updates whole, on top of what was applied (Yjs skips what it already has).
		console.warn('Splitting the stored document failed; applying it whole', error);
		Y.transact(doc, () => updates.forEach((u) => Y.applyUpdate(doc, u, origin)), origin, false);
	}
}

/** Chunks as the worker sends them: applied a slice at a time, waiting for more when none is left. */
async function applyStream(doc: Y.Doc, stream: Stream, origin: unknown): Promise<number> {
	let i = 0;
	for (;;) {
		if (i === stream.chunks.length) {
			if (stream.error) throw stream.error;
			if (stream.done) break;
			await new Promise<void>((wake) => (stream.wake = wake));
			continue;
		}
		const since = performance.now();
		Y.transact(
			doc,
			() => {
				while (i < stream.chunks.length) {
					Y.applyUpdate(doc, stream.chunks[i]!, origin);
					stream.chunks[i++] = null;
					if (performance.now() - since >= SLICE_MS) break;
				}
			},
			origin,
			false
		);
		if (i < stream.chunks.length) await yieldToMain();
	}
	return i;
}

interface Stream {
	chunks: (Uint8Array | null)[];
	done: boolean;
	error: Error | null;
	/** Set while the main thread waits for more chunks. */
	wake: (() => void) | null;
}

let worker: Worker | null = null;
let idle: ReturnType<typeof setTimeout> | undefined;
let nextId = 1;
const streams = new Map<number, Stream>();

function chunker(): Worker {
	clearTimeout(idle);
	if (worker) return worker;
	const w = new Worker(new URL('./doc-chunks.worker.ts', import.meta.url), { type: 'module' });
	w.onmessage = (event: MessageEvent<ChunkReply>) => {
		const reply = event.data;
		const stream = streams.get(reply.id);
		if (!stream) return;
		if ('chunks' in reply) {
			stream.chunks.push(...reply.chunks);
			stream.done = reply.done;
		} else stream.error = new Error(reply.error);
		if (stream.done || stream.error) streams.delete(reply.id);
		if (streams.size === 0) idle = setTimeout(stop, IDLE_MS);
		wakeUp(stream);
	};
	w.onerror = (event) => {
		event.preventDefault();
		for (const stream of streams.values()) {
			stream.error = new Error(event.message || 'worker failed');
			wakeUp(stream);
		}
		streams.clear();
		stop();
	};
	return (worker = w);
}

function wakeUp(stream: Stream) {
	const wake = stream.wake;
	stream.wake = null;
	wake?.();
}

function stop() {
	worker?.terminate();
	worker = null;
}

/** The updates split into causal chunks by the worker, streamed (the originals stay here, for the fallback). */
function split(updates: Uint8Array[]): Stream {
	const id = nextId++;
	const stream: Stream = { chunks: [], done: false, error: null, wake: null };
	streams.set(id, stream);
	try {
		chunker().postMessage({ id, updates } satisfies ChunkRequest);
	} catch (error) {
		streams.delete(id);
		stream.error = error as Error;
	}
	return stream;
}
