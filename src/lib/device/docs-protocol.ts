// The messages between a page and the documents' worker (docs.worker.ts, issue 11). The worker
// holds every station document's Y.Doc, loads and stores it on the device (doc-store.ts) and links
// it to the relay (the stock y-websocket provider); the page holds what the views read as plain
// values (doc-shapes.ts: an entry's state, a notice, a visit…), asks for edits by name (`run`, one
// of doc-ops.ts; the visit log's records are put whole), and is told what the worker's copy, its
// store and its link do. docs/data-model.md, "Where a document lives on the device".
import type { StoreState } from './doc-store';
import type { RowsAsk } from './ledger-rows';

/** The part under which the page is told the whole values of a collection's watched keys (doc-shapes.ts, `row`). */
export const fullPart = (part: string) => `${part}.full`;

/** A record of a document's record maps (the visit log's visits, ties and help): replaced whole. */
export type DocRecord = { readonly id: string };

/** Who else is on a document now, by the names the relay verified. */
export interface LinkPeer {
	id: string;
	name: string;
}

/** What a document's link to the relay is doing, as the page's sync badge needs it. */
export interface LinkStatus {
	/** A provider exists (attach was asked and not undone by detach or a close). */
	attached: boolean;
	connected: boolean;
	synced: boolean;
	/** The connection was lost or could not be made, and has not synced again since. */
	lost: boolean;
	peers: LinkPeer[];
}

export type ToWorker =
	| { type: 'open'; name: string }
	| { type: 'put'; name: string; part: string; record: DocRecord }
	| { type: 'delete'; name: string; part: string; id: string }
	/**
	 * One of doc-ops.ts's edits, answered once applied (not stored: ask `stored`) with `{ value, changed }`:
	 * its result, and whether the document changed (doc-ops.ts `runOp`).
	 */
	| { type: 'run'; name: string; op: string; args: unknown[]; seq: number }
	/** Replies once every change sent before it is committed on the device. */
	| { type: 'stored'; name: string; seq: number }
	| { type: 'retry'; name: string; seq: number }
	/** Replies once the board's projection on the device holds every change so far (hosted-ledger.ts; bounded). */
	| { type: 'projected'; name: string; seq: number }
	/** The page's first work on a loaded board is done: the worker may reconcile the board's projection (hosted-ledger.ts). */
	| { type: 'reconcile'; name: string }
	/** The window of the board's ledger list asked (hosted-list.ts), answered with a RowsWindow. */
	| { type: 'rows'; name: string; seq: number; ask: RowsAsk }
	/** The categories the board's ledger records most, of `list`, at most `n` (hosted-list.ts). */
	| { type: 'frequent'; name: string; seq: number; list: string[]; n: number }
	/** The rows of the board's entries raised on a visit (hosted-list.ts). */
	| { type: 'raised'; name: string; seq: number; visitId: string }
	/** The page's day (at the load and each new day): the board's counts, its value `tally`, are taken on it (hosted-tally.ts). */
	| { type: 'count'; name: string; today: string }
	/** The keys of a collection with rows whose whole values the page's views show now (doc-shapes.ts, `row`). */
	| { type: 'watch'; name: string; part: string; keys: string[] }
	/** Replies with the document's whole state, as one Yjs update (a refused change kept for export). */
	| { type: 'encode'; name: string; seq: number }
	/** Lets go of the document and its database (before the page deletes it). */
	| { type: 'close'; name: string; seq: number }
	| { type: 'attach'; name: string; url: string; token: string; me: string | null }
	/** A fresh token after the relay's 4401: connect again with it. */
	| { type: 'token'; name: string; token: string }
	| { type: 'reconnect'; name: string }
	| { type: 'detach'; name: string }
	/** What a relay socket the page holds for the worker did (page-socket.ts). */
	| { type: 'socket'; id: number; event: 'open' | 'message' | 'error' | 'close'; data?: ArrayBuffer; code?: number; reason?: string };

export type FromWorker =
	| { type: 'reply'; seq: number; error?: string; value?: unknown }
	/**
	 * Values put (by key) or deleted in one collection; `initial` while the load sends what the
	 * document holds (nothing of a collection the page asks windows of: doc-shapes.ts, `windowed`).
	 * Of a collection the page holds rows of, `whole`: the whole values of the keys changed that a
	 * view watches, in the same message, or (with nothing put) of the keys a watch just added, a key
	 * without a value among `deleted`; the page keeps them as the part `fullPart(part)` (null: none).
	 * `stale` (a windowed collection, a change of more rows than the page may hold: hosted-doc.ts,
	 * TOLD_ROWS): nothing put, and every row told before may be out of date: the page drops them.
	 * Of a collection told only as watched (doc-shapes.ts, `watchedOnly`: the reporters), nothing
	 * is ever put: a message comes only with a `whole`.
	 */
	| { type: 'records'; name: string; part: string; put: [string, unknown][]; deleted: string[]; initial: boolean; stale?: true; whole?: { put: [string, unknown][]; deleted: string[] } }
	/** A small value of the document, recomputed (initial: at the load). */
	| { type: 'value'; name: string; part: string; value: unknown }
	/** The document has loaded whole (every initial record sent before this), or could not be. */
	| { type: 'loaded'; name: string; error?: string }
	| { type: 'store'; name: string; unsent: number; state: StoreState }
	/** The document's database was cut off under the worker (site data cleared while open). */
	| { type: 'lost'; name: string }
	| { type: 'link'; name: string; status: LinkStatus }
	/** The relay closed the link with a code the page acts on (docs/sync-protocol.md). */
	| { type: 'closed'; name: string; code: number; reason: string }
	/** The worker's relay sockets are the page's (page-socket.ts): open one, send on it, close it. */
	| { type: 'socket-open'; id: number; url: string }
	| { type: 'socket-send'; id: number; data: ArrayBuffer }
	| { type: 'socket-close'; id: number; code?: number; reason?: string };
