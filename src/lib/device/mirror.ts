// What the page holds of a document the documents' worker holds (docs-client.ts): its collections
// and small values as plain objects, kept as the worker tells them, read by views (`values`, `get`,
// `changedBetween`, `current`), with Svelte told of each change. No Yjs: the document itself stays
// in the worker.
import { createSubscriber } from 'svelte/reactivity';

/** Lists a MirrorMap remembers for changedBetween: a view that skipped a few still finds its own. */
const HISTORY = 4;

abstract class Tracked {
	#listeners = new Set<() => void>();
	protected track = createSubscriber((update) => {
		this.#listeners.add(update);
		return () => this.#listeners.delete(update);
	});

	protected tell() {
		for (const update of this.#listeners) update();
	}
}

export class MirrorMap<T> extends Tracked {
	#map = new Map<string, T>();
	#list: T[] | null = null;
	/** Keys changed since the last list `values` gave, each with its value in that list (undefined: not in it); 'all': everything. */
	#sinceList: Map<string, T | undefined> | 'all' = 'all';
	/** The last lists `values` gave, each with the keys changed since the one before (changedBetween). */
	#history: { from: T[] | null; to: T[]; keys: Map<string, T | undefined> | 'all' }[] = [];
	#changeListeners = new Set<(keys: readonly string[]) => void>();

	get values(): T[] {
		this.track();
		if (this.#list) return this.#list;
		const list = [...this.#map.values()];
		this.#history.push({ from: this.#history.at(-1)?.to ?? null, to: list, keys: this.#sinceList });
		if (this.#history.length > HISTORY) this.#history.shift();
		this.#sinceList = new Map();
		return (this.#list = list);
	}

	get(key: string): T | undefined {
		this.track();
		return this.#map.get(key);
	}

	/**
	 * The keys whose values changed, came or went between two lists `values` gave (`from` before
	 * `to`), each with its value as it is in `from` (undefined: not in it); null when that is not
	 * known (a list too old, or one read whole). A view derived from the list can then update what it made of `from` (resortLedger).
	 */
	changedBetween(from: readonly T[], to: readonly T[]): Map<string, T | undefined> | null {
		const keys = new Map<string, T | undefined>();
		if (from === to) return keys;
		let i = this.#history.length - 1;
		while (i >= 0 && this.#history[i].to !== to) i--;
		for (; i >= 0; i--) {
			const step = this.#history[i];
			if (step.keys === 'all') return null;
			for (const [key, was] of step.keys) keys.set(key, was);
			if (step.from === from) return keys;
		}
		return null;
	}

	/** Told of the keys of every change after the load (the station's counts, the projection). */
	onChange(listener: (keys: readonly string[]) => void): () => void {
		this.#changeListeners.add(listener);
		return () => this.#changeListeners.delete(listener);
	}

	/** Values put and keys deleted; `tell` false while the load fills it (nobody shows it yet). */
	apply(put: readonly (readonly [string, T])[], deleted: readonly string[], tell: boolean): void {
		const since = this.#sinceList;
		const keys: string[] = [];
		for (const [key, value] of put) {
			if (since !== 'all' && !since.has(key)) since.set(key, this.#map.get(key));
			this.#map.set(key, value);
			keys.push(key);
		}
		for (const key of deleted) {
			if (since !== 'all' && !since.has(key)) since.set(key, this.#map.get(key));
			this.#map.delete(key);
			keys.push(key);
		}
		this.#list = null;
		if (!tell) return;
		this.tell();
		for (const listener of this.#changeListeners) listener(keys);
	}
}

export class MirrorValue<T> extends Tracked {
	#value: T;
	#changeListeners = new Set<() => void>();

	constructor(initial: T) {
		super();
		this.#value = initial;
	}

	get current(): T {
		this.track();
		return this.#value;
	}

	onChange(listener: () => void): () => void {
		this.#changeListeners.add(listener);
		return () => this.#changeListeners.delete(listener);
	}

	set(value: T, tell: boolean): void {
		this.#value = value;
		if (!tell) return;
		this.tell();
		for (const listener of this.#changeListeners) listener();
	}
}
