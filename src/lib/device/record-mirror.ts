// A worker-held document's record map as the page holds it (docs-client.ts): plain records, kept
// as the worker tells them, read by views like a LiveMap (`values`, `get`), with Svelte told of
// each change. No Yjs: the document itself stays in the worker.
import { createSubscriber } from 'svelte/reactivity';

export class RecordMirror<T extends { id: string }> {
	#map = new Map<string, T>();
	#list: T[] | null = null;
	#listeners = new Set<() => void>();
	#track = createSubscriber((update) => {
		this.#listeners.add(update);
		return () => this.#listeners.delete(update);
	});
	/** Told of every change after the load (the visit log's counts). */
	onChange: (() => void) | null = null;

	get values(): T[] {
		this.#track();
		return (this.#list ??= [...this.#map.values()]);
	}

	get(id: string): T | undefined {
		this.#track();
		return this.#map.get(id);
	}

	get size(): number {
		this.#track();
		return this.#map.size;
	}

	/** Records put and deleted; `tell` false while the load fills it (nobody shows it yet). */
	apply(put: readonly T[], deleted: readonly string[], tell: boolean): void {
		for (const record of put) this.#map.set(record.id, record);
		for (const id of deleted) this.#map.delete(id);
		this.#list = null;
		if (!tell) return;
		for (const update of this.#listeners) update();
		this.onChange?.();
	}
}
