// Shared shapes of the relay: who is connected, what the auth hook answers, how to configure it.
import type { IncomingMessage } from 'node:http';

/** The server-verified identity behind one websocket connection. */
export interface Identity {
	userId: string;
	name: string;
	/** false: the connection may read and see edits live, but never has an update applied. */
	canWrite: boolean;
	/** The sign-in session the token belonged to: ending it closes the connection (4401). */
	sessionId?: string;
	/**
	 * A reader outside the team the document's text is typed by (a street leader or the office on a
	 * board): sent the document with that text masked, never as stored (reader-feed.ts). The relay
	 * needs `readerMask` for such a document, and refuses the connection without it.
	 */
	masked?: boolean;
}

export interface Rejection {
	reject: { code: number; reason: string };
}

/**
 * Decides at the upgrade whether `request` may open `docName`. The relay accepts the handshake
 * and then closes with the rejection's code, because a browser's WebSocket cannot read an HTTP
 * status: a close code and reason is the only refusal the app can show.
 */
export type Authorize = (request: IncomingMessage, docName: string) => Identity | Rejection | Promise<Identity | Rejection>;

export interface Logger {
	info(message: string): void;
	warn(message: string): void;
}

/** Close codes. 44xx are permanent for the stock y-websocket client: it stops reconnecting. */
export const CloseCode = {
	/** Server shutting down; the client reconnects later. */
	goingAway: 1001,
	/**
	 * Over a bound; the client retries after a pause: too many connections or messages from one
	 * address, too many sync requests on one connection, or its send buffer is full.
	 */
	tryAgainLater: 1013,
	/** The person's rights changed; reconnecting is authorised afresh. */
	rightsChanged: 4100,
	/** Frame above `maxMessageBytes` (sent by `ws` itself). */
	tooBig: 1009,
	/** The room's in-memory copy was reset after an internal failure; reconnecting resyncs. */
	internalError: 1011,
	malformed: 4400,
	unauthenticated: 4401,
	/** No right to this document, or a read-only connection tried to change it. */
	forbidden: 4403,
	unknownDocument: 4404,
	/**
	 * The update breaks its document's rules (docs/sync-protocol.md, "Document rules"): nothing of
	 * it was stored or forwarded. The reason names the rule. The app keeps the refused change for
	 * export and resynchronises the document from the server.
	 */
	refused: 4422
} as const;

export interface RelayOptions {
	/** SQLite file holding every stored update (unless `databaseUrl` or `updateLog` is given). */
	dataFile: string;
	/** postgres://… keeps the update log in PostgreSQL instead (YIXIAN_DATABASE_URL). */
	databaseUrl?: string;
	/** An update log made by the caller (update-log.ts); the relay closes it when it closes. */
	updateLog?: import('./update-log.js').UpdateLog;
	/** Pause between two documents' compactions, which run one at a time (default 5 ms). */
	compactionGapMs?: number;
	/** Documents read by the server and kept in memory while nobody is connected (default 32). */
	maxSnapshots?: number;
	/** How long such a document stays in memory after its last read (default 60 s). */
	snapshotTtlMs?: number;
	authorize?: Authorize;
	/**
	 * Asked again once the connection is open, for what may have changed while its upgrade was being
	 * authorised (a session ended, a right changed: their closes reached only the connections open
	 * then); a rejection closes it.
	 */
	recheck?: (identity: Identity, docName: string) => Promise<Rejection | null>;
	/** Largest accepted websocket frame in bytes (default 10 MB). */
	maxMessageBytes?: number;
	/** A document's stored updates are merged into one once their count passes this (default 500). */
	compactionThreshold?: number;
	/** Ping interval for finding dead connections (default 30 s). */
	pingIntervalMs?: number;
	/** Connections opted into acknowledgements (`ack=1`) silent this long are dropped (default 4 s). */
	silentMs?: number;
	/** SQLite `synchronous`: NORMAL survives a process crash, FULL also a power loss (default NORMAL). */
	synchronous?: 'NORMAL' | 'FULL';
	/** Concurrent connections from one address (default 200). */
	maxConnectionsPerAddress?: number;
	/** Messages per second from one address, with bursts of ten times that (default 200). */
	maxMessagesPerSecond?: number;
	/**
	 * Bytes queued for one connection and not yet taken by the network (`ws` bufferedAmount): a
	 * message to send finding more than this closes the connection (default 8 MiB). Keep it above
	 * the largest document, which a joining client is sent whole.
	 */
	maxSendBufferBytes?: number;
	/** Sync step 1 and query-awareness requests answered per second on one connection, bursts of 5× (default 2). */
	maxSyncRequestsPerSecond?: number;
	/** Largest awareness state of one client id, in bytes of its JSON (default 2 KiB). */
	maxAwarenessStateBytes?: number;
	/** Awareness client ids one connection may claim (default 4; the stock client uses one). */
	maxAwarenessClients?: number;
	/** The client address the limits count (behind a trusted proxy, from X-Forwarded-For); default the socket's. */
	clientAddress?: (request: IncomingMessage) => string;
	log?: Logger;
	/**
	 * Called when a document's room has loaded from storage, before anyone is sent its state
	 * (issue 8: the server moves residents' personal data out of a board here, and watches it). A
	 * promise holds the document's connections back until it settles; the hook's changes go
	 * through `change` meanwhile (the room is live).
	 */
	onRoomOpened?(docName: string, doc: import('yjs').Doc): void | Promise<void>;
	/**
	 * The rules a document's updates must keep (issue 8), or null for none: every update from a
	 * client is checked before it is stored; one that breaks them closes its connection with 4422.
	 */
	rules?(docName: string): import('./gate.js').DocRules | null;
	/**
	 * Other server processes serving the same district (server/cluster, issue 12): told of every
	 * update this process committed and of its clients' presence, and told when rooms open and close.
	 */
	peers?: Peers;
	/**
	 * What a document's committed updates did to its ledger entries, or null for none: recorded with
	 * each update, in the same transaction (the entry history, server/history/*). Given, the updates
	 * stored before it was kept are read once at start (history/backfill.ts).
	 */
	history?(docName: string): import('../history/entry-changes.js').HistoryRecorder | null;
	/** The server's clock (server/clock.ts): each stored update's received time. */
	now?: () => number;
	/**
	 * How the document's text is masked for its masked readers (Identity.masked), read afresh for
	 * each send: null for a document that has no masked readers.
	 */
	readerMask?(docName: string): (() => Promise<import('./masked-update.js').Mask>) | null;
	/** How long what changes is held before it is sent to masked readers (reader-feed.ts); default 1 s. */
	readerHoldMs?: number;
}

/** What the relay tells the other processes of a cluster (server/cluster/room-link.ts). */
export interface Peers {
	/** A room loaded: start hearing other processes about its document (and catch up from storage). */
	opened(room: import('./room.js').Room): void;
	/** The room's last connection left. */
	closed(room: import('./room.js').Room): void;
	/** An update of the document was committed by this process (after the store write). */
	committed(docName: string, update: Uint8Array): void;
	/** Presence of this process's clients changed (an encoded awareness update). */
	presence(docName: string, update: Uint8Array): void;
	/** The document passed the compaction threshold here: `compact` runs on one process only. */
	compact(docName: string, compact: () => void): void;
}
