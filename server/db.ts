// The server's SQLite database: the directory (streets, stations, people, assignments), sessions
// and the audit log. The relay keeps its update log in the same file (server/relay/store.ts).
import Database from 'better-sqlite3';

const MIGRATIONS: string[] = [
	`CREATE TABLE streets (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL UNIQUE,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE stations (
		id TEXT PRIMARY KEY,
		street_id TEXT NOT NULL REFERENCES streets(id),
		name TEXT NOT NULL,
		kind TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE people (
		id TEXT PRIMARY KEY,
		phone TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		role TEXT NOT NULL CHECK (role IN ('office', 'leader', 'member')),
		unit TEXT NOT NULL DEFAULT '',
		position TEXT NOT NULL DEFAULT '',
		password_hash TEXT NOT NULL,
		disabled INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	);
	CREATE TABLE assignments (
		person_id TEXT NOT NULL REFERENCES people(id),
		station_id TEXT NOT NULL REFERENCES stations(id),
		role TEXT NOT NULL CHECK (role IN ('cadre', 'assistant', 'liaison', 'lawyer')),
		PRIMARY KEY (person_id, station_id)
	);
	CREATE INDEX assignments_by_station ON assignments(station_id);
	CREATE TABLE street_leaders (
		person_id TEXT NOT NULL REFERENCES people(id),
		street_id TEXT NOT NULL REFERENCES streets(id),
		PRIMARY KEY (person_id, street_id)
	);
	CREATE TABLE refresh_tokens (
		hash TEXT PRIMARY KEY,
		person_id TEXT NOT NULL REFERENCES people(id),
		expires_at INTEGER NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE INDEX refresh_tokens_by_person ON refresh_tokens(person_id);
	CREATE TABLE audit (
		id INTEGER PRIMARY KEY,
		at INTEGER NOT NULL,
		actor TEXT NOT NULL,
		action TEXT NOT NULL,
		detail TEXT NOT NULL
	);`
];

/** The schema version a database gets from openDb (its user_version). */
export const SCHEMA_VERSION = MIGRATIONS.length;

export type Db = Database.Database;

export function openDb(file: string): Db {
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	const version = db.pragma('user_version', { simple: true }) as number;
	db.transaction(() => {
		for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
		db.pragma(`user_version = ${MIGRATIONS.length}`);
	})();
	return db;
}
