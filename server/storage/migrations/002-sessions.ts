// Sessions (server/accounts/sessions.ts): refresh tokens become families, one per sign-in.
// Tokens issued before sessions existed each become a session of their own.
import { newId } from '../../../src/lib/domain/ids';
import type { Migration } from './index';
import { columnsOf, ddl } from './ddl';

export const sessions: Migration = {
	name: '002-sessions',
	async up(db, dialect) {
		await db.exec(
			ddl(
				dialect,
				`CREATE TABLE IF NOT EXISTS sessions (
		id TEXT PRIMARY KEY,
		person_id TEXT NOT NULL REFERENCES people(id),
		created_at {INT} NOT NULL,
		expires_at {INT} NOT NULL,
		ended_at {INT},
		end_reason TEXT
	);
	CREATE INDEX IF NOT EXISTS sessions_by_person ON sessions(person_id)`
			)
		);
		if (!(await columnsOf(db, dialect, 'refresh_tokens')).includes('session_id')) {
			await db.exec(ddl(dialect, 'ALTER TABLE refresh_tokens ADD COLUMN session_id TEXT; ALTER TABLE refresh_tokens ADD COLUMN used_at {INT}'));
			const old = await db.query<{ hash: string; person_id: string; expires_at: number; created_at: number }>('SELECT hash, person_id, expires_at, created_at FROM refresh_tokens');
			for (const t of old) {
				const id = newId();
				await db.run('INSERT INTO sessions (id, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [id, t.person_id, t.created_at, t.expires_at]);
				await db.run('UPDATE refresh_tokens SET session_id = ? WHERE hash = ?', [id, t.hash]);
			}
		}
		await db.exec('CREATE INDEX IF NOT EXISTS refresh_tokens_by_session ON refresh_tokens(session_id)');
	}
};
