// Durable log of Yjs binary updates per document, in SQLite. Writes are synchronous so the relay can
// persist an update before it forwards it (architecture.md, principle 4). The relay reaches it
// through the UpdateLog interface (update-log.ts), which also has a PostgreSQL implementation;
// this synchronous face stays for the server's own SQLite-only callers and the admin CLI.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as Y from 'yjs';
import { compactedSender, type MergeInput } from './compactor.js';
import { backfillHistory } from '../history/backfill';
import type { HistoryRecorder } from '../history/entry-changes';
import { HistoryStore, type HistoryRecord } from '../history/history-store';
import { settle, type PendingWrite } from './pending-writes.js';

export { compactedSender };

type Row = { id: number; bytes: Buffer; received_at: number };

/**
 * Rows a step of a compaction's swap deletes: about 1–2 ms of the event loop where many documents'
 * rows interleave (each deleted row then dirties a page of its own).
 */
export const SWAP_SLICE_ROWS = 32;

export class UpdateStore {
	private readonly db: Database.Database;
	private readonly insert: Database.Statement<[string, Uint8Array, string, number]>;
	private readonly select: Database.Statement<[string], Row>;
	private readonly countRows: Database.Statement<[string], { n: number }>;
	private readonly maxId: Database.Statement<[string], { id: number | null }>;
	private readonly deleteRow: Database.Statement<[number]>;
	private readonly beginSwapTx: (docName: string, input: MergeInput, merged: Uint8Array) => boolean;
	private readonly swapSliceTx: (docName: string, maxId: number, limit: number) => boolean;
	private readonly insertAll: (writes: PendingWrite[]) => number[];
	private readonly appendTx: (docName: string, update: Uint8Array, sender: string, receivedAt: number, history: HistoryRecord | undefined) => number;
	private pending: PendingWrite[] = [];
	private flushScheduled = false;
	/** What each committed update did to ledger entries (history/history-store.ts), same file, same transaction. */
	readonly history: HistoryStore;

	constructor(
		file: string,
		synchronous: 'NORMAL' | 'FULL' = 'NORMAL',
		/** The server's clock (server/clock.ts): the received time of every update. */
		private readonly now: () => number = Date.now
	) {
		mkdirSync(dirname(file), { recursive: true });
		this.db = new Database(file);
		// WAL + NORMAL: a committed write survives the process being killed; FULL adds an fsync per write.
		this.db.pragma('journal_mode = WAL');
		this.db.pragma(`synchronous = ${synchronous}`);
		this.db.exec(`
			CREATE TABLE IF NOT EXISTS updates (
				id INTEGER PRIMARY KEY AUTOINCREMENT,
				doc TEXT NOT NULL,
				bytes BLOB NOT NULL,
				sender TEXT NOT NULL,
				received_at INTEGER NOT NULL
			);
			CREATE INDEX IF NOT EXISTS updates_doc ON updates (doc, id);
			-- Compaction merges the bytes; who sent what and when stays here (the audit trail).
			CREATE TABLE IF NOT EXISTS update_history (
				id INTEGER PRIMARY KEY,
				doc TEXT NOT NULL,
				sender TEXT NOT NULL,
				received_at INTEGER NOT NULL,
				size INTEGER NOT NULL
			);
		`);
		this.history = new HistoryStore(this.db);
		this.insert = this.db.prepare('INSERT INTO updates (doc, bytes, sender, received_at) VALUES (?, ?, ?, ?)');
		this.select = this.db.prepare('SELECT id, bytes, received_at FROM updates WHERE doc = ? ORDER BY id');
		this.countRows = this.db.prepare('SELECT count(*) AS n FROM updates WHERE doc = ?');
		this.maxId = this.db.prepare('SELECT max(id) AS id FROM updates WHERE doc = ?');
		this.deleteRow = this.db.prepare('DELETE FROM updates WHERE id = ?');
		const countUpTo = this.db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM updates WHERE doc = ? AND id <= ?');
		const keepHistory = this.db.prepare(
			`INSERT INTO update_history (id, doc, sender, received_at, size)
			 SELECT id, doc, sender, received_at, length(bytes) FROM updates
			 WHERE doc = ? AND id <= ? AND sender != '${compactedSender}'`
		);
		const deleteUpTo = this.db.prepare('DELETE FROM updates WHERE doc = ? AND id <= ?');
		// The id of the `n`th oldest row up to a bound: where a slice of a swap ends.
		const nthUpTo = this.db.prepare<[string, number, number], { id: number }>('SELECT id FROM updates WHERE doc = ? AND id <= ? ORDER BY id LIMIT 1 OFFSET ?');
		this.beginSwapTx = this.db.transaction((docName: string, input: MergeInput, merged: Uint8Array) => {
			if (countUpTo.get(docName, input.maxId)!.n !== input.rows) return false;
			this.insert.run(docName, merged, compactedSender, input.receivedAt);
			return true;
		});
		this.swapSliceTx = this.db.transaction((docName: string, maxId: number, limit: number) => {
			const end = nthUpTo.get(docName, maxId, limit - 1)?.id ?? maxId;
			keepHistory.run(docName, end);
			deleteUpTo.run(docName, end);
			return end < maxId;
		});
		this.insertAll = this.db.transaction((writes: PendingWrite[]) => writes.map((w) => this.insertOne(w.docName, w.update, w.sender, w.receivedAt, w.history)));
		this.appendTx = this.db.transaction(this.insertOne.bind(this));
	}

	private insertOne(docName: string, update: Uint8Array, sender: string, receivedAt: number, history: HistoryRecord | undefined): number {
		const id = Number(this.insert.run(docName, update, sender, receivedAt).lastInsertRowid);
		if (history?.changes.length) this.history.record(id, docName, receivedAt, history);
		return id;
	}

	/**
	 * Records, once, what the updates stored before the history was kept did to ledger entries
	 * (history/backfill.ts). Run at start, before any update is stored.
	 */
	backfillHistory(recorderFor: (docName: string) => HistoryRecorder | null): void {
		backfillHistory(this.db, this.history, recorderFor, compactedSender);
	}

	/** SQLite stops checkpointing in this connection's commits: another connection does (wal-checkpointer.ts). */
	checkpointElsewhere(): void {
		this.db.pragma('wal_autocheckpoint = 0');
	}

	get open(): boolean {
		return this.db.open;
	}

	/** Every stored update of a document, oldest first (queued writes committed first). */
	load(docName: string): Uint8Array[] {
		this.flush();
		return this.select.all(docName).map((r) => r.bytes);
	}

	/** Stores one update durably, with what it did to ledger entries (committed when this returns); answers its row id. */
	append(docName: string, update: Uint8Array, sender: string, receivedAt = this.now(), history?: HistoryRecord): number {
		return this.appendTx(docName, update, sender, receivedAt, history);
	}

	/** Takes back an update that the in-memory document could not integrate. */
	remove(id: number): void {
		this.db.transaction(() => {
			this.deleteRow.run(id);
			this.history.forget(id);
		})();
	}

	/**
	 * Queues an update; every update queued in the same turn of the event loop is committed in one
	 * transaction (one WAL commit instead of one per update), and only then `stored` runs for each,
	 * in order — so the relay still forwards nothing before it is durably stored. If the commit
	 * fails, none is stored and `failed` runs for each; `failed` also runs if `stored` throws.
	 */
	appendSoon(
		docName: string,
		update: Uint8Array,
		sender: string,
		stored: (rowId: number) => void,
		failed: (error: Error) => void,
		history?: HistoryRecord
	): void {
		this.pending.push({ docName, update, sender, receivedAt: this.now(), history, stored, failed });
		if (this.flushScheduled) return;
		this.flushScheduled = true;
		setImmediate(() => this.flush());
	}

	/** Commits the queued updates now, then runs their callbacks. */
	flush(): void {
		this.flushScheduled = false;
		if (this.pending.length === 0) return;
		const writes = this.pending;
		this.pending = [];
		let ids: number[];
		try {
			ids = this.insertAll(writes);
		} catch (error) {
			return settle(writes, { error: error as Error });
		}
		settle(writes, { ids });
	}

	/** The id of a document's newest stored update: it changes whenever the document does. */
	lastId(docName: string): number {
		this.flush();
		return this.maxId.get(docName)?.id ?? 0;
	}

	count(docName: string): number {
		this.flush();
		return this.countRows.get(docName)?.n ?? 0;
	}

	/** The rows a compaction would merge now (compactor.ts), or null when fewer than two. */
	mergeInput(docName: string): MergeInput | null {
		this.flush();
		const rows = this.select.all(docName);
		if (rows.length < 2) return null;
		const last = rows[rows.length - 1];
		return { maxId: last.id, rows: rows.length, updates: rows.map((r) => r.bytes), receivedAt: last.received_at };
	}

	/**
	 * A swap of merged rows for their merge (compactor.ts), in steps: `beginSwap` stores the merge if
	 * the merged rows are all still there, then each `swapSlice` keeps the history of the oldest
	 * `limit` of them and deletes them, answering whether any are left. Between steps a load reads the
	 * merge and some of the rows it merged: the same document, since applying a Yjs update twice
	 * changes nothing. A swap cut short (the process stopped) leaves such rows for the next compaction.
	 */
	beginSwap(docName: string, input: MergeInput, merged: Uint8Array): boolean {
		if (!this.db.open) return false;
		return this.beginSwapTx(docName, input, merged);
	}

	swapSlice(docName: string, input: MergeInput, limit = SWAP_SLICE_ROWS): boolean {
		if (!this.db.open) return false;
		return this.swapSliceTx(docName, input.maxId, limit);
	}

	/** The whole swap at once (the admin CLI, tests); answers whether it swapped. */
	swap(docName: string, input: MergeInput, merged: Uint8Array): boolean {
		if (!this.beginSwap(docName, input, merged)) return false;
		while (this.swapSlice(docName, input, Number.MAX_SAFE_INTEGER));
		return true;
	}

	/** Replaces a document's updates with their merge, on this thread (the admin CLI, tests). */
	compact(docName: string): void {
		const input = this.mergeInput(docName);
		if (input) this.swap(docName, input, Y.mergeUpdates(input.updates));
	}

	close(): void {
		if (!this.db.open) return;
		this.flush();
		this.db.close();
	}
}
