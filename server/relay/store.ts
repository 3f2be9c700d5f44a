// Durable log of Yjs binary updates per document, in SQLite. Writes are synchronous so the relay can
// persist an update before it forwards it (architecture.md, principle 4).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as Y from 'yjs';
import { backfillHistory } from '../history/backfill';
import type { HistoryRecorder } from '../history/entry-changes';
import { HistoryStore, type HistoryRecord } from '../history/history-store';

export const compactedSender = '(compacted)';

interface PendingWrite {
	docName: string;
	update: Uint8Array;
	sender: string;
	receivedAt: number;
	history: HistoryRecord | undefined;
	stored: (rowId: number) => void;
	failed: (error: Error) => void;
}

export class UpdateStore {
	private readonly db: Database.Database;
	private readonly insert: Database.Statement<[string, Uint8Array, string, number]>;
	private readonly select: Database.Statement<[string], { id: number; bytes: Buffer; received_at: number }>;
	private readonly countRows: Database.Statement<[string], { n: number }>;
	private readonly deleteRow: Database.Statement<[number]>;
	private readonly compactTx: (docName: string) => void;
	private readonly insertAll: (writes: PendingWrite[]) => number[];
	private readonly appendTx: (docName: string, update: Uint8Array, sender: string, receivedAt: number, history: HistoryRecord | undefined) => number;
	private pending: PendingWrite[] = [];
	private flushScheduled = false;
	private readonly compactQueue = new Map<string, (error: Error) => void>();
	private compactScheduled = false;
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
		this.deleteRow = this.db.prepare('DELETE FROM updates WHERE id = ?');
		const keepHistory = this.db.prepare(
			`INSERT INTO update_history (id, doc, sender, received_at, size)
			 SELECT id, doc, sender, received_at, length(bytes) FROM updates
			 WHERE doc = ? AND id <= ? AND sender != '${compactedSender}'`
		);
		const deleteUpTo = this.db.prepare('DELETE FROM updates WHERE doc = ? AND id <= ?');
		this.compactTx = this.db.transaction((docName: string) => {
			const rows = this.select.all(docName);
			if (rows.length < 2) return;
			const last = rows[rows.length - 1];
			const merged = Y.mergeUpdates(rows.map((r) => r.bytes));
			keepHistory.run(docName, last.id);
			deleteUpTo.run(docName, last.id);
			this.insert.run(docName, merged, compactedSender, last.received_at);
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

	/** Every stored update of a document, oldest first (queued writes and compaction done first). */
	load(docName: string): Uint8Array[] {
		this.flush();
		this.compactQueued(docName);
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
			for (const w of writes) w.failed(error as Error);
			return;
		}
		writes.forEach((w, i) => {
			try {
				w.stored(ids[i]);
			} catch (error) {
				w.failed(error as Error);
			}
		});
	}

	/** The id of a document's newest stored update: it changes whenever the document does. */
	lastId(docName: string): number {
		this.flush();
		return (this.db.prepare('SELECT max(id) AS id FROM updates WHERE doc = ?').get(docName) as { id: number | null }).id ?? 0;
	}

	count(docName: string): number {
		this.flush();
		this.compactQueued(docName);
		return this.countRows.get(docName)?.n ?? 0;
	}

	/** Replaces a document's updates with their merge, all or nothing. */
	compact(docName: string): void {
		this.compactTx(docName);
	}

	/**
	 * Compacts a document soon: queued documents are compacted one per turn of the event loop, so
	 * many documents passing the threshold at once (each merge takes milliseconds) cannot stall
	 * the relay for seconds. Queued compactions not run by `close` are dropped (the rows stay).
	 */
	compactSoon(docName: string, onError: (error: Error) => void): void {
		this.compactQueue.set(docName, onError);
		if (this.compactScheduled) return;
		this.compactScheduled = true;
		setImmediate(() => this.compactNext());
	}

	private compactNext(): void {
		this.compactScheduled = false;
		const next = this.compactQueue.keys().next();
		if (next.done || !this.db.open) return;
		this.compactQueued(next.value);
		if (this.compactQueue.size === 0) return;
		this.compactScheduled = true;
		setImmediate(() => this.compactNext());
	}

	private compactQueued(docName: string): void {
		const onError = this.compactQueue.get(docName);
		if (!onError) return;
		this.compactQueue.delete(docName);
		try {
			this.compact(docName);
		} catch (error) {
			onError(error as Error);
		}
	}

	close(): void {
		if (!this.db.open) return;
		this.flush();
		this.compactQueue.clear();
		this.db.close();
	}
}
