// The documents open on this page and who is told about them, without the worker's client: the app
// shell (the (app) layout, device health) reads this, while the documents themselves are opened in
// the documents' worker (docs-client.ts adds them here) once a station is opened.

/** Longest wait for a commit before a save is reported as failed (it normally takes milliseconds). */
const STORE_TIMEOUT_MS = 8000;

/** The device could not store a change (storage cleared, full, or the connection closing). */
export class StoreError extends Error {}

/** A document the documents' worker holds (docs-client.ts): its store, seen from the page. */
export interface RemoteDocHandle {
	readonly name: string;
	/** Resolves once the worker has loaded it and the page has its values. */
	readonly ready: Promise<void>;
	readonly unsent: number;
	/** Null until loaded. */
	readonly storeState: 'ok' | 'failed' | 'recovering' | null;
	whenStored(): Promise<void>;
	retry(): Promise<void>;
	onChange(listener: () => void): () => void;
}

/** Open documents by name (docs-client.ts adds them). */
export const remote = new Map<string, RemoteDocHandle>();
/** Told when a document has loaded. */
export const remoteListeners = new Set<(name: string, handle: RemoteDocHandle) => void>();

/** Told when a document is removed from the device (`null`; forgetDoc). */
export type DocListener = (name: string, doc: null, store: null) => void;
export const listeners = new Set<DocListener>();
/** Told when a document's database was cut off under the worker (storage cleared while open). */
export const lostListeners = new Set<(name: string) => void>();

/** Live sync hooks in here: told of every document removed from the device. */
export function onDocs(listener: DocListener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** Live sync and device health hook in here: told of each document once loaded, and of those loaded already. */
export function onRemoteDocs(listener: (name: string, handle: RemoteDocHandle) => void): () => void {
	remoteListeners.add(listener);
	for (const [name, handle] of remote) void handle.ready.then(() => remote.get(name) === handle && listener(name, handle), () => {});
	return () => remoteListeners.delete(listener);
}

/**
 * Told when the documents' worker failed (docs-client.ts): every document it held was let go of,
 * and the page's layers open theirs afresh, in a new worker, from what the device stored.
 */
export const workerFailedListeners = new Set<() => void>();

export function onWorkerFailed(listener: () => void): () => void {
	workerFailedListeners.add(listener);
	return () => workerFailedListeners.delete(listener);
}

export function onDocLost(listener: (name: string) => void): () => void {
	lostListeners.add(listener);
	return () => lostListeners.delete(listener);
}

/**
 * Resolves when every change made to `doc` so far is committed to the device; throws StoreError
 * when one could not be (say so, and offer `retryStore`). Await it before saying "saved".
 */
export async function stored(doc: RemoteDocHandle): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	// A storage that hangs (blocked, a stuck disk) must not freeze the form: it says so, and a retry waits again.
	const hung = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new StoreError('timed out')), STORE_TIMEOUT_MS)));
	const storing = doc.ready.then(() => doc.whenStored());
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
	// has loaded): waiting for its load would hold a tap on a busy station's ledger (issue 11).
	for (const handle of remote.values()) if (handle.storeState) await stored(handle).catch((e) => errors.push(e));
	if (errors.length) throw errors[0];
}

/** Writes every document whose last write failed again, whole. */
export async function retryStore(): Promise<void> {
	for (const handle of remote.values()) if (handle.storeState && handle.storeState !== 'ok') await handle.retry();
}

/** Documents whose changes could not be stored right now. */
export function failedStores(): string[] {
	return [...remote].filter(([, handle]) => handle.storeState === 'failed').map(([name]) => name);
}

/**
 * Writes again, whole, every document whose last write failed, then resolves once every change made
 * to `docs` so far is on the device's disk (throws StoreError when one is not): a form's "saved".
 */
export async function storedNow(...docs: (RemoteDocHandle | undefined)[]): Promise<void> {
	if (failedStores().length) await retryStore();
	for (const doc of docs) if (doc) await stored(doc);
}

/**
 * One tap of a form's save, one write: `run(write, confirm)` writes, then waits for `confirm` (the
 * store). When the store fails the form stays, and the next `run` only confirms again: the write is
 * already in the document, so a retry never records it twice. Meanwhile (`pending`) the form shows
 * what was written and takes no change, which a retry would not write. `forget` when it is closed.
 */
export class WriteOnce {
	#written = false;

	/** Written into its document, not yet known stored. */
	get pending(): boolean {
		return this.#written;
	}

	async run(write: () => Promise<unknown>, confirm: () => Promise<unknown>): Promise<void> {
		if (!this.#written) {
			await write();
			this.#written = true;
		}
		await confirm();
		this.#written = false;
	}

	forget(): void {
		this.#written = false;
	}
}
