// The relay's update log in PostgreSQL (YIXIAN_DATABASE_URL), with node-postgres. Same contract as
// the SQLite log (update-log.ts): the updates queued in one turn are inserted by one statement
// (one transaction under their documents' locks, one commit: DOC_LOCKS), batches are committed one after the other in order, and the
// callbacks run only after the commit — so no peer receives an update, and no client gets its
// acknowledgement, before PostgreSQL has it. Compaction merges in the worker (compactor.ts) and
// swaps under row locks, so two processes compacting one document cannot both swap.
import pg from 'pg';
import { Compactor, compactedSender, type MergeInput } from './compactor.js';
import { Merger } from './merger.js';
import type { UpdateLog, UpdateLogOptions } from './update-log.js';
import { HISTORY_COLUMNS, historyRowOf, historyRowsOf, type DbRow, type HistoryRecord, type HistoryRow } from '../history/history-store.js';
import { migrate } from '../storage/migrate.js';
import { PostgresStorage } from '../storage/postgres.js';
import { settle, type PendingWrite } from './pending-writes.js';

/**
 * The log's tables come from the storage layer's versioned migrations (006-update-log): brought up
 * to date at connect, a no-op when the server's storage already did it (the full server migrates
 * first; the relay also runs on its own, bench:relay). An advisory lock keeps concurrent starts apart.
 */
async function migrated(url: string): Promise<void> {
	const storage = new PostgresStorage(url, { max: 2 }); // one holds the advisory lock, one migrates
	try {
		await migrate(storage);
	} finally {
		await storage.close();
	}
}

/**
 * The first key of the per-document transaction locks (`pg_advisory_xact_lock(int, int)`; the
 * second is the name's hash): every statement that gives a document a row takes its lock first, so
 * the rows of one document are committed in the order of their ids, also when several processes
 * write it. Without it a process whose transaction took longer committed a lower id after another
 * process's higher one, and `lastId` (max id), under which server reads and derived statistics are
 * kept, did not move although the document had changed.
 */
const DOC_LOCKS = 0x59784c67; // "YxLg"
/** Locks the documents named (duplicates allowed) in one order for everyone: no two batches deadlock. */
const LOCK_DOCS = `SELECT pg_advisory_xact_lock(${DOC_LOCKS}, k) FROM (SELECT DISTINCT hashtext(d) AS k FROM unnest($1::text[]) d ORDER BY k) keys`;

const toBuffer = (u: Uint8Array) => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));

export class PostgresUpdateLog implements UpdateLog {
	readonly kind = 'postgres';
	readonly sync = null;
	readonly #pool: pg.Pool;
	readonly #ready: Promise<void>;
	readonly #merger: Merger;
	readonly #compactor: Compactor;
	#pending: PendingWrite[] = [];
	#flushScheduled = false;
	/** The write queue: batches, removals and swaps run one after the other, in order. */
	#chain: Promise<void> = Promise.resolve();
	#closed = false;

	readonly #now: () => number;

	constructor(url: string, options: Pick<UpdateLogOptions, 'poolSize' | 'compactionGapMs' | 'merger' | 'now'> = {}) {
		this.#now = options.now ?? Date.now;
		this.#merger = options.merger ?? new Merger();
		this.#pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 8 });
		// An idle connection's error (the server restarted) must not end the process; the next query reconnects.
		this.#pool.on('error', () => {});
		this.#ready = migrated(url);
		this.#ready.catch(() => {}); // reported by every operation that awaits it
		this.#compactor = new Compactor({ mergeInput: (d) => this.#mergeInput(d), swap: (d, i, m) => this.#swap(d, i, m) }, this.#merger, options.compactionGapMs);
	}

	async load(docName: string): Promise<Uint8Array[]> {
		await this.#written();
		const { rows } = await this.#pool.query<{ bytes: Buffer }>('SELECT bytes FROM updates WHERE doc = $1 ORDER BY id', [docName]);
		return rows.map((r) => r.bytes);
	}

	append(docName: string, update: Uint8Array, sender: string, receivedAt = this.#now(), history?: HistoryRecord): Promise<number> {
		return new Promise((resolve, reject) => this.#queue({ docName, update, sender, receivedAt, history, stored: resolve, failed: reject }));
	}

	appendSoon(docName: string, update: Uint8Array, sender: string, stored: (rowId: number) => void, failed: (error: Error) => void, history?: HistoryRecord): void {
		this.#queue({ docName, update, sender, receivedAt: this.#now(), history, stored, failed });
	}

	async entryHistory(docName: string, entry: string): Promise<HistoryRow[]> {
		await this.#written();
		const { rows } = await this.#pool.query<DbRow>(
			`SELECT ${HISTORY_COLUMNS} FROM entry_history WHERE doc = $1 AND entry = $2 ORDER BY update_id, seq`,
			[docName, entry]
		);
		return rows.map(historyRowOf);
	}

	remove(id: number): Promise<void> {
		return this.#write(async () => {
			await this.#pool.query('WITH gone AS (DELETE FROM entry_history WHERE update_id = $1) DELETE FROM updates WHERE id = $1', [id]);
		});
	}

	async lastId(docName: string): Promise<number> {
		await this.#written();
		const { rows } = await this.#pool.query<{ id: string | null }>('SELECT max(id) AS id FROM updates WHERE doc = $1', [docName]);
		return Number(rows[0].id ?? 0);
	}

	async count(docName: string): Promise<number> {
		await this.#written();
		const { rows } = await this.#pool.query<{ n: string }>('SELECT count(*) AS n FROM updates WHERE doc = $1', [docName]);
		return Number(rows[0].n);
	}

	compact(docName: string): Promise<boolean> {
		return this.#compactor.compact(docName);
	}

	compactSoon(docName: string, onError: (error: Error) => void): void {
		this.#compactor.schedule(docName, onError);
	}

	async settled(): Promise<void> {
		await this.#written();
		await this.#compactor.idle();
		await this.#written();
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		await this.#written();
		await this.#compactor.close();
		await this.#merger.close();
		this.#closed = true;
		await this.#chain;
		await this.#pool.end();
	}

	#queue(write: PendingWrite): void {
		if (this.#closed) return write.failed(new Error('update log closed'));
		this.#pending.push(write);
		if (this.#flushScheduled) return;
		this.#flushScheduled = true;
		setImmediate(() => {
			this.#flushScheduled = false;
			void this.#write(() => this.#commitPending());
		});
	}

	/** Runs `step` after every write queued before it; its failure is the caller's alone. */
	#write(step: () => Promise<void>): Promise<void> {
		const run = this.#chain.then(step);
		this.#chain = run.catch(() => {});
		return run;
	}

	/** Resolves when everything queued so far is committed (or failed). */
	#written(): Promise<void> {
		if (this.#pending.length > 0) void this.#write(() => this.#commitPending());
		return this.#chain.then(() => this.#ready);
	}

	/** Inserts every queued update with one statement, then runs their callbacks in order. */
	async #commitPending(): Promise<void> {
		const writes = this.#pending;
		this.#pending = [];
		if (writes.length === 0) return;
		let ids: number[];
		try {
			await this.#ready;
			ids = await this.#insertLocked(writes);
		} catch (error) {
			return settle(writes, { error: error as Error });
		}
		settle(writes, { ids });
	}

	/** One statement for the batch; the ids in the writes' order. */
	async #insert(db: pg.PoolClient, writes: PendingWrite[]): Promise<number[]> {
		const { rows } = await db.query<{ id: string }>(
			`INSERT INTO updates (doc, bytes, sender, received_at)
			 SELECT * FROM unnest($1::text[], $2::bytea[], $3::text[], $4::bigint[])
			 RETURNING id`,
			[writes.map((w) => w.docName), writes.map((w) => toBuffer(w.update)), writes.map((w) => w.sender), writes.map((w) => w.receivedAt)]
		);
		// The sequence numbers the rows in the order unnest gives them: ascending ids are the writes' order.
		return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
	}

	/**
	 * The batch and what its updates did to ledger entries (the entry history) in one transaction,
	 * under its documents' locks (DOC_LOCKS).
	 */
	async #insertLocked(writes: PendingWrite[]): Promise<number[]> {
		const client = await this.#pool.connect();
		try {
			await client.query('BEGIN');
			await client.query(LOCK_DOCS, [writes.map((w) => w.docName)]);
			const ids = await this.#insert(client, writes);
			if (!writes.some((w) => w.history?.changes.length)) {
				await client.query('COMMIT');
				return ids;
			}
			const rows = writes.flatMap((w, i) => (w.history?.changes.length ? historyRowsOf(ids[i], w.docName, w.receivedAt, w.history) : []));
			const column = (k: number) => rows.map((r) => r[k]);
			await client.query(
				`INSERT INTO entry_history (${HISTORY_COLUMNS})
				 SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
				Array.from({ length: 11 }, (_, k) => column(k))
			);
			await client.query('COMMIT');
			return ids;
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {});
			throw error;
		} finally {
			client.release();
		}
	}

	async #mergeInput(docName: string): Promise<MergeInput | null> {
		await this.#written();
		const { rows } = await this.#pool.query<{ id: string; bytes: Buffer; received_at: string }>(
			'SELECT id, bytes, received_at FROM updates WHERE doc = $1 ORDER BY id',
			[docName]
		);
		if (rows.length < 2) return null;
		const last = rows[rows.length - 1];
		return { maxId: Number(last.id), rows: rows.length, updates: rows.map((r) => r.bytes), receivedAt: Number(last.received_at) };
	}

	async #swap(docName: string, input: MergeInput, merged: Uint8Array): Promise<boolean> {
		if (this.#closed) return false;
		const client = await this.#pool.connect();
		try {
			await client.query('BEGIN');
			// The merged row gets a new id: after the document's rows being committed elsewhere (DOC_LOCKS).
			await client.query(LOCK_DOCS, [[docName]]);
			// Locks the merged rows: another process compacting the same document waits, then finds them gone.
			const { rows } = await client.query<{ n: string }>(
				'SELECT count(*) AS n FROM (SELECT id FROM updates WHERE doc = $1 AND id <= $2 FOR UPDATE) locked',
				[docName, input.maxId]
			);
			if (Number(rows[0].n) !== input.rows) {
				await client.query('ROLLBACK');
				return false;
			}
			await client.query(
				`INSERT INTO update_history (id, doc, sender, received_at, size)
				 SELECT id, doc, sender, received_at, length(bytes) FROM updates
				 WHERE doc = $1 AND id <= $2 AND sender != $3`,
				[docName, input.maxId, compactedSender]
			);
			await client.query('DELETE FROM updates WHERE doc = $1 AND id <= $2', [docName, input.maxId]);
			await client.query('INSERT INTO updates (doc, bytes, sender, received_at) VALUES ($1, $2, $3, $4)', [docName, toBuffer(merged), compactedSender, input.receivedAt]);
			await client.query('COMMIT');
			return true;
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {});
			throw error;
		} finally {
			client.release();
		}
	}
}
