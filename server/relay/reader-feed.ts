// What a room sends its masked readers: the connections of people outside a station's team who
// read its board (a street leader, the office). They receive the board's text masked
// (masked-update.ts), never the bytes the team sent (docs/sync-protocol.md, "What readers receive").
//
// The names to mask are the station's residents as the server holds them at the time of sending
// (the contacts document and the visit log: server/documents/residents.ts). A team member's app
// sends a new entry on the board's connection and its reporter on the contacts' connection, which
// may arrive a moment later: readers' updates are therefore held for `holdMs` and sent together,
// masked with the names known by then. A sync answer (step 2) is masked with the names known when
// it is sent, written straight from the room's document (masked-update.ts, maskedState). Everything
// goes out in the order it was asked for.
import * as Y from 'yjs';
import type { Connection } from './connection.js';
import { maskedState, maskUpdate, type Mask } from './masked-update.js';
import { encodeSyncStep2, encodeUpdate } from './protocol.js';
import { CloseCode, type Logger } from './types.js';
import { logSafe } from '../util/log-safe.js';

/** The default wait before readers are sent what changed (RelayOptions.readerHoldMs). */
export const READER_HOLD_MS = 1000;

export class ReaderFeed {
	#held: Uint8Array[] = [];
	#timer: ReturnType<typeof setTimeout> | null = null;
	/** The sends under way, in order: each waits for the names to mask with. */
	#turn: Promise<void> = Promise.resolve();
	/** Step 2 answers waiting for the board's last change to be `holdMs` old. */
	#waiting = new Set<ReturnType<typeof setTimeout>>();

	constructor(
		private readonly docName: string,
		private readonly doc: Y.Doc,
		private readonly readers: () => Iterable<Connection>,
		private readonly maskOf: () => Promise<Mask>,
		private readonly holdMs: number,
		private readonly log: Logger,
		/** When the room's document last took an update (readers connected or not): `Date.now()` time. */
		private readonly changedAt: () => number = () => -Infinity
	) {}

	/**
	 * A masked reader's sync step 1: answered with what it lacks, masked. What the document took
	 * less than `holdMs` ago waits as it would for a connected reader: its reporter may be on its way.
	 */
	answer(conn: Connection, stateVector: Uint8Array): void {
		const wait = this.changedAt() + this.holdMs - Date.now();
		if (wait > 0) {
			const timer = setTimeout(() => (this.#waiting.delete(timer), this.#answerNow(conn, stateVector)), wait);
			this.#waiting.add(timer);
			return;
		}
		this.#answerNow(conn, stateVector);
	}

	#answerNow(conn: Connection, stateVector: Uint8Array): void {
		this.#send((mask) => {
			if (conn.closed) return;
			conn.send(encodeSyncStep2(maskedState(this.doc, mask, stateVector)));
		});
	}

	/** An update the room's document took (already applied to it): sent to the readers with what else comes within `holdMs`. */
	hold(update: Uint8Array): void {
		this.#held.push(update);
		this.#timer ??= setTimeout(() => this.flush(), this.holdMs);
	}

	/** Sends what is held now. */
	flush(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		if (this.#held.length === 0) return;
		const held = this.#held;
		this.#held = [];
		this.#send((mask) => {
			const update = maskUpdate(held.length === 1 ? held[0] : Y.mergeUpdates(held), mask, this.doc);
			const message = encodeUpdate(update);
			for (const conn of this.readers()) conn.send(message);
		});
	}

	/** The room closed: nothing more is sent. */
	destroy(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#held = [];
		for (const timer of this.#waiting) clearTimeout(timer);
		this.#waiting.clear();
	}

	#send(step: (mask: Mask) => void): void {
		this.#turn = this.#turn.then(async () => {
			try {
				const mask = await this.maskOf();
				if (!this.doc.isDestroyed) step(mask);
			} catch (error) {
				// Never the text unmasked: the readers reconnect and are answered afresh.
				this.log.warn(`relay: masking ${logSafe(this.docName)} failed: ${logSafe((error as Error).message)}`);
				for (const conn of this.readers()) conn.close(CloseCode.internalError, 'masking failed');
			}
		});
	}
}
