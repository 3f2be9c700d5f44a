// The server's storage: SQLite in the data dir by default, PostgreSQL when YIXIAN_DATABASE_URL is
// set (server/storage/). The schema lives in server/storage/migrations/. The relay's update log
// follows the same choice (server/relay/update-log.ts).
import { openStorage, type Storage } from './storage/open';

/**
 * A SQLite file's PRAGMA user_version: 1 since the first schema, and kept at 1 (versions are in
 * the schema_migrations table now). Backups are recognised by it (server/ops/backup.ts).
 */
export const SCHEMA_VERSION = 1;

export type Db = Storage;

/** The migrated storage: PostgreSQL when `databaseUrl` is a postgres:// URL, else the SQLite file. */
export function openDb(file: string, databaseUrl?: string): Promise<Db> {
	return openStorage({ file, databaseUrl });
}
