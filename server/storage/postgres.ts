// PostgreSQL through node-postgres: a pool; each transaction on a connection of its own.
import pg from 'pg';
import type { Param, Queryable, Storage } from './types';

/** `?` placeholders to `$1, $2…`, leaving string literals, quoted names and comments alone. */
export function toPgPlaceholders(sql: string): string {
	let out = '';
	let n = 0;
	for (let i = 0; i < sql.length; i++) {
		const c = sql[i];
		if (c === "'" || c === '"') {
			const end = sql.indexOf(c, i + 1);
			const stop = end < 0 ? sql.length : end + 1;
			out += sql.slice(i, stop);
			i = stop - 1;
		} else if (c === '-' && sql[i + 1] === '-') {
			const end = sql.indexOf('\n', i);
			const stop = end < 0 ? sql.length : end;
			out += sql.slice(i, stop);
			i = stop - 1;
		} else if (c === '?') out += `$${++n}`;
		else out += c;
	}
	return out;
}

// BIGINT (times in ms, counts) read back as numbers, as better-sqlite3 does: all fit in 2^53.
const types = {
	getTypeParser(oid: number, format?: 'text' | 'binary') {
		if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (v: string) => Number(v);
		return pg.types.getTypeParser(oid, format as 'text');
	}
} as pg.CustomTypesConfig;

const values = (params: readonly Param[] = []) => params.map((p) => (typeof p === 'bigint' ? p.toString() : p));

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
	const q = async <T>(sql: string, params?: readonly Param[]) => client.query({ text: toPgPlaceholders(sql), values: values(params), types });
	return {
		query: async <T>(sql: string, params?: readonly Param[]) => (await q<T>(sql, params)).rows as T[],
		get: async <T>(sql: string, params?: readonly Param[]) => (await q<T>(sql, params)).rows[0] as T | undefined,
		run: async (sql: string, params?: readonly Param[]) => ({ changes: (await q(sql, params)).rowCount ?? 0 }),
		exec: async (sql: string) => void (await client.query(sql))
	};
}

export class PostgresStorage implements Storage {
	readonly dialect = 'postgres';
	readonly pool: pg.Pool;
	readonly #direct: Queryable;

	constructor(url: string, options: { max?: number } = {}) {
		this.pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
		// An idle connection the server dropped must not crash the process; the pool replaces it.
		this.pool.on('error', (error) => console.warn(`postgres: idle connection lost: ${error.message}`));
		this.#direct = queryable(this.pool);
	}

	query<T>(sql: string, params?: readonly Param[]) {
		return this.#direct.query<T>(sql, params);
	}
	get<T>(sql: string, params?: readonly Param[]) {
		return this.#direct.get<T>(sql, params);
	}
	run(sql: string, params?: readonly Param[]) {
		return this.#direct.run(sql, params);
	}
	exec(sql: string) {
		return this.#direct.exec(sql);
	}

	async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
		const client = await this.pool.connect();
		try {
			await client.query('BEGIN');
			const result = await fn(queryable(client));
			await client.query('COMMIT');
			return result;
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {});
			throw error;
		} finally {
			client.release();
		}
	}

	async exclusive<T>(key: number, fn: () => Promise<T>): Promise<T> {
		const client = await this.pool.connect();
		try {
			await client.query('SELECT pg_advisory_lock($1)', [key]);
			try {
				return await fn();
			} finally {
				await client.query('SELECT pg_advisory_unlock($1)', [key]);
			}
		} finally {
			client.release();
		}
	}

	async close(): Promise<void> {
		await this.pool.end();
	}
}
