// Checks an update against its document's rules before it is stored or forwarded (issue 8;
// docs/sync-protocol.md, "Document rules"). The update is applied to a staging copy of the room's
// document — the room's state plus the updates accepted but not yet committed — and the rules
// read what that one transaction did. A refused update leaves the staging copy spoiled: it is
// dropped and rebuilt from the room's document when next needed. The room's own copy is never
// touched by a refused update.
import * as Y from 'yjs';
import type { EntryChange, HistoryRecorder } from '../history/entry-changes';

/** A document kind's rules: a refusal reason for what one transaction did, or null. */
export type DocRules = (tr: Y.Transaction, doc: Y.Doc) => string | null;

/**
 * Time spent checking, for `npm run bench:relay` (the validation's share of the relay's CPU).
 * Wall time of a synchronous check, read from the monotonic clock: `process.cpuUsage()` is a
 * system call, and calling it twice per update cost more than the check itself (8.7 % of the
 * relay's samples at 2,000 clients). On a quiet machine the two agree; on a loaded one a check
 * that is descheduled midway counts the wait too, so the share reads high, never low.
 */
export const validationStats = { checked: 0, refused: 0, ms: 0 };
const nowMs = () => performance.now();

const CHECK = Symbol('gate');

interface Checking {
	refusal: string | null;
	changes: EntryChange[];
}

export class Gate {
	#staging: Y.Doc | null = null;
	/** Accepted, not yet in the room's document (committed at the end of this turn). */
	#pending: Uint8Array[] = [];
	/** What each admitted update did to ledger entries, until the room stores it (`history`). */
	readonly #changes = new Map<Uint8Array, EntryChange[]>();
	/** The update being checked (admit), read by the staging copy's transaction listener. */
	#checking: Checking | null = null;

	constructor(
		private readonly doc: Y.Doc,
		private readonly rules: DocRules,
		private readonly recorder: HistoryRecorder | null = null
	) {}

	/**
	 * A reason to refuse the update, or null: it is then part of the staging copy, and what it did
	 * to ledger entries is kept for the store (`history`), read from the same transaction.
	 */
	admit(update: Uint8Array): string | null {
		const started = nowMs();
		const staging = (this.#staging ??= this.#build());
		const checking: Checking = { refusal: null, changes: [] };
		this.#checking = checking;
		try {
			Y.applyUpdate(staging, update, CHECK);
		} catch {
			checking.refusal = 'could not be applied';
		} finally {
			this.#checking = null;
		}
		const { refusal, changes } = checking;
		if (refusal) this.#drop();
		else {
			this.#pending.push(update);
			if (changes.length) this.#changes.set(update, changes);
		}
		validationStats.checked++;
		if (refusal) validationStats.refused++;
		validationStats.ms += nowMs() - started;
		return refusal;
	}

	/** Reads what one checked transaction did (registered once per staging copy, not per update). */
	readonly #check = (tr: Y.Transaction) => {
		const checking = this.#checking;
		if (tr.origin !== CHECK || !checking || checking.refusal) return;
		try {
			checking.refusal = this.rules(tr, tr.doc);
			if (!checking.refusal && this.recorder) checking.changes.push(...this.recorder(tr));
		} catch (error) {
			checking.refusal = `could not be checked: ${(error as Error).message}`;
		}
	};

	/** What the admitted update did to ledger entries (handed to the store once). */
	history(update: Uint8Array): EntryChange[] | undefined {
		const changes = this.#changes.get(update);
		this.#changes.delete(update);
		return changes;
	}

	/** The accepted update is now in the room's document. */
	integrated(update: Uint8Array): void {
		const at = this.#pending.indexOf(update);
		if (at >= 0) this.#pending.splice(at, 1);
	}

	/** The accepted update will never reach the room's document (it could not be stored). */
	lost(update: Uint8Array): void {
		this.integrated(update);
		this.#changes.delete(update);
		this.#drop();
	}

	/** A change made by the server itself: not checked, but the staging copy must hold it. */
	server(update: Uint8Array): void {
		if (this.#staging) Y.applyUpdate(this.#staging, update, 'server');
	}

	destroy(): void {
		this.#drop();
		this.#pending = [];
		this.#changes.clear();
	}

	#drop(): void {
		this.#staging?.destroy();
		this.#staging = null;
	}

	#build(): Y.Doc {
		const staging = new Y.Doc();
		staging.on('afterTransaction', this.#check);
		staging.transact(() => {
			Y.applyUpdate(staging, Y.encodeStateAsUpdate(this.doc));
			for (const update of this.#pending) Y.applyUpdate(staging, update);
		});
		return staging;
	}
}
