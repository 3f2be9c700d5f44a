// The page's side of the documents' worker (docs.worker.ts, docs-protocol.ts): one worker per page,
// started when the first worker-held document opens, and a RemoteDoc per such document for the
// page's views, its store's state (unsent changes, failures) and its link (state/remote-link.ts).
// No Yjs here: the page holds the document's records as plain objects.
import { listeners as docListeners, lostListeners, remote, remoteListeners, type RemoteDocHandle } from './doc-registry';
import type { StoreState } from './doc-store';
import type { DocRecord, FromWorker, ToWorker } from './docs-protocol';
import { RecordMirror } from './record-mirror';

type Ask = Extract<ToWorker, { seq: number }>;
type Handler = (message: FromWorker) => void;

let worker: Worker | null = null;
let nextSeq = 1;
const replies = new Map<number, { resolve: (value: Uint8Array | undefined) => void; reject: (error: Error) => void }>();
const handlers = new Map<string, Handler>();

function theWorker(): Worker {
	if (worker) return worker;
	const w = new Worker(new URL('./docs.worker.ts', import.meta.url), { type: 'module', name: 'docs' });
	w.onmessage = (event: MessageEvent<FromWorker>) => {
		const m = event.data;
		if (m.type === 'reply') {
			const waiting = replies.get(m.seq);
			replies.delete(m.seq);
			if (m.error !== undefined) waiting?.reject(new Error(m.error));
			else waiting?.resolve(m.value);
		} else handlers.get(m.name)?.(m);
	};
	w.onerror = (event) => {
		event.preventDefault();
		console.warn('The documents’ worker failed', event.message);
		// Its documents are opened afresh, in a new worker, at the next look.
		w.terminate();
		worker = null;
		for (const waiting of replies.values()) waiting.reject(new Error(event.message || 'worker failed'));
		replies.clear();
		for (const handler of handlers.values()) handler({ type: 'loaded', name: '', error: 'worker failed' });
		// Its documents are gone with it: live sync drops their links, and a view's edit is not sent
		// to a worker that does not hold them. What was stored stays on the device for the next load.
		for (const [name, doc] of remote) {
			(doc as RemoteDoc).closed = true;
			for (const listener of docListeners) listener(name, null, null);
		}
		remote.clear();
		handlers.clear();
	};
	return (worker = w);
}

export function send(message: Exclude<ToWorker, { seq: number }>): void {
	theWorker().postMessage(message);
}

export function ask(message: Omit<Ask, 'seq'>): Promise<Uint8Array | undefined> {
	const seq = nextSeq++;
	return new Promise((resolve, reject) => {
		replies.set(seq, { resolve, reject });
		theWorker().postMessage({ ...message, seq } as Ask);
	});
}

/** A document the worker holds, as the page sees it. */
export class RemoteDoc implements RemoteDocHandle {
	readonly ready: Promise<void>;
	unsent = 0;
	storeState: StoreState | null = null;
	/** Let go of (forgotten from the device): a view still holding it writes nothing. */
	closed = false;
	#listeners = new Set<() => void>();
	#parts = new Map<string, RecordMirror<DocRecord>>();
	/** Told of every message about this document (link, closes). */
	readonly handlers = new Set<Handler>();

	constructor(readonly name: string) {
		this.ready = new Promise((resolve, reject) => {
			handlers.set(name, (m) => {
				if (m.type === 'loaded') return m.error === undefined ? resolve() : reject(new Error(m.error));
				if (m.type === 'records') this.part(m.part).apply(m.put, m.deleted, !m.initial);
				else if (m.type === 'store') {
					this.unsent = m.unsent;
					this.storeState = m.state;
					for (const listener of this.#listeners) listener();
				} else if (m.type === 'lost') for (const listener of lostListeners) listener(name);
				for (const handler of this.handlers) handler(m);
			});
		});
		send({ type: 'open', name });
		this.ready.then(
			() => remote.get(name) === this && remoteListeners.forEach((listener) => listener(name, this)),
			() => {
				// Could not load (the worker failed, the database could not be opened): tried afresh at the next look.
				if (remote.get(name) !== this) return;
				remote.delete(name);
				handlers.delete(name);
			}
		);
	}

	onChange(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** A record map of the document, as the worker last told it (and this page's own edits). */
	part<T extends { id: string }>(name: string): RecordMirror<T> {
		let mirror = this.#parts.get(name);
		if (!mirror) this.#parts.set(name, (mirror = new RecordMirror<DocRecord>()));
		return mirror as unknown as RecordMirror<T>;
	}

	/** Puts a record whole: shown at once, stored by the worker (await `whenStored` before "saved"). */
	put(part: string, record: DocRecord): void {
		if (this.closed) return;
		this.part(part).apply([record], [], true);
		send({ type: 'put', name: this.name, part, record });
	}

	delete(part: string, id: string): void {
		if (this.closed) return;
		this.part(part).apply([], [id], true);
		send({ type: 'delete', name: this.name, part, id });
	}

	async whenStored(): Promise<void> {
		await ask({ type: 'stored', name: this.name });
	}

	async retry(): Promise<void> {
		await ask({ type: 'retry', name: this.name });
	}

	/** The document's whole state, as one Yjs update. */
	async encode(): Promise<Uint8Array> {
		return (await ask({ type: 'encode', name: this.name }))!;
	}
}

/** One RemoteDoc per worker-held document for the life of the page. */
export function openRemote(name: string): RemoteDoc {
	let doc = remote.get(name) as RemoteDoc | undefined;
	if (!doc) remote.set(name, (doc = new RemoteDoc(name)));
	return doc;
}

/** The worker lets go of the document (the page deletes its database next). */
export async function closeRemote(name: string): Promise<void> {
	const doc = remote.get(name) as RemoteDoc | undefined;
	if (doc) doc.closed = true;
	remote.delete(name);
	handlers.delete(name);
	if (doc || worker) await ask({ type: 'close', name }).catch(() => {});
}
