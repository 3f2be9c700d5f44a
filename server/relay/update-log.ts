// The relay's document update log (tables `updates` and `update_history`), behind one interface
// with two implementations: SQLite (the embedded default, store.ts) and PostgreSQL
// (update-log-pg.ts), chosen by YIXIAN_DATABASE_URL. Both batch the updates received in one turn
// of the event loop into one transaction and run their callbacks only once it is committed, so
// nothing is forwarded or acknowledged before it is stored; both compact off the event loop
// (compactor.ts).
import { Compactor, type MergeInput } from './compactor.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import { Merger } from './merger.js';
import { UpdateStore } from './store.js';
import { PostgresUpdateLog } from './update-log-pg.js';
import type { HistoryRecord, HistoryRow } from '../history/history-store.js';

export interface UpdateLog {
	readonly kind: 'sqlite' | 'postgres';
	/** The synchronous SQLite store behind this log; null on PostgreSQL. */
	readonly sync: UpdateStore | null;
	/** Every stored update of a document, oldest first; updates queued before the call are included. */
	load(docName: string): Promise<Uint8Array[]>;
	/** Stores one update (committed when this resolves, in order with queued ones); answers its row id. */
	append(docName: string, update: Uint8Array, sender: string, receivedAt?: number, history?: HistoryRecord): Promise<number>;
	/**
	 * Queues an update: the updates queued in one turn of the event loop are committed together, and
	 * only then `stored` runs for each, in order. If the commit fails none is stored and `failed`
	 * runs for each (also when `stored` throws).
	 */
	appendSoon(docName: string, update: Uint8Array, sender: string, stored: (rowId: number) => void, failed: (error: Error) => void, history?: HistoryRecord): void;
	/** What the committed updates did to one ledger entry (the entry history, same transaction as each update). */
	entryHistory(docName: string, entry: string): Promise<HistoryRow[]>;
	/** Takes back an update that the in-memory document could not integrate. */
	remove(id: number): Promise<void>;
	/** The id of a document's newest stored update (0: none): it changes whenever the document does. */
	lastId(docName: string): Promise<number>;
	/** How many rows a document has. */
	count(docName: string): Promise<number>;
	/** Merges a document's rows into one, off the event loop; answers whether it did. */
	compact(docName: string): Promise<boolean>;
	/** Queues a document for compaction; queued documents are compacted one at a time, spread out. */
	compactSoon(docName: string, onError: (error: Error) => void): void;
	/** Resolves when queued writes are committed and queued compactions are done. */
	settled(): Promise<void>;
	/** Commits queued writes, stops compacting, closes the connection(s). */
	close(): Promise<void>;
}

export interface UpdateLogOptions {
	/** postgres://… puts the log in PostgreSQL (YIXIAN_DATABASE_URL); otherwise SQLite at `dataFile`. */
	databaseUrl?: string;
	dataFile: string;
	synchronous?: 'NORMAL' | 'FULL';
	/** Pause between two documents' compactions (default 5 ms). */
	compactionGapMs?: number;
	/** Connections to PostgreSQL (default 8). */
	poolSize?: number;
	/** Where merges run (default: a worker thread of this log's own). */
	merger?: Merger;
	/** The server's clock (server/clock.ts): the received time of every update. */
	now?: () => number;
}

/** PostgreSQL when `databaseUrl` is set (it connects on first use), else SQLite. */
export function createUpdateLog(options: UpdateLogOptions): UpdateLog {
	return options.databaseUrl ? new PostgresUpdateLog(options.databaseUrl, options) : new SqliteUpdateLog(options);
}

/** After each slice of a swap, the event loop is left to deliveries for this many times its duration. */
export const SWAP_PAUSE_FACTOR = 4;

/** The SQLite log: the synchronous store, with compaction moved to the worker. */
export class SqliteUpdateLog implements UpdateLog {
	readonly kind = 'sqlite';
	readonly sync: UpdateStore;
	readonly #merger: Merger;
	readonly #compactor: Compactor;
	readonly #checkpointer: WalCheckpointer;

	constructor(options: UpdateLogOptions) {
		this.#merger = options.merger ?? new Merger();
		const store = new UpdateStore(options.dataFile, options.synchronous, options.now);
		this.sync = store;
		// Checkpoints leave the event loop (wal-checkpointer.ts).
		store.checkpointElsewhere();
		this.#checkpointer = new WalCheckpointer(options.dataFile);
		this.#compactor = new Compactor(
			{
				mergeInput: async (docName) => (store.open ? store.mergeInput(docName) : null),
				// In slices (store.ts), paced so that compaction takes at most 1 / (1 + SWAP_PAUSE_FACTOR)
				// of the event loop however many documents are due: deliveries go on between slices.
				swap: async (docName, input: MergeInput, merged) => {
					if (!store.beginSwap(docName, input, merged)) return false;
					for (;;) {
						const started = performance.now();
						const more = store.swapSlice(docName, input);
						if (!more) return true;
						const pauseMs = (performance.now() - started) * SWAP_PAUSE_FACTOR;
						await new Promise((resolve) => (pauseMs >= 1 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)));
					}
				}
			},
			this.#merger,
			options.compactionGapMs
		);
	}

	async load(docName: string) {
		return this.sync.load(docName);
	}
	async append(docName: string, update: Uint8Array, sender: string, receivedAt?: number, history?: HistoryRecord) {
		return this.sync.append(docName, update, sender, receivedAt, history);
	}
	appendSoon(docName: string, update: Uint8Array, sender: string, stored: (rowId: number) => void, failed: (error: Error) => void, history?: HistoryRecord) {
		this.sync.appendSoon(docName, update, sender, stored, failed, history);
	}
	async entryHistory(docName: string, entry: string) {
		return this.sync.history.forEntry(docName, entry);
	}
	async remove(id: number) {
		this.sync.remove(id);
	}
	async lastId(docName: string) {
		return this.sync.lastId(docName);
	}
	async count(docName: string) {
		return this.sync.count(docName);
	}
	compact(docName: string) {
		return this.#compactor.compact(docName);
	}
	compactSoon(docName: string, onError: (error: Error) => void) {
		this.#compactor.schedule(docName, onError);
	}
	async settled() {
		this.sync.flush();
		await this.#compactor.idle();
	}
	async close() {
		this.sync.flush();
		await this.#compactor.close();
		await this.#merger.close();
		await this.#checkpointer.close();
		this.sync.close();
	}
}
