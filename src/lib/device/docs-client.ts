// The page's side of the documents' worker (docs.worker.ts, docs-protocol.ts): one worker per page,
// started when the first worker-held document opens, and a RemoteDoc per such document for the
// page's views, its store's state (unsent changes, failures) and its link (state/remote-link.ts).
// No Yjs here: the page holds the document's records as plain objects.
import { listeners as docListeners, lostListeners, remote, remoteListeners, workerFailedListeners, type RemoteDocHandle } from './doc-registry';
import type { StoreState } from './doc-store';
import type { OpArgs, OpName, OpResult } from './doc-ops';
import { fullPart, type DocRecord, type FromWorker, type ToWorker } from './docs-protocol';
import { plainAsk, type RowsAsk, type RowsWindow } from './ledger-rows';
import type { EntryRow } from '$lib/domain/ledger-query';
import { MirrorMap, MirrorValue } from './mirror';
import { ShownAhead } from './shown-ahead';
import { snapshot } from './snapshot.svelte';

type Ask = Extract<ToWorker, { seq: number }>;
/** A request without its sequence number (which `ask` adds), for each kind of request. */
type Request = Ask extends infer A ? (A extends Ask ? Omit<A, 'seq'> : never) : never;
type Handler = (message: FromWorker) => void;

let worker: Worker | null = null;
let nextSeq = 1;
const replies = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
const handlers = new Map<string, Handler>();

function theWorker(): Worker {
	if (worker) return worker;
	const w = new Worker(new URL('./docs.worker.ts', import.meta.url), { type: 'module', name: 'docs' });
	w.onmessage = (event: MessageEvent<FromWorker>) => {
		const m = event.data;
		if (m.type === 'socket-open' || m.type === 'socket-send' || m.type === 'socket-close') return relaySocket(w, m);
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
		for (const ws of sockets.values()) ws.close();
		sockets.clear();
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
		// The views' layers drop what they held of them, and the pages load theirs again.
		for (const listener of workerFailedListeners) listener();
	};
	return (worker = w);
}

/** The relay sockets the worker's links use, held here (page-socket.ts): a page's socket, as any other. */
const sockets = new Map<number, WebSocket>();

export function relaySocket(w: Pick<Worker, 'postMessage'>, m: Extract<FromWorker, { type: 'socket-open' | 'socket-send' | 'socket-close' }>): void {
	const tell = (event: 'open' | 'message' | 'error' | 'close', more: { data?: ArrayBuffer; code?: number; reason?: string } = {}, transfer: Transferable[] = []) =>
		w.postMessage({ type: 'socket', id: m.id, event, ...more } satisfies ToWorker, transfer);
	if (m.type === 'socket-send') {
		// Bytes the worker sent before it heard the socket is closing (the relay ends the session at
		// sign-out; y-websocket's last awareness update follows the page's own close) would only be
		// dropped by the browser, with a console error: dropped here instead.
		const ws = sockets.get(m.id);
		if (ws?.readyState === WebSocket.OPEN) ws.send(m.data);
		return;
	}
	if (m.type === 'socket-close') {
		const ws = sockets.get(m.id);
		if (!ws) return;
		try {
			ws.close(m.code, m.reason);
		} catch {
			ws.close();
		}
		return;
	}
	let ws: WebSocket;
	try {
		ws = new WebSocket(m.url);
	} catch {
		tell('error');
		return tell('close', { code: 1006 });
	}
	ws.binaryType = 'arraybuffer';
	sockets.set(m.id, ws);
	ws.onopen = () => tell('open');
	ws.onmessage = (e: MessageEvent<ArrayBuffer | string>) => typeof e.data !== 'string' && tell('message', { data: e.data }, [e.data]);
	ws.onerror = () => tell('error');
	ws.onclose = (e) => {
		sockets.delete(m.id);
		tell('close', { code: e.code, reason: e.reason });
	};
}

export function send(message: Exclude<ToWorker, { seq: number }>): void {
	theWorker().postMessage(message);
}

export function ask(message: Request): Promise<unknown> {
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
	/** Edits this page asked for, and how many of them are known committed. */
	#edits = 0;
	#storedEdits = 0;
	#listeners = new Set<() => void>();
	#maps = new Map<string, MirrorMap<unknown>>();
	#values = new Map<string, MirrorValue<unknown>>();
	#loaded = false;
	/** Told of every message about this document (link, closes). */
	readonly handlers = new Set<Handler>();

	constructor(readonly name: string) {
		this.ready = new Promise((resolve, reject) => {
			handlers.set(name, (m) => {
				if (m.type === 'loaded') {
					this.#loaded = m.error === undefined;
					return m.error === undefined ? resolve() : reject(new Error(m.error));
				}
				if (m.type === 'records') {
					if (m.stale) this.map(m.part).drop();
					else if (m.put.length || m.deleted.length) this.map(m.part).apply(m.put, m.deleted, !m.initial);
					if (m.whole) this.#applyWhole(m.part, m.whole.put, m.whole.deleted);
				}
				else if (m.type === 'value') this.value(m.part).set(m.value, this.#loaded);
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

	/** A collection of the document (doc-shapes.ts), as the worker last told it (and this page's own records put). */
	map<T>(part: string): MirrorMap<T> {
		let mirror = this.#maps.get(part);
		if (!mirror) this.#maps.set(part, (mirror = new MirrorMap<unknown>()));
		return mirror as MirrorMap<T>;
	}

	/** A small value of the document (doc-shapes.ts), as the worker last told it: set before `ready`. */
	value<T>(part: string): MirrorValue<T> {
		let mirror = this.#values.get(part);
		if (!mirror) this.#values.set(part, (mirror = new MirrorValue<unknown>(undefined)));
		return mirror as MirrorValue<T>;
	}

	/** One of doc-ops.ts's edits, applied in the worker; its changes come back as the document's values. */
	async run<K extends OpName>(op: K, ...args: OpArgs<K>): Promise<OpResult<K>> {
		if (this.closed) throw new Error('document closed');
		const edit = ++this.#edits;
		const { value, changed } = (await ask({ type: 'run', name: this.name, op, args: snapshot(args) })) as { value: OpResult<K>; changed: boolean };
		// Nothing to commit (a clean that found nothing): known stored once every edit before it is.
		if (!changed && this.#storedEdits === edit - 1) this.#storedEdits = edit;
		return value;
	}

	/** Puts a record whole: shown at once, stored by the worker (await `whenStored` before "saved"). */
	put(part: string, record: DocRecord): void {
		if (this.closed) return;
		const plain = snapshot(record);
		this.map<DocRecord>(part).apply([[plain.id, plain]], [], true);
		this.#edits++;
		send({ type: 'put', name: this.name, part, record: plain });
	}

	delete(part: string, id: string): void {
		if (this.closed) return;
		this.map(part).apply([], [id], true);
		this.#edits++;
		send({ type: 'delete', name: this.name, part, id });
	}

	/**
	 * Resolves once every edit this page asked for is committed on the device. With none since the
	 * last commit it asks nothing: a navigation does not wait for a worker busy loading a big board.
	 */
	async whenStored(): Promise<void> {
		const edits = this.#edits;
		if (edits === this.#storedEdits && this.storeState === 'ok') return;
		await ask({ type: 'stored', name: this.name });
		this.#storedEdits = Math.max(this.#storedEdits, edits);
	}

	/**
	 * Whole values of a collection with rows (watch), a key without one (deleted, or none such) as
	 * null; one told after its last view let go of it (the worker had not heard yet) is not kept.
	 */
	#applyWhole(part: string, put: [string, unknown][], deleted: string[]) {
		const watched = this.#watching.get(part);
		const gone = deleted.map((key): [string, unknown] => [key, null]);
		const ahead = this.#ahead.get(part);
		const shown = [...put, ...gone].filter(([key, value]) => watched?.has(key) && !ahead?.hold(key, value));
		if (shown.length) this.map(fullPart(part)).apply(shown, [], true);
	}

	/** Per collection with rows, the edits of a watched key shown before the worker has made them (runAhead). */
	#ahead = new Map<string, ShownAhead<unknown>>();

	/**
	 * One of doc-ops.ts's edits of a watched key, its result (`value`, computed by the page with the
	 * domain's own code) shown at once, the worker's told once the edit's reply has come (shown-ahead.ts).
	 */
	runAhead<K extends OpName>(part: string, key: string, value: unknown, op: K, ...args: OpArgs<K>): Promise<OpResult<K>> {
		let ahead = this.#ahead.get(part);
		if (!ahead) this.#ahead.set(part, (ahead = new ShownAhead(this.map(fullPart(part)), (k) => !!this.#watching.get(part)?.has(k))));
		return ahead.show(key, value, () => this.run(op, ...args));
	}

	/** How many views watch each key of a collection with rows (watch). */
	#watching = new Map<string, Map<string, number>>();

	/**
	 * Has the worker tell this key's whole value (as the map `fullPart(part)`; null: no such key),
	 * at once and as it changes, until the returned function is called: a collection the page holds
	 * rows of (doc-shapes.ts, `row`), e.g. the entry a page shows. Let go of, the value is dropped from the page.
	 */
	watch(part: string, key: string): () => void {
		let counts = this.#watching.get(part);
		if (!counts) this.#watching.set(part, (counts = new Map()));
		counts.set(key, (counts.get(key) ?? 0) + 1);
		if (counts.get(key) === 1) this.#tellWatching(part);
		let done = false;
		return () => {
			if (done) return;
			done = true;
			const n = (counts.get(key) ?? 1) - 1;
			if (n > 0) return void counts.set(key, n);
			counts.delete(key);
			this.map(fullPart(part)).apply([], [key], false);
			this.#tellWatching(part);
		};
	}

	/**
	 * Watches a key ahead of the view that will show it (a page's load, which SvelteKit runs at a
	 * tap's press): resolves once the worker has told its whole value, or after `waitMs` (a busy
	 * worker: the view then shows what it has first). Let go of `holdMs` later: by then the view
	 * watches the key itself, or was never opened (a hover, a press that did not become a tap).
	 */
	watchAhead(part: string, key: string, waitMs: number, holdMs = 10_000): Promise<void> {
		setTimeout(this.watch(part, key), holdMs);
		const whole = this.map(fullPart(part));
		if (whole.get(key) !== undefined) return Promise.resolve();
		return new Promise((resolve) => {
			const done = () => (clearTimeout(timer), stop(), resolve());
			const stop = whole.onChange((keys) => keys.includes(key) && done());
			const timer = setTimeout(done, waitMs);
		});
	}

	#tellWatching(part: string) {
		if (!this.closed) send({ type: 'watch', name: this.name, part, keys: [...(this.#watching.get(part)?.keys() ?? [])] });
	}

	/** The window of this board's ledger list asked (hosted-list.ts); null once let go of. */
	async rows(asked: RowsAsk): Promise<RowsWindow | null> {
		if (this.closed) return null;
		return ((await ask({ type: 'rows', name: this.name, ask: plainAsk(asked) })) as RowsWindow | null) ?? null;
	}

	/** The categories this board's ledger records most, of `list`, at most `n`. */
	async frequent(list: readonly string[], n: number): Promise<string[]> {
		return this.closed ? [] : ((await ask({ type: 'frequent', name: this.name, list: [...list], n })) as string[]);
	}

	/** The rows of this board's entries raised on a visit. */
	async raised(visitId: string): Promise<EntryRow[]> {
		return this.closed ? [] : ((await ask({ type: 'raised', name: this.name, visitId })) as EntryRow[]);
	}

	/** Has the worker take this board's counts (its value `tally`) on `today`. */
	count(today: string): void {
		if (!this.closed) send({ type: 'count', name: this.name, today });
	}

	/** Lets the worker reconcile this board's projection with it (the page's first work on it is done). */
	reconcile(): void {
		if (!this.closed) send({ type: 'reconcile', name: this.name });
	}

	/** Resolves once the device's projection of this board holds every change so far (bounded in the worker). */
	async projected(): Promise<void> {
		if (!this.closed) await ask({ type: 'projected', name: this.name });
	}

	async retry(): Promise<void> {
		await ask({ type: 'retry', name: this.name });
	}

	/** The document's whole state, as one Yjs update. */
	async encode(): Promise<Uint8Array> {
		return (await ask({ type: 'encode', name: this.name })) as Uint8Array;
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
