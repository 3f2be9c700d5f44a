// A SQLite file made before versioned migrations (server/db.ts's user_version scheme) upgrades in
// place when the server opens it, losing nothing.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEGACY_V1_SCHEMA } from './fixtures/legacy-v1';
import { appliedMigrations } from './migrate';
import { MIGRATIONS } from './migrations/index';
import { openStorage } from './open';
import { tempDir } from './test-databases';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => void (tmp = tempDir('h5-legacy-')));
afterEach(() => tmp.remove());

/** The file as the old openDb left it, with a district in it. */
function legacyFile(file: string, more?: (db: Database.Database) => void) {
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.exec(LEGACY_V1_SCHEMA);
	db.pragma('user_version = 1');
	db.prepare("INSERT INTO streets VALUES ('st1', '东街', 1)").run();
	db.prepare("INSERT INTO stations VALUES ('s1', 'st1', '一站', 'community', 2)").run();
	db.prepare("INSERT INTO people VALUES ('p1', '13800000001', '王', 'office', '', '', 'hash', 0, 3, 3)").run();
	db.prepare("INSERT INTO assignments VALUES ('p1', 's1', 'cadre')").run();
	db.prepare("INSERT INTO refresh_tokens VALUES ('h1', 'p1', 1900000000000, 4)").run();
	db.prepare("INSERT INTO audit (at, actor, action, detail) VALUES (5, 'p1', 'street.create', '{}')").run();
	// The relay's update log lives in the same file and is not touched.
	db.exec('CREATE TABLE updates (id INTEGER PRIMARY KEY, doc TEXT NOT NULL, bytes BLOB NOT NULL, sender TEXT NOT NULL, received_at INTEGER NOT NULL)');
	db.prepare("INSERT INTO updates (doc, bytes, sender, received_at) VALUES ('s1/board', x'0102', 'p1', 6)").run();
	more?.(db);
	db.close();
}

describe('a SQLite file made by the old code', () => {
	it('from before sessions: upgrades in place, every refresh token becoming a session of its own', async () => {
		const file = tmp.file('old.db');
		legacyFile(file);
		const db = await openStorage({ file });
		try {
			expect(await appliedMigrations(db)).toEqual(MIGRATIONS.map((m) => m.name));
			expect(await db.query('SELECT id, name FROM streets')).toEqual([{ id: 'st1', name: '东街' }]);
			expect(await db.query('SELECT person_id, station_id, role FROM assignments')).toEqual([{ person_id: 'p1', station_id: 's1', role: 'cadre' }]);
			const token = await db.get<{ session_id: string; person_id: string }>('SELECT session_id, person_id FROM refresh_tokens WHERE hash = ?', ['h1']);
			expect(token?.session_id).toBeTruthy();
			expect(await db.get('SELECT person_id, expires_at, ended_at FROM sessions WHERE id = ?', [token!.session_id])).toEqual({ person_id: 'p1', expires_at: 1900000000000, ended_at: null });
			expect(await db.query('SELECT at, action FROM audit')).toEqual([{ at: 5, action: 'street.create' }]);
			expect(await db.query('SELECT doc, hex(bytes) AS "hex" FROM updates')).toEqual([{ doc: 's1/board', hex: '0102' }]);
			// A backup of it is still recognised as a Yixian file.
			expect(await db.get('SELECT user_version AS "v" FROM pragma_user_version')).toEqual({ v: 1 });
		} finally {
			await db.close();
		}
	});

	it("with the features' tables its stores made on first use: keeps their rows, adds nothing twice", async () => {
		const file = tmp.file('newer.db');
		legacyFile(file, (db) => {
			db.exec('CREATE TABLE sessions (id TEXT PRIMARY KEY, person_id TEXT NOT NULL REFERENCES people(id), created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, ended_at INTEGER, end_reason TEXT)');
			db.exec('ALTER TABLE refresh_tokens ADD COLUMN session_id TEXT; ALTER TABLE refresh_tokens ADD COLUMN used_at INTEGER');
			db.prepare("INSERT INTO sessions VALUES ('sess1', 'p1', 4, 1900000000000, NULL, NULL)").run();
			db.prepare("UPDATE refresh_tokens SET session_id = 'sess1'").run();
			db.exec('CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
			db.prepare("INSERT INTO settings VALUES ('district', '城东区')").run();
			db.exec('CREATE TABLE derived_stats (station_id TEXT PRIMARY KEY, state TEXT NOT NULL, data TEXT NOT NULL)');
			db.prepare("INSERT INTO derived_stats VALUES ('s1', 'abc', '{}')").run();
		});
		const db = await openStorage({ file });
		try {
			expect(await db.query('SELECT id FROM sessions')).toEqual([{ id: 'sess1' }]);
			expect(await db.query('SELECT session_id FROM refresh_tokens')).toEqual([{ session_id: 'sess1' }]);
			expect(await db.query('SELECT value FROM settings')).toEqual([{ value: '城东区' }]);
			expect(await db.query('SELECT state FROM derived_stats')).toEqual([{ state: 'abc' }]);
			expect(await db.query("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")).toEqual([{ name: 'rating_submissions_final_delete' }, { name: 'rating_submissions_final_update' }]);
		} finally {
			await db.close();
		}
	});
});
