// The one reactive layer between Yjs and Svelte. Views read `.values`, `.get(id)` or `.current`
// in templates and deriveds; a Yjs change (local, or merged from a peer or from IndexedDB)
// re-renders them. LiveMap re-reads only the records a transaction touched, so one edit among
// 5,000 entries costs one record, not the whole ledger.
import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import { yieldToMain } from '$lib/perf';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- observeDeep works on every Yjs type
type AnyType = Y.AbstractType<any>;
type YEvents = Y.YEvent<AnyType>[];

/** Views to tell of changes merged from elsewhere, in the task after (tellLater). */
const toTell = new Set<() => void>();

function tellViews() {
	const listeners = [...toTell];
	toTell.clear();
	for (const update of listeners) update();
}

/**
 * A change merged from elsewhere (a peer's edit from the socket, stored updates from the device)
 * reaches the views in a task of its own, after the one that merged it, with any others merged
 * before it: on a slow phone merging a peer's edit and laying out the list it changed were one task
 * of 50–250 ms at CPU ×4 at every edit of a stream (issue 11). The records are read again at once
 * (a read in between sees the change); only the views wait. This device's own edits are shown at once.
 */
function tellLater(update: () => void) {
	if (!toTell.size) setTimeout(tellViews, 0);
	toTell.add(update);
}

/** Observes a Yjs type for as long as it lives and tells Svelte when it changed. */
abstract class Live {
	#type: AnyType;
	#listeners = new Set<() => void>();
	protected track = createSubscriber((update) => {
		this.#listeners.add(update);
		return () => this.#listeners.delete(update);
	});

	constructor(type: AnyType) {
		this.#type = type;
		type.observeDeep(this.#onChange);
	}

	#onChange = (events: YEvents, transaction: Y.Transaction) => {
		this.invalidate(events);
		for (const update of this.#listeners) {
			if (transaction.local) update();
			else tellLater(update);
		}
	};

	protected abstract invalidate(events: YEvents): void;

	destroy() {
		this.#type.unobserveDeep(this.#onChange);
	}
}

/** Lists LiveMap remembers for changedBetween: a view that skipped a few still finds its own. */
const HISTORY = 4;

export class LiveMap<V, T> extends Live {
	#map: Y.Map<V>;
	#read: (value: V, key: string) => T;
	#cache = new Map<string, T>();
	#dirty: Set<string> | 'all' = 'all';
	#list: T[] | null = null;
	/** Keys changed while warm() reads everything in chunks: read again afterwards. */
	#changedWhileWarming: Set<string> | null = null;
	/** Keys read again since the last list `values` gave, each with its record in that list (undefined: not in it); 'all': everything. */
	#sinceList: Map<string, T | undefined> | 'all' = 'all';
	/** The last lists `values` gave, each with the keys read again since the one before (changedBetween). */
	#history: { from: T[] | null; to: T[]; keys: Map<string, T | undefined> | 'all' }[] = [];

	constructor(map: Y.Map<V>, read: (value: V, key: string) => T) {
		super(map);
		this.#map = map;
		this.#read = read;
	}

	protected invalidate(events: YEvents) {
		this.#list = null;
		const into = this.#dirty === 'all' ? this.#changedWhileWarming : this.#dirty;
		if (!into) return;
		for (const e of events) {
			if (e.target === (this.#map as unknown)) for (const key of (e as Y.YMapEvent<V>).keysChanged) into.add(key);
			else into.add(String(e.path[0]));
		}
	}

	/**
	 * Reads every record in chunks of about `budgetMs`, giving the main thread back between them,
	 * so the first read of thousands of records never blocks input (issue 11). Without it the first
	 * `.values` reads them all in one task, which it still does if it comes first.
	 */
	async warm(budgetMs = 8): Promise<void> {
		if (this.#dirty !== 'all' || this.#changedWhileWarming) return;
		const changed = (this.#changedWhileWarming = new Set<string>());
		const cache = new Map<string, T>();
		let since = performance.now();
		let n = 0;
		for (const key of [...this.#map.keys()]) {
			const value = this.#map.get(key);
			if (value !== undefined) cache.set(key, this.#read(value, key));
			if (++n % 32 === 0 && performance.now() - since > budgetMs) {
				await yieldToMain();
				since = performance.now();
			}
		}
		this.#changedWhileWarming = null;
		if (this.#dirty !== 'all') return; // a synchronous read came first and has everything
		this.#cache = cache;
		this.#dirty = changed;
		this.#list = null;
	}

	#refresh() {
		this.track();
		if (this.#dirty === 'all') {
			this.#cache.clear();
			this.#map.forEach((value, key) => this.#cache.set(key, this.#read(value, key)));
			this.#sinceList = 'all';
		} else {
			const since = this.#sinceList;
			for (const key of this.#dirty) {
				if (since !== 'all' && !since.has(key)) since.set(key, this.#cache.get(key));
				const value = this.#map.get(key);
				if (value === undefined) this.#cache.delete(key);
				else this.#cache.set(key, this.#read(value, key));
			}
		}
		this.#dirty = new Set();
	}

	get values(): T[] {
		this.#refresh();
		if (this.#list) return this.#list;
		const list = [...this.#cache.values()];
		this.#history.push({ from: this.#history.at(-1)?.to ?? null, to: list, keys: this.#sinceList });
		if (this.#history.length > HISTORY) this.#history.shift();
		this.#sinceList = new Map();
		return (this.#list = list);
	}

	/**
	 * The keys whose records changed, came or went between two lists `values` gave (`from` before
	 * `to`), each with its record as it is in `from` (undefined: not in it); null when that is not
	 * known (a list too old, or one read whole). A view derived from the list can then update what
	 * it made of `from` instead of making it anew (resortLedger finds each old record by its order,
	 * without going through the list).
	 */
	changedBetween(from: readonly T[], to: readonly T[]): Map<string, T | undefined> | null {
		const keys = new Map<string, T | undefined>();
		if (from === to) return keys;
		let i = this.#history.length - 1;
		while (i >= 0 && this.#history[i].to !== to) i--;
		// Newest step first: an older step's record for a key is the one further back, so it wins.
		for (; i >= 0; i--) {
			const step = this.#history[i];
			if (step.keys === 'all') return null;
			for (const [key, was] of step.keys) keys.set(key, was);
			if (step.from === from) return keys;
		}
		return null;
	}

	get(key: string): T | undefined {
		this.#refresh();
		return this.#cache.get(key);
	}
}

/** A value recomputed whole from a Yjs type whenever it, or anything inside it, changes. */
export class LiveValue<T> extends Live {
	#read: () => T;
	#value: T | undefined;
	#stale = true;

	constructor(type: AnyType, read: () => T) {
		super(type);
		this.#read = read;
	}

	protected invalidate() {
		this.#stale = true;
	}

	get current(): T {
		this.track();
		if (this.#stale) {
			this.#value = this.#read();
			this.#stale = false;
		}
		return this.#value as T;
	}
}
