// Versioned migrations through umzug (sequelize's migration runner: plain async functions, any
// database, its own record of what ran). Each migration runs in one transaction; the names applied
// are kept in `schema_migrations`. On PostgreSQL an advisory lock lets only one process migrate at
// a time (several server processes may start together). A SQLite file made before this (its
// schema in PRAGMA user_version) upgrades in place: the early migrations are IF NOT EXISTS.
import { Umzug, type UmzugStorage } from 'umzug';
import { MIGRATIONS, type Migration } from './migrations/index';
import type { Storage } from './types';

/** Any number; the same in every process of the district. */
const MIGRATION_LOCK = 7_311_001;

class TableRecord implements UmzugStorage<Storage> {
	constructor(private db: Storage) {}
	async #ensure() {
		await this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
	}
	async logMigration({ name }: { name: string }) {
		await this.#ensure();
		await this.db.run('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [name, Date.now()]);
	}
	async unlogMigration({ name }: { name: string }) {
		await this.db.run('DELETE FROM schema_migrations WHERE name = ?', [name]);
	}
	async executed(): Promise<string[]> {
		await this.#ensure();
		return (await this.db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name);
	}
}

/** Applies what is pending; returns the names applied now. */
export async function migrate(db: Storage, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
	const umzug = new Umzug<Storage>({
		migrations: migrations.map((m) => ({ name: m.name, up: ({ context }) => context.transaction((tx) => m.up(tx, context.dialect)) })),
		context: db,
		storage: new TableRecord(db),
		logger: undefined
	});
	return db.exclusive(MIGRATION_LOCK, async () => (await umzug.up()).map((m) => m.name));
}

/** The names applied so far. */
export async function appliedMigrations(db: Storage): Promise<string[]> {
	return new TableRecord(db).executed();
}
