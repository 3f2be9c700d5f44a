// Which storage the server uses: PostgreSQL when YIXIAN_DATABASE_URL names one, else the SQLite
// file in the data dir (no setup). Migrated before it is handed out.
import { migrate } from './migrate';
import { PostgresStorage } from './postgres';
import { SqliteStorage } from './sqlite';
import type { Storage } from './types';

export type { Storage, Queryable, Param, Dialect } from './types';
export { isUniqueViolation, isConstraintViolation } from './types';

export function isPostgresUrl(url: string | undefined): url is string {
	return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** The storage, unmigrated (the admin CLI's copy commands, tests). */
export function connectStorage(where: { databaseUrl?: string; file: string }): Storage {
	return isPostgresUrl(where.databaseUrl) ? new PostgresStorage(where.databaseUrl) : new SqliteStorage(where.file);
}

export async function openStorage(where: { databaseUrl?: string; file: string }): Promise<Storage> {
	const db = connectStorage(where);
	try {
		await migrate(db);
	} catch (error) {
		await db.close().catch(() => {});
		throw error;
	}
	return db;
}
