// One document while anyone is connected to it: its Yjs copy, presence and connections.
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { committed, queued } from './ack.js';
import type { Connection } from './connection.js';
import { Gate, type DocRules } from './gate.js';
import type { RelayLimits } from './limits.js';
import { encodeAwareness, encodeSyncStep1, encodeUpdate } from './protocol.js';
import type { UpdateStore } from './store.js';
import { CloseCode, type Logger } from './types.js';
import { logSafe } from '../util/log-safe.js';
import type { HistoryRecorder } from '../history/entry-changes.js';
import type { HistoryRecord } from '../history/history-store.js';

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
	private storedCount: number;

	constructor(
		readonly name: string,
		private readonly store: UpdateStore,
		private readonly compactionThreshold: number,
		private readonly log: Logger,
		readonly limits: RelayLimits,
		rules: DocRules | null = null,
		recorder: HistoryRecorder | null = null
	) {
		const updates = store.load(name);
		this.doc.transact(() => updates.forEach((u) => Y.applyUpdate(this.doc, u)));
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
		for (const id of owned) if (this.presenceOwners.get(id) === conn) this.presenceOwners.delete(id);
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
			},
			(error) => {
				this.gate?.lost(update);
				this.log.warn(`relay: update from ${conn.label} on ${logSafe(this.name)} failed: ${logSafe(error, 2000)}`);
				conn.close(CloseCode.internalError, 'update could not be stored');
			},
			changes && { actor: conn.identity.userId, changes }
		);
	}

	/**
	 * A change made by the server itself (a resident's report, a dispatch decision): committed
	 * before this returns, then applied and sent to everyone connected.
	 */
	applyServerUpdate(update: Uint8Array, sender: string, history?: HistoryRecord): void {
		this.store.append(this.name, update, sender, undefined, history);
		Y.applyUpdate(this.doc, update, 'server');
		this.gate?.server(update);
		const message = encodeUpdate(update);
		for (const conn of this.connections) conn.send(message);
		if (++this.storedCount > this.compactionThreshold) this.compact();
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
			this.store.remove(rowId);
			this.log.warn(`relay: update from ${conn.label} failed to apply on ${logSafe(this.name)}: ${logSafe((error as Error).message)}`);
			conn.close(CloseCode.malformed, 'update could not be applied');
			this.reset();
			return;
		}
		const message = encodeUpdate(update);
		for (const other of this.connections) if (other !== conn) other.send(message);
		if (++this.storedCount > this.compactionThreshold) {
			// Queued, not run here: documents passing the threshold together must not stall the relay.
			this.storedCount = 1;
			this.store.compactSoon(this.name, (error) => this.log.warn(`relay: compacting ${logSafe(this.name)} failed: ${logSafe(error.message)}`));
		}
	}

	compact(): void {
		this.store.compact(this.name);
		this.storedCount = 1;
	}

	/** Closes every connection; the clients reconnect and the room loads again from storage. */
	reset(): void {
		this.broken = true;
		for (const conn of this.connections) conn.close(CloseCode.internalError, 'document reloaded');
	}

	destroy(): void {
		if (this.doc.isDestroyed) return;
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
	}
}
