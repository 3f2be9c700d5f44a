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
	let chunks: Uint8Array[];
	try {
		chunks = await split(updates);
	} catch (error) {
		// No worker (a browser without module workers, the script not loadable): the old single task.
		console.warn('Splitting the stored document failed; applying it whole', error);
		chunks = updates;
	}
	performance.mark?.('yx:split', { detail: { doc: doc.guid, chunks: chunks.length, bytes } });
	await applySliced(doc, chunks, origin);
}

async function applySliced(doc: Y.Doc, chunks: (Uint8Array | null)[], origin: unknown) {
	let i = 0;
	while (i < chunks.length) {
		const since = performance.now();
		Y.transact(
			doc,
			() => {
				while (i < chunks.length) {
					Y.applyUpdate(doc, chunks[i]!, origin);
					chunks[i++] = null;
					if (performance.now() - since >= SLICE_MS) break;
				}
			},
			origin,
			false
		);
		if (i < chunks.length) await yieldToMain();
	}
}

let worker: Worker | null = null;
let idle: ReturnType<typeof setTimeout> | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (chunks: Uint8Array[]) => void; reject: (error: Error) => void }>();

function chunker(): Worker {
	clearTimeout(idle);
	if (worker) return worker;
	const w = new Worker(new URL('./doc-chunks.worker.ts', import.meta.url), { type: 'module' });
	w.onmessage = (event: MessageEvent<ChunkReply>) => {
		const reply = event.data;
		const call = waiting.get(reply.id);
		waiting.delete(reply.id);
		if ('chunks' in reply) call?.resolve(reply.chunks);
		else call?.reject(new Error(reply.error));
		if (waiting.size === 0) idle = setTimeout(stop, IDLE_MS);
	};
	w.onerror = (event) => {
		event.preventDefault();
		const error = new Error(event.message || 'worker failed');
		for (const call of waiting.values()) call.reject(error);
		waiting.clear();
		stop();
	};
	return (worker = w);
}

function stop() {
	worker?.terminate();
	worker = null;
}

/** The updates split into causal chunks by the worker (the originals stay here, for the fallback). */
function split(updates: Uint8Array[]): Promise<Uint8Array[]> {
	return new Promise((resolve, reject) => {
		const id = nextId++;
		waiting.set(id, { resolve, reject });
		try {
			chunker().postMessage({ id, updates } satisfies ChunkRequest);
		} catch (error) {
			waiting.delete(id);
			reject(error as Error);
		}
	});
}
