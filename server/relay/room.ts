// One document while anyone is connected to it: its Yjs copy, presence and connections.
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ackEnabled, committed, queued } from './ack.js';
import type { Connection } from './connection.js';
import { Gate, type DocRules } from './gate.js';
import type { RelayLimits } from './limits.js';
import { encodeAwareness, encodeSyncStep1, encodeUpdate } from './protocol.js';
import type { ReaderFeed } from './reader-feed.js';
import type { UpdateLog } from './update-log.js';
import { CloseCode, type Logger, type Peers } from './types.js';
import { logSafe } from '../util/log-safe.js';
import type { HistoryRecorder } from '../history/entry-changes.js';
import type { HistoryRecord } from '../history/history-store.js';

/** The origin of changes that came from another server process (server/cluster). */
export const PEER = Symbol('peer');

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}

export class Room {
	readonly doc = new Y.Doc();
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	readonly connections = new Set<Connection>();
	/** Which connection owns each awareness client id (presence.ts); an id is freed when its owner leaves. */
	readonly presenceOwners = new Map<number, Connection>();
	/** Set after a failed apply: the relay opens a fresh room from storage for new connections. */
	broken = false;
	/** Checks clients' updates against the document's rules, if it has any (gate.ts). */
	readonly gate: Gate | null;
	/**
	 * Who wrote with each Yjs client id on this document while the room was open (protocol.ts): a
	 * client id is one app's session, so structs under it from another person are forged. Learned
	 * from each id's first live update since the room opened (a step 2 may carry others' items):
	 * not kept across a restart, nor shared between server processes (docs/sync-protocol.md).
	 */
	readonly writers = new Map<number, string>();
	/**
	 * Sends the masked readers (Identity.masked) their copy of what changes (reader-feed.ts); made
	 * by the relay when the first of them joins. The others are sent each update as it is.
	 */
	feed: ReaderFeed | null = null;
	/** When the document last took an update (`Date.now()`): a masked reader's sync waits for what is that new (reader-feed.ts). */
	changedAt = -Infinity;
	private storedCount: number;
	/**
	 * Connections that sent only what was accepted and not yet committed, by the last such update
	 * when they did: their flush is acknowledged once it is committed (ack.ts, awaitPending).
	 */
	readonly #copies = new Map<Uint8Array, Connection[]>();

	constructor(
		readonly name: string,
		/** The document's stored updates, as the update log loaded them. */
		updates: Uint8Array[],
		private readonly store: UpdateLog,
		private readonly compactionThreshold: number,
		private readonly log: Logger,
		readonly limits: RelayLimits,
		rules: DocRules | null = null,
		private readonly peers: Peers | null = null,
		recorder: HistoryRecorder | null = null
	) {
		this.doc.transact(() => updates.forEach((u) => Y.applyUpdate(this.doc, u)));
		// Stored before the gate took only what integrates (gate.ts): what still waits on changes that
		// never came is not part of the document, is not sent to anyone, and cannot take effect later.
		if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
			this.doc.store.pendingStructs = null;
			this.doc.store.pendingDs = null;
			log.warn(`relay: ${logSafe(name)} held stored changes that wait on changes it does not have; they are left out`);
		}
		this.storedCount = updates.length;
		this.gate = rules || recorder ? new Gate(this.doc, rules ?? (() => null), recorder) : null;
		this.awareness.setLocalState(null); // the server itself is not a participant
		this.awareness.on('update', (change: AwarenessChange, origin: unknown) => this.onAwareness(change, origin));
	}

	join(conn: Connection): void {
		this.connections.add(conn);
		conn.send(encodeSyncStep1(this.doc));
		const present = [...this.awareness.getStates().keys()];
		if (present.length > 0) conn.send(encodeAwareness(this.awareness, present));
	}

	leave(conn: Connection): void {
		if (!this.connections.delete(conn)) return;
		const owned = [...conn.awarenessClients];
		awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
		for (const id of owned) {
			if (this.presenceOwners.get(id) === conn) this.presenceOwners.delete(id);
			// y-protocols keeps each id's clock for good: a stream of connections would grow it without end.
			if (!this.awareness.states.has(id)) this.awareness.meta.delete(id);
		}
	}

	/**
	 * Persist, then apply, then broadcast (architecture.md, principle 4). The write is committed
	 * together with the other updates received in this turn of the event loop (store.appendSoon).
	 */
	applyUpdate(conn: Connection, update: Uint8Array): void {
		queued(conn);
		const changes = this.gate?.history(update);
		this.store.appendSoon(
			this.name,
			update,
			conn.label,
			(rowId) => {
				this.integrate(conn, update, rowId);
				committed(this, conn);
				this.#settleCopies(update, true);
			},
			(error) => {
				this.gate?.lost(update);
				this.log.warn(`relay: update from ${conn.label} on ${logSafe(this.name)} failed: ${logSafe(error, 2000)}`);
				conn.close(CloseCode.internalError, 'update could not be stored');
				this.#settleCopies(update, false);
			},
			changes && { actor: conn.identity.userId, changes }
		);
	}

	/**
	 * `conn` sent only what is accepted and not yet committed (protocol.ts): nothing to store, but
	 * its flush is acknowledged only once that is committed, as if it had been its own update.
	 */
	awaitPending(conn: Connection): void {
		const last = this.gate?.lastPending();
		if (!last || !ackEnabled(conn)) return;
		queued(conn);
		const waiting = this.#copies.get(last);
		if (waiting) waiting.push(conn);
		else this.#copies.set(last, [conn]);
	}

	#settleCopies(update: Uint8Array, stored: boolean): void {
		const waiting = this.#copies.get(update);
		if (!waiting) return;
		this.#copies.delete(update);
		for (const conn of waiting) {
			if (stored) committed(this, conn);
			else conn.close(CloseCode.internalError, 'update could not be stored');
		}
	}

	/**
	 * A change made by the server itself (a resident's report, a dispatch decision): committed
	 * (in order with the clients' updates of this turn), then applied and sent to everyone connected.
	 */
	applyServerUpdate(update: Uint8Array, sender: string, history?: HistoryRecord): Promise<void> {
		return new Promise((resolve, reject) =>
			this.store.appendSoon(this.name, update, sender, () => (this.integrateServer(update), resolve()), reject, history)
		);
	}

	private integrateServer(update: Uint8Array): void {
		if (this.doc.isDestroyed) return; // stored: it loads with the document next time
		Y.applyUpdate(this.doc, update, 'server');
		this.gate?.server(update);
		this.broadcast(update, null);
		this.peers?.committed(this.name, update);
		this.counted();
	}

	/**
	 * An update another server process committed (or the document's stored state, to catch up):
	 * applied and sent to this process's clients if it changed anything. It was checked and
	 * stored where it arrived, so it is taken like a change the server made.
	 */
	applyPeerUpdate(update: Uint8Array): boolean {
		if (this.doc.isDestroyed) return false;
		const changes: Uint8Array[] = [];
		const collect = (u: Uint8Array) => changes.push(u);
		this.doc.on('update', collect);
		try {
			// 'server': as a change made here by the server (PersonalDataMover acted where it was committed).
			Y.applyUpdate(this.doc, update, 'server');
		} finally {
			this.doc.off('update', collect);
		}
		if (changes.length === 0) return false;
		const change = changes.length === 1 ? changes[0] : Y.mergeUpdates(changes);
		this.gate?.server(change);
		this.broadcast(change, null);
		return true;
	}

	/** Presence of clients connected to another process. */
	applyPeerPresence(update: Uint8Array): void {
		if (this.doc.isDestroyed) return;
		awarenessProtocol.applyAwarenessUpdate(this.awareness, update, PEER);
	}

	/** The presence of this process's own clients (answering another process that just opened the room), or null. */
	localPresence(): Uint8Array | null {
		const states = this.awareness.getStates();
		const ids = [...this.presenceOwners.keys()].filter((id) => states.has(id));
		return ids.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
	}

	/** Runs once the update is committed. */
	private integrate(conn: Connection, update: Uint8Array, rowId: number): void {
		// Everyone left before the commit: it is stored and loads with the document next time.
		if (this.doc.isDestroyed) return;
		try {
			Y.applyUpdate(this.doc, update, conn);
			this.gate?.integrated(update);
		} catch (error) {
			// Decoded fine but would not integrate: take it back and rebuild the room from storage.
			this.store.remove(rowId).catch((e: Error) => this.log.warn(`relay: taking back an update on ${logSafe(this.name)} failed: ${logSafe(e.message)}`));
			this.log.warn(`relay: update from ${conn.label} failed to apply on ${logSafe(this.name)}: ${logSafe((error as Error).message)}`);
			conn.close(CloseCode.malformed, 'update could not be applied');
			this.reset();
			return;
		}
		this.broadcast(update, conn);
		this.peers?.committed(this.name, update);
		this.counted();
	}

	/** An update the document took, to everyone connected but its sender: masked readers through the feed. */
	private broadcast(update: Uint8Array, from: Connection | null): void {
		this.changedAt = Date.now();
		let message: Uint8Array | null = null;
		let held = false;
		for (const conn of this.connections) {
			if (conn === from) continue;
			if (!conn.identity.masked) conn.send((message ??= encodeUpdate(update)));
			else if (!held && this.feed) (this.feed.hold(update), (held = true));
		}
	}

	/**
	 * One more stored row: past the threshold the document is queued for compaction, which merges
	 * in a worker and is spread across documents (compactor.ts): documents passing the threshold
	 * together must not stall the relay.
	 */
	private counted(): void {
		if (++this.storedCount <= this.compactionThreshold) return;
		this.storedCount = 1;
		const compact = () => this.store.compactSoon(this.name, (error) => this.log.warn(`relay: compacting ${logSafe(this.name)} failed: ${logSafe(error.message)}`));
		// In a cluster, one process compacts a document at a time (server/cluster, a lock).
		if (this.peers) this.peers.compact(this.name, compact);
		else compact();
	}

	/** Closes every connection; the clients reconnect and the room loads again from storage. */
	reset(): void {
		this.broken = true;
		for (const conn of this.connections) conn.close(CloseCode.internalError, 'document reloaded');
	}

	destroy(): void {
		if (this.doc.isDestroyed) return;
		this.feed?.destroy();
		this.awareness.destroy();
		this.gate?.destroy();
		this.doc.destroy();
	}

	private onAwareness({ added, updated, removed }: AwarenessChange, origin: unknown): void {
		// A client id is claimed by the first connection whose state for it was applied; it stays
		// that connection's (even after it removes its state) until it leaves.
		const owner = this.connections.has(origin as Connection) ? (origin as Connection) : null;
		if (owner) {
			for (const id of [...added, ...updated]) {
				if (this.presenceOwners.has(id)) continue;
				this.presenceOwners.set(id, owner);
				owner.awarenessClients.add(id);
			}
		}
		const changed = [...added, ...updated, ...removed];
		if (changed.length === 0) return;
		const message = encodeAwareness(this.awareness, changed);
		for (const conn of this.connections) if (conn !== origin) conn.send(message);
		// This process's clients' presence (their own changes, and removal when they leave) goes to
		// the other processes; timeouts happen on every process by itself.
		if (this.peers && origin !== PEER && origin !== 'timeout') this.peers.presence(this.name, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
		// A client of another process gone (or timed out here): no clock kept for it (leave() does this for ours).
		if (origin === PEER || origin === 'timeout') for (const id of removed) if (!this.presenceOwners.has(id)) this.awareness.meta.delete(id);
	}
}
