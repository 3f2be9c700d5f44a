// The directory as the first schema had it (server/db.ts, SQLite user_version 1). IF NOT EXISTS:
// a data file made by that code already has these tables and passes through unchanged.
import type { Migration } from './index';
import { ddl } from './ddl';

export const directory: Migration = {
	name: '001-directory',
	async up(db, dialect) {
		await db.exec(
			ddl(
				dialect,
				`CREATE TABLE IF NOT EXISTS streets (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL UNIQUE,
		created_at {INT} NOT NULL
	);
	CREATE TABLE IF NOT EXISTS stations (
		id TEXT PRIMARY KEY,
		street_id TEXT NOT NULL REFERENCES streets(id),
		name TEXT NOT NULL,
		kind TEXT NOT NULL,
		created_at {INT} NOT NULL
	);
	CREATE TABLE IF NOT EXISTS people (
		id TEXT PRIMARY KEY,
		phone TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		role TEXT NOT NULL CHECK (role IN ('office', 'leader', 'member')),
		unit TEXT NOT NULL DEFAULT '',
		position TEXT NOT NULL DEFAULT '',
		password_hash TEXT NOT NULL,
		disabled {INT} NOT NULL DEFAULT 0,
		created_at {INT} NOT NULL,
		updated_at {INT} NOT NULL
	);
	CREATE TABLE IF NOT EXISTS assignments (
		person_id TEXT NOT NULL REFERENCES people(id),
		station_id TEXT NOT NULL REFERENCES stations(id),
		role TEXT NOT NULL CHECK (role IN ('cadre', 'assistant', 'liaison', 'lawyer')),
		PRIMARY KEY (person_id, station_id)
	);
	CREATE INDEX IF NOT EXISTS assignments_by_station ON assignments(station_id);
	CREATE TABLE IF NOT EXISTS street_leaders (
		person_id TEXT NOT NULL REFERENCES people(id),
		street_id TEXT NOT NULL REFERENCES streets(id),
		PRIMARY KEY (person_id, street_id)
	);
	CREATE TABLE IF NOT EXISTS refresh_tokens (
		hash TEXT PRIMARY KEY,
		person_id TEXT NOT NULL REFERENCES people(id),
		expires_at {INT} NOT NULL,
		created_at {INT} NOT NULL
	);
	CREATE INDEX IF NOT EXISTS refresh_tokens_by_person ON refresh_tokens(person_id);
	CREATE TABLE IF NOT EXISTS audit (
		id {ID},
		at {INT} NOT NULL,
		actor TEXT NOT NULL,
		action TEXT NOT NULL,
		detail TEXT NOT NULL
	);`
			)
		);
		// Backups (server/ops/backup.ts) recognise a Yixian file by user_version ≥ 1; it stays 1 (the
		// versions live in schema_migrations now).
		if (dialect === 'sqlite') await db.exec('PRAGMA user_version = 1');
	}
};
