// The embedded default: better-sqlite3 on the data dir's file. Statements run synchronously
// underneath; a transaction holds a lock that every other caller's statement waits for, so an
// `await` inside a transaction never lets another request's statements into it.
import Database from 'better-sqlite3';
import type { Param, Queryable, Storage } from './types';

type Bind = (string | number | bigint | null | Buffer)[];
const bind = (params: readonly Param[] = []): Bind =>
	params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : (p as Bind[number])));

export class SqliteStorage implements Storage {
	readonly dialect = 'sqlite';
	readonly db: Database.Database;
	/** Resolves when the running transaction (if any) is over; the next one chains on it. */
	#lock: Promise<void> = Promise.resolve();
	#locked = false;
	readonly #direct: Queryable;

	constructor(file: string) {
		this.db = new Database(file);
		this.db.pragma('journal_mode = WAL');
		this.db.pragma('synchronous = NORMAL');
		this.db.pragma('foreign_keys = ON');
		this.db.pragma('busy_timeout = 5000');
		const db = this.db;
		const statement = (sql: string) => db.prepare(sql);
		this.#direct = {
			query: async <T>(sql: string, params?: readonly Param[]) => statement(sql).all(...bind(params)) as T[],
			get: async <T>(sql: string, params?: readonly Param[]) => statement(sql).get(...bind(params)) as T | undefined,
			run: async (sql: string, params?: readonly Param[]) => ({ changes: statement(sql).run(...bind(params)).changes }),
			exec: async (sql: string) => void db.exec(sql)
		};
	}

	/** Outside a transaction at once; while one runs, after it. */
	async #outside<T>(fn: () => Promise<T>): Promise<T> {
		while (this.#locked) await this.#lock;
		return fn();
	}

	query<T>(sql: string, params?: readonly Param[]): Promise<T[]> {
		return this.#outside(() => this.#direct.query<T>(sql, params));
	}
	get<T>(sql: string, params?: readonly Param[]): Promise<T | undefined> {
		return this.#outside(() => this.#direct.get<T>(sql, params));
	}
	run(sql: string, params?: readonly Param[]): Promise<{ changes: number }> {
		return this.#outside(() => this.#direct.run(sql, params));
	}
	exec(sql: string): Promise<void> {
		return this.#outside(() => this.#direct.exec(sql));
	}

	async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
		while (this.#locked) await this.#lock;
		let release!: () => void;
		this.#locked = true;
		this.#lock = new Promise((resolve) => (release = resolve));
		try {
			this.db.exec('BEGIN IMMEDIATE');
			try {
				const result = await fn(this.#direct);
				this.db.exec('COMMIT');
				return result;
			} catch (error) {
				if (this.db.inTransaction) this.db.exec('ROLLBACK');
				throw error;
			}
		} finally {
			this.#locked = false;
			release();
		}
	}

	readonly #exclusive = new Map<number, Promise<unknown>>();

	async exclusive<T>(key: number, fn: () => Promise<T>): Promise<T> {
		const before = this.#exclusive.get(key) ?? Promise.resolve();
		const mine = before.catch(() => {}).then(fn);
		this.#exclusive.set(key, mine);
		try {
			return await mine;
		} finally {
			if (this.#exclusive.get(key) === mine) this.#exclusive.delete(key);
		}
	}

	async close(): Promise<void> {
		while (this.#locked) await this.#lock;
		if (this.db.open) this.db.close();
	}
}
