// The one reactive layer between Yjs and Svelte. Views read `.values`, `.get(id)` or `.current`
// in templates and deriveds; a Yjs change (local, or merged from a peer or from IndexedDB)
// re-renders them. LiveMap re-reads only the records a transaction touched, so one edit among
// 5,000 entries costs one record, not the whole ledger.
import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';

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

	constructor(map: Y.Map<V>, read: (value: V, key: string) => T) {
		super(map);
		this.#map = map;
		this.#read = read;
	}

	protected invalidate(events: YEvents) {
		this.#list = null;
		if (this.#dirty === 'all') return;
		for (const e of events) {
			if (e.target === (this.#map as unknown)) for (const key of (e as Y.YMapEvent<V>).keysChanged) this.#dirty.add(key);
			else this.#dirty.add(String(e.path[0]));
		}
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
