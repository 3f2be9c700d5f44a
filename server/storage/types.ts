// The storage interface every server store uses: a few async calls, two implementations
// (SQLite in the data dir by default, PostgreSQL when YIXIAN_DATABASE_URL is set).
// SQL is written once, portably: `?` placeholders (translated to $1… for PostgreSQL), quoted
// camelCase aliases (`AS "streetId"`; PostgreSQL folds unquoted ones to lower case), ON CONFLICT,
// RETURNING, times as integers (BIGINT on PostgreSQL, read back as numbers), bytes as Buffers.

export type Param = string | number | bigint | boolean | null | Uint8Array;

export interface Queryable {
	/** Every row. */
	query<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
	/** The first row, or undefined. */
	get<T>(sql: string, params?: readonly Param[]): Promise<T | undefined>;
	/** A statement without rows; `changes` is how many rows it touched. */
	run(sql: string, params?: readonly Param[]): Promise<{ changes: number }>;
	/** Several statements without parameters (DDL in migrations). */
	exec(sql: string): Promise<void>;
}

export type Dialect = 'sqlite' | 'postgres';

export interface Storage extends Queryable {
	readonly dialect: Dialect;
	/**
	 * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Other
	 * callers' statements never interleave with it (SQLite: they wait; PostgreSQL: own connection).
	 */
	transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
	/**
	 * Runs `fn` while holding a lock named by `key` across every process of the district
	 * (PostgreSQL: a session advisory lock on a connection held for the purpose; SQLite: one
	 * process serves a file, so within this process only). Work that must happen once (migrations,
	 * and later compaction, warm-up, reminders) takes it.
	 */
	exclusive<T>(key: number, fn: () => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

/** A unique or primary key was violated (both dialects). */
export function isUniqueViolation(error: unknown): boolean {
	const code = (error as { code?: string } | null)?.code;
	return code === '23505' || (typeof code === 'string' && (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'));
}

/** Any constraint was violated (unique, foreign key, check, not null). */
export function isConstraintViolation(error: unknown): boolean {
	const code = (error as { code?: string } | null)?.code;
	return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || code.startsWith('23'));
}
