// Loads a document from the device without a long task (issue 11). A small document is applied at
// once, in one transaction, as y-indexeddb did. A big one (a busy station's board or visit log,
// megabytes) is read and split off the main thread into small updates in causal order (doc-chunks.ts,
// in a Web Worker) and applied a slice of about SLICE_MS at a time, giving the main thread back
// between slices: the page answers taps while it hydrates. Nobody sees the document before it has loaded
// whole (station-docs.ts: `ready`), and nothing writes it before then, so no edit can interleave.
import * as Y from 'yjs';
import { yieldToMain } from '$lib/perf';
import type { ChunkBody, ChunkReply, ChunkRequest } from './doc-chunks.worker';
import { readUpdates } from './doc-updates';

/** Below this many stored bytes the document is applied at once: starting a worker would cost more. */
export const SPLIT_BYTES = 64 * 1024;
/** Longest stretch of applying chunks before the main thread is given back. */
const SLICE_MS = 10;
/** An idle worker is let go after this long (its module, with Yjs, is a megabyte or two of heap). */
const IDLE_MS = 10_000;

/**
 * Loads a document's stored updates (`db`, its y-indexeddb database) into `doc`, `origin` marking
 * the transactions. One that was big at its last load on this device is read by the worker itself
 * (megabytes taken in, then copied to the worker, were a task of 0.4 s on the main thread at
 * 50,000 entries, CPU ×4) and applied in slices as it splits it; any other is read here, and split
 * off the worker if it has grown big. A split load leaves a `yx:split` performance mark (detail:
 * the document, its chunks, bytes, and whether the worker read it).
 */
/** The updates applied in one transaction (a small document, or the fallback for a big one). */
function applyWhole(doc: Y.Doc, updates: Uint8Array[], origin: unknown): void {
	Y.transact(doc, () => updates.forEach((u) => Y.applyUpdate(doc, u, origin)), origin, false);
}

export async function loadStored(doc: Y.Doc, db: IDBDatabase, origin: unknown): Promise<void> {
	if (typeof Worker === 'undefined' || (bytesAtLastLoad(db.name) ?? 0) < SPLIT_BYTES) return applyStored(doc, db.name, await readUpdates(db), origin);
	try {
		const stream = request({ db: db.name, splitAbove: SPLIT_BYTES });
		const chunks = await applyStream(doc, stream, origin);
		const bytes = stream.bytes ?? 0;
		keepBytes(db.name, bytes);
		// Under the split size the worker sent the updates back as they were: not a split load.
		if (bytes >= SPLIT_BYTES) performance.mark?.('yx:split', { detail: { doc: doc.guid, chunks, bytes, read: 'worker' } });
	} catch (error) {
		// No worker, or it could not read or split: read here and applied whole, over what was applied
		// (Yjs skips what it already has).
		console.warn('Loading the stored document off the main thread failed; loading it here', error);
		applyWhole(doc, await readUpdates(db), origin);
	}
}

/** Applies stored updates read here: at once when small, else split off the main thread and applied in slices. */
async function applyStored(doc: Y.Doc, name: string, updates: Uint8Array[], origin: unknown): Promise<void> {
	const bytes = updates.reduce((sum, u) => sum + u.byteLength, 0);
	keepBytes(name, bytes);
	if (bytes < SPLIT_BYTES || typeof Worker === 'undefined') return applyWhole(doc, updates, origin);
	try {
		const chunks = await applyStream(doc, request({ updates }), origin);
		performance.mark?.('yx:split', { detail: { doc: doc.guid, chunks, bytes } });
	} catch (error) {
		// No worker (a browser without module workers, the script not loadable, the worker failed):
		// the stored updates whole, on top of what was applied (Yjs skips what it already has).
		console.warn('Splitting the stored document failed; applying it whole', error);
		applyWhole(doc, updates, origin);
	}
}

// How big each big document was at its last load on this device (bytes, by database name), so
// that the next load knows to have the worker read it. Only sizes: no content, no station's name.
const SIZES = 'yixian:doc-bytes';

let known: Record<string, number> | null = null;

/** The kept sizes, read from localStorage once per page (this page is the only one to change them). */
function sizes(): Record<string, number> {
	if (known) return known;
	try {
		const kept = JSON.parse(localStorage.getItem(SIZES) ?? '{}');
		known = kept && typeof kept === 'object' ? kept : {};
	} catch {
		known = {};
	}
	return known!;
}

function bytesAtLastLoad(name: string): number | null {
	if (typeof localStorage === 'undefined') return null;
	const bytes = sizes()[name];
	return typeof bytes === 'number' ? bytes : null;
}

/** Keeps a big document's size for its next load (a small one's is not kept). */
function keepBytes(name: string, bytes: number): void {
	if (typeof localStorage === 'undefined') return;
	const all = sizes();
	const keep = bytes >= SPLIT_BYTES ? bytes : undefined;
	if (all[name] === keep) return;
	if (keep === undefined) delete all[name];
	else all[name] = keep;
	try {
		localStorage.setItem(SIZES, JSON.stringify(all));
	} catch {
		/* a hint: without it, the document is read here */
	}
}

/** A document gone from the device: its size goes too. */
export function forgetBytes(name: string): void {
	keepBytes(name, 0);
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
	/** What the stored updates came to, with the last chunks. */
	bytes?: number;
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
			if (reply.bytes !== undefined) stream.bytes = reply.bytes;
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

/**
 * Asks the worker for a document's chunks (of the updates given, or read from its database),
 * streamed as it makes them.
 */
function request(body: ChunkBody): Stream {
	const id = nextId++;
	const stream: Stream = { chunks: [], done: false, error: null, wake: null };
	streams.set(id, stream);
	try {
		chunker().postMessage({ ...body, id } satisfies ChunkRequest);
	} catch (error) {
		streams.delete(id);
		stream.error = error as Error;
	}
	return stream;
}
