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

	#onChange = (events: YEvents) => {
		this.invalidate(events);
		for (const update of this.#listeners) update();
	};

	protected abstract invalidate(events: YEvents): void;

	destroy() {
		this.#type.unobserveDeep(this.#onChange);
	}
}

export class LiveMap<V, T> extends Live {
	#map: Y.Map<V>;
	#read: (value: V, key: string) => T;
	#cache = new Map<string, T>();
	#dirty: Set<string> | 'all' = 'all';
	#list: T[] | null = null;
	/** Keys changed while warm() reads everything in chunks: read again afterwards. */
	#changedWhileWarming: Set<string> | null = null;

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
		} else {
			for (const key of this.#dirty) {
				const value = this.#map.get(key);
				if (value === undefined) this.#cache.delete(key);
				else this.#cache.set(key, this.#read(value, key));
			}
		}
		this.#dirty = new Set();
	}

	get values(): T[] {
		this.#refresh();
		return (this.#list ??= [...this.#cache.values()]);
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
