// One websocket to one document, with the identity the auth hook gave it, and its own bounds:
// what may wait in its send buffer, how often it may ask for the whole document.
import type { WebSocket } from 'ws';
import { PART_BYTES, splitMessage } from '../../src/lib/remote/message-parts';
import type { RelayLimits } from './limits.js';
import { CloseCode, type Identity, type Logger } from './types.js';
import { logSafe } from '../util/log-safe.js';

let nextId = 1;

/** A large message's parts, made once however many connections it is sent to (a room's broadcast). */
const partsOf = new WeakMap<Uint8Array, Uint8Array[]>();
function parts(message: Uint8Array): Uint8Array[] {
	let made = partsOf.get(message);
	if (!made) partsOf.set(message, (made = splitMessage(message)));
	return made;
}

/** How long a connection closed for a full send buffer may take to read up to its close frame. */
const overflowGraceMs = 1000;

export class Connection {
	readonly id = nextId++;
	/** Awareness client ids this connection claimed (it alone may change them); removed when it leaves. */
	readonly awarenessClients = new Set<number>();
	alive = true;
	closed = false;
	/** An opted-in client (ack=1) is sent a message larger than PART_BYTES in parts (src/lib/remote/message-parts.ts). */
	inParts = false;
	// Token bucket of sync requests (step 1, query awareness): each is answered with a whole document or presence.
	#syncTokens: number;
	#syncAt = Date.now();

	constructor(
		readonly socket: WebSocket,
		readonly docName: string,
		readonly identity: Identity,
		private readonly log: Logger,
		private readonly limits: RelayLimits
	) {
		this.#syncTokens = limits.syncRequestBurst;
	}

	/** Names the sender of stored updates (the audit trail) and of log lines. */
	get label(): string {
		return `${this.identity.userId}#${this.id}`;
	}

	/** Takes one sync request from the connection's allowance; false when it asks too often. */
	takeSyncRequest(now = Date.now()): boolean {
		this.#syncTokens = Math.min(this.limits.syncRequestBurst, this.#syncTokens + ((now - this.#syncAt) / 1000) * this.limits.maxSyncRequestsPerSecond);
		this.#syncAt = now;
		if (this.#syncTokens < 1) return false;
		this.#syncTokens -= 1;
		return true;
	}

	send(message: Uint8Array): void {
		if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
		// Checked before queuing, so one message (a whole document for a joiner) always fits an
		// empty buffer: a connection holds at most the limit plus one message.
		if (this.socket.bufferedAmount > this.limits.maxSendBufferBytes) return this.overflow();
		// A message's parts are queued together: for that check they are the one message.
		for (const piece of this.inParts && message.length > PART_BYTES ? parts(message) : [message]) {
			this.socket.send(piece, (error) => {
				if (error) this.close(CloseCode.internalError, 'send failed');
			});
		}
	}

	close(code: number, reason: string): void {
		if (this.closed) return;
		this.closed = true;
		if (code !== 1000 && code !== 1001) this.log.warn(`relay: closing ${this.label} on ${logSafe(this.docName)}: ${code} ${logSafe(reason)}`);
		this.socket.close(code, reason);
	}

	/**
	 * The peer does not read what it is sent. The close frame queues behind the unread data, so
	 * the socket is cut soon after unless the peer catches up: the buffered bytes are freed either way.
	 */
	private overflow(): void {
		this.close(CloseCode.tryAgainLater, 'send buffer full');
		setTimeout(() => this.socket.terminate(), overflowGraceMs).unref();
	}
}
