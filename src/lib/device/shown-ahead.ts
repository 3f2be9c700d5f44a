// An edit shown before the documents' worker has made it (issue 11: a tap's edit on screen in the
// frame of the tap, not a round trip and a frame later). The page computes the value the edit will
// make with the same domain code the worker derives it with (an entry's state: domain/ledger.ts,
// `withEvent`, `withFacts`) and shows it at once; what the worker tells of that key meanwhile is
// held, not shown (it may be older than the edit: a flicker back), and shown once the edit's reply
// has come: the worker's value then, the edit's own result among what it told. An edit refused
// shows the value as it was before it.
import type { MirrorMap } from './mirror';

interface Held<T> {
	/** Edits of the key shown ahead whose replies have not come. */
	pending: number;
	/** The value the worker last told of the key (undefined: none); null: no such key. */
	told: T | null | undefined;
}

export class ShownAhead<T> {
	readonly #held = new Map<string, Held<T>>();

	/** `values`: the whole values shown (a collection's `fullPart`); `shown(key)`: whether a view still watches the key. */
	constructor(
		private readonly values: MirrorMap<T | null>,
		private readonly shown: (key: string) => boolean
	) {}

	/** Shows `value` as the key's until `edit` settles, then what the worker told meanwhile (or the value before). */
	async show<R>(key: string, value: T, edit: () => Promise<R>): Promise<R> {
		if (!this.shown(key)) return edit(); // no view shows it: nothing to show ahead
		let held = this.#held.get(key);
		if (!held) this.#held.set(key, (held = { pending: 0, told: this.values.get(key) }));
		held.pending++;
		this.values.apply([[key, value]], [], true);
		try {
			return await edit();
		} finally {
			if (--held.pending === 0) this.#settled(key, held.told);
		}
	}

	#settled(key: string, told: T | null | undefined) {
		this.#held.delete(key);
		if (!this.shown(key)) return;
		if (told === undefined) this.values.apply([], [key], true);
		else this.values.apply([[key, told]], [], true);
	}

	/** A value the worker told: kept for later, and true, while an edit of the key shown ahead is on its way. */
	hold(key: string, value: T | null): boolean {
		const held = this.#held.get(key);
		if (held) held.told = value;
		return !!held;
	}
}
