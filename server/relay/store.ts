// Durable log of Yjs binary updates per document, in SQLite. Writes are synchronous so the relay can
// persist an update before it forwards it (architecture.md, principle 4).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as Y from 'yjs';

export const compactedSender = '(compacted)';

export class UpdateStore {
	private readonly db: Database.Database;
	private readonly insert: Database.Statement<[string, Uint8Array, string, number]>;
	private readonly select: Database.Statement<[string], { id: number; bytes: Buffer; received_at: number }>;
	private readonly countRows: Database.Statement<[string], { n: number }>;
	private readonly deleteRow: Database.Statement<[number]>;
	private readonly compactTx: (docName: string) => void;

	constructor(file: string, synchronous: 'NORMAL' | 'FULL' = 'NORMAL') {
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
	}

	/** Every stored update of a document, oldest first. */
	load(docName: string): Uint8Array[] {
		return this.select.all(docName).map((r) => r.bytes);
	}

	/** Stores one update durably (committed when this returns); answers its row id. */
	append(docName: string, update: Uint8Array, sender: string, receivedAt = Date.now()): number {
		return Number(this.insert.run(docName, update, sender, receivedAt).lastInsertRowid);
	}

	/** Takes back an update that the in-memory document could not integrate. */
	remove(id: number): void {
		this.deleteRow.run(id);
	}

	count(docName: string): number {
		return this.countRows.get(docName)?.n ?? 0;
	}

	/** Replaces a document's updates with their merge, all or nothing. */
	compact(docName: string): void {
		this.compactTx(docName);
	}

	close(): void {
		if (this.db.open) this.db.close();
	}
}
