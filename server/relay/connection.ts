// One websocket to one document, with the identity the auth hook gave it.
import type { WebSocket } from 'ws';
import type { Identity, Logger } from './types.js';
import { logSafe } from '../util/log-safe.js';

let nextId = 1;

export class Connection {
	readonly id = nextId++;
	/** Awareness client ids this connection has announced, removed when it leaves. */
	readonly awarenessClients = new Set<number>();
	alive = true;
	closed = false;

	constructor(
		readonly socket: WebSocket,
		readonly docName: string,
		readonly identity: Identity,
		private readonly log: Logger
	) {}

	/** Names the sender of stored updates (the audit trail) and of log lines. */
	get label(): string {
		return `${this.identity.userId}#${this.id}`;
	}

	send(message: Uint8Array): void {
		if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
		this.socket.send(message, (error) => {
			if (error) this.close(1011, 'send failed');
		});
	}

	close(code: number, reason: string): void {
		if (this.closed) return;
		this.closed = true;
		if (code !== 1000 && code !== 1001) this.log.warn(`relay: closing ${this.label} on ${logSafe(this.docName)}: ${code} ${logSafe(reason)}`);
		this.socket.close(code, reason);
	}
}
