// Checks an update against its document's rules before it is stored or forwarded (issue 8;
// docs/sync-protocol.md, "Document rules"). The update is applied to a staging copy of the room's
// document — the room's state plus the updates accepted but not yet committed — and the rules
// read what that one transaction did. A refused update leaves the staging copy spoiled: it is
// dropped and rebuilt from the room's document when next needed. The room's own copy is never
// touched by a refused update.
//
// Only what integrates is taken. A part of an update that hangs on changes the relay does not have
// (another writer's future clocks: a deletion of them, an item placed after one) would wait inside
// Yjs and take effect in that writer's later transaction, where the rules see only what that writer
// did: a note deleted as it arrived, an honest note refused for a forged event. Such a part is
// dropped: neither stored nor forwarded. An honest client never sends one except in the moment its
// connection opens, when an edit may go out before its step 2; that step 2 then brings it whole.
import * as Y from 'yjs';
import type { EntryChange, HistoryRecorder } from '../history/entry-changes';
import { clientsOutOfOrder } from './update-order.mjs';

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
	/** The checked transaction, once it has run (read only while pending parts are taken out). */
	tr: Y.Transaction | null;
}

/** What the gate makes of an update: a refusal, or what of it to store (null: nothing integrates). */
export type Admission = { refusal: string } | { refusal: null; update: Uint8Array | null };

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
	 * A reason to refuse the update, or what of it to store: the update itself, or only the part
	 * that integrated (see above; null when none did). What is taken is then part of the staging
	 * copy, and what it did to ledger entries is kept for the store (`history`), read from the
	 * same transaction.
	 */
	admit(update: Uint8Array): Admission {
		const started = nowMs();
		const staging = (this.#staging ??= this.#build());
		const checking: Checking = { refusal: null, changes: [], tr: null };
		this.#checking = checking;
		try {
			// Taken as it is, such an update would have the compaction lose another writer's items (update-order.mjs).
			if (clientsOutOfOrder(update)) checking.refusal = 'client runs out of order (each client once, the highest first, as Yjs writes them)';
			else Y.applyUpdate(staging, update, CHECK);
		} catch {
			checking.refusal = 'could not be applied';
		} finally {
			this.#checking = null;
		}
		const { refusal, changes } = checking;
		let taken: Uint8Array | null = update;
		if (refusal) this.#drop();
		else {
			if (staging.store.pendingStructs || staging.store.pendingDs) taken = checking.tr && changedAny(checking.tr) ? integrated(staging, checking.tr.beforeState) : leftWaiting(staging);
			if (taken) {
				this.#pending.push(taken);
				if (changes.length) this.#changes.set(taken, changes);
			}
		}
		validationStats.checked++;
		if (refusal) validationStats.refused++;
		validationStats.ms += nowMs() - started;
		return refusal ? { refusal } : { refusal: null, update: taken };
	}

	/** Reads what one checked transaction did (registered once per staging copy, not per update). */
	readonly #check = (tr: Y.Transaction) => {
		const checking = this.#checking;
		if (tr.origin !== CHECK || !checking || checking.refusal) return;
		checking.tr = tr;
		try {
			checking.refusal = this.rules(tr, tr.doc);
			if (!checking.refusal && this.recorder) checking.changes.push(...this.recorder(tr));
		} catch (error) {
			checking.refusal = `could not be checked: ${(error as Error).message}`;
		}
	};

	/**
	 * The room's document with the updates accepted and not yet committed, while there are any (null:
	 * the room's document is all there is). An update is read against it before it is admitted.
	 */
	accepted(): Y.Doc | null {
		return this.#pending.length > 0 ? (this.#staging ??= this.#build()) : null;
	}

	/** The last update accepted and not yet committed: once it is, every one before it is too. */
	lastPending(): Uint8Array | undefined {
		return this.#pending.at(-1);
	}

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

	/** A fresh staging copy: the room's document (which holds nothing pending) and what was accepted since. */
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

/** Takes out of `staging` what the last update left waiting; nothing of it is taken (null). */
function leftWaiting(staging: Y.Doc): null {
	staging.store.pendingStructs = null;
	staging.store.pendingDs = null;
	return null;
}

/**
 * What of the last update integrated into `staging` (its state was `before`), the part left waiting
 * taken out of it. The delete set is the document's whole one, as in any update Yjs encodes: its
 * deletions of what integrated are in it, the rest changes nothing.
 */
function integrated(staging: Y.Doc, before: Map<number, number>): Uint8Array {
	leftWaiting(staging);
	return Y.encodeStateAsUpdate(staging, Y.encodeStateVector(before));
}

/** Whether a transaction added or deleted anything. */
function changedAny(tr: Y.Transaction): boolean {
	return tr.deleteSet.clients.size > 0 || [...tr.afterState].some(([client, clock]) => clock > (tr.beforeState.get(client) ?? 0));
}
