// What the page holds of a document the documents' worker holds (docs-client.ts): its collections
// and small values as plain objects, kept as the worker tells them, read by views (`values`, `get`,
// `current`), with Svelte told of each change. No Yjs: the document itself stays in the worker.
import { createSubscriber } from 'svelte/reactivity';

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
	#changeListeners = new Set<(keys: readonly string[]) => void>();
	#drops = 0;

	/** How many times every value was dropped (`drop`): what was read before may be out of date since. */
	get drops(): number {
		return this.#drops;
	}

	get values(): T[] {
		this.track();
		return (this.#list ??= [...this.#map.values()]);
	}

	get(key: string): T | undefined {
		this.track();
		return this.#map.get(key);
	}

	/** Told of the keys of every change after the load (the station's counts, the projection). */
	onChange(listener: (keys: readonly string[]) => void): () => void {
		this.#changeListeners.add(listener);
		return () => this.#changeListeners.delete(listener);
	}

	/** Values put and keys deleted; `tell` false while the load fills it (nobody shows it yet). */
	apply(put: readonly (readonly [string, T])[], deleted: readonly string[], tell: boolean): void {
		const keys: string[] = [];
		for (const [key, value] of put) {
			this.#map.set(key, value);
			keys.push(key);
		}
		for (const key of deleted) {
			this.#map.delete(key);
			keys.push(key);
		}
		this.#list = null;
		if (!tell) return;
		this.tell();
		for (const listener of this.#changeListeners) listener(keys);
	}

	/** Every value dropped: those the worker told are stale (a change of more rows than the page holds); listeners told of no key. */
	drop(): void {
		this.#map.clear();
		this.#list = null;
		this.#drops++;
		this.tell();
		for (const listener of this.#changeListeners) listener([]);
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
