// The documents open on this page and who is told about them, without Yjs itself: the app shell
// (the (app) layout, device health) reads this, while opening a document (station-docs.ts, with
// Yjs and the IndexedDB writer) loads only once a station is opened.
import type * as Y from 'yjs';
import type { DocStore } from './doc-store';

/** Longest wait for a commit before a save is reported as failed (it normally takes milliseconds). */
const STORE_TIMEOUT_MS = 8000;

/** The device could not store a change (storage cleared, full, or the connection closing). */
export class StoreError extends Error {}

export interface OpenDoc {
	doc: Y.Doc;
	/** The document's database, once opened. */
	db: IDBDatabase | null;
	ready: Promise<Y.Doc>;
	/** Set once loaded: the document's writes and its unsent changes. */
	store: DocStore | null;
	/** Being removed from the device: nobody is told it loaded. */
	forgotten?: true;
}

/** One entry per document name for the life of the page (station-docs.ts adds them). */
export const open = new Map<string, OpenDoc>();

/** A document the documents' worker holds (docs-client.ts): its store, seen from the page. */
export interface RemoteDocHandle {
	readonly name: string;
	/** Resolves once the worker has loaded it and the page has its records. */
	readonly ready: Promise<void>;
	readonly unsent: number;
	/** Null until loaded. */
	readonly storeState: 'ok' | 'failed' | 'recovering' | null;
	whenStored(): Promise<void>;
	retry(): Promise<void>;
	onChange(listener: () => void): () => void;
}

/** Worker-held documents by name (docs-client.ts adds them). */
export const remote = new Map<string, RemoteDocHandle>();
/** Told when a worker-held document has loaded. */
export const remoteListeners = new Set<(name: string, handle: RemoteDocHandle) => void>();

/** Live sync and device health hook in here, as onDocs, for the documents the worker holds. */
export function onRemoteDocs(listener: (name: string, handle: RemoteDocHandle) => void): () => void {
	remoteListeners.add(listener);
	for (const [name, handle] of remote) void handle.ready.then(() => remote.get(name) === handle && listener(name, handle), () => {});
	return () => remoteListeners.delete(listener);
}

/** Told when a document has loaded from IndexedDB (`doc`), and when it is removed (`null`). */
export type DocListener = (name: string, doc: Y.Doc | null, store: DocStore | null) => void;
export const listeners = new Set<DocListener>();
/** Told when a document's database was cut off under the page (storage cleared while open). */
export const lostListeners = new Set<(name: string) => void>();

/** Live sync hooks in here: it attaches to each document once it has loaded, and to those already loaded. */
export function onDocs(listener: DocListener): () => void {
	listeners.add(listener);
	for (const [name, entry] of open) void entry.ready.then((doc) => open.get(name) === entry && !entry.forgotten && listener(name, doc, entry.store));
	return () => listeners.delete(listener);
}

export function onDocLost(listener: (name: string) => void): () => void {
	lostListeners.add(listener);
	return () => lostListeners.delete(listener);
}

/**
 * Resolves when every change made to `doc` so far is committed to the device; throws StoreError
 * when one could not be (say so, and offer `retryStore`). Await it before saying "saved".
 */
export async function stored(doc: Y.Doc | RemoteDocHandle): Promise<void> {
	if ('whenStored' in doc) return inTime(doc.ready.then(() => doc.whenStored()));
	const entry = open.get(doc.guid);
	if (entry?.doc !== doc) return;
	await inTime(entry.ready.then(() => entry.store?.whenStored()));
}

/** A storage that hangs (blocked, a stuck disk) must not freeze the form: it says so, and a retry waits again. */
async function inTime(storing: Promise<unknown>): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const hung = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new StoreError('timed out')), STORE_TIMEOUT_MS)));
	try {
		await Promise.race([storing.catch((error: unknown) => Promise.reject(error instanceof StoreError ? error : new StoreError(String(error)))), hung]);
	} finally {
		clearTimeout(timer);
	}
}

/** Every open document's changes committed (before navigating away, signing out). */
export async function allStored(): Promise<void> {
	const errors: unknown[] = [];
	// A document still loading holds no change of this page (nothing is written into one before it
	// has loaded): waiting for its load would hold a tap on a busy station's ledger until the whole
	// board is parsed (issue 11).
	for (const entry of open.values()) if (entry.store) await stored(entry.doc).catch((e) => errors.push(e));
	for (const handle of remote.values()) if (handle.storeState) await stored(handle).catch((e) => errors.push(e));
	if (errors.length) throw errors[0];
}

/** Writes every document whose last write failed again, whole. */
export async function retryStore(): Promise<void> {
	for (const entry of open.values()) if (entry.store && entry.store.state !== 'ok') await entry.store.retry();
	for (const handle of remote.values()) if (handle.storeState && handle.storeState !== 'ok') await handle.retry();
}

/** Documents whose changes could not be stored right now. */
export function failedStores(): string[] {
	const failed = [...open].filter(([, e]) => e.store?.state === 'failed').map(([name]) => name);
	return [...failed, ...[...remote].filter(([, handle]) => handle.storeState === 'failed').map(([name]) => name)];
}
