// Sessions: one per sign-in on one device. A session is a family of refresh tokens (each used
// once, rotated on every refresh) and the access tokens issued with them, which name the session
// (`sid`). Ending a session — signing out, a password reset, a disable, or a spent refresh token
// presented again (theft: attacker and owner hold the same family) — ends every token of it at
// once: the API and the relay check the session on every call and upgrade.
import { createHash, randomBytes } from 'node:crypto';
import { newId } from '../../src/lib/domain/ids';
import type { Db } from '../db';

export type EndReason = 'signed-out' | 'password-reset' | 'disabled' | 'refresh-reused';

const sha256 = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Creates what sessions need in a data file made before them (idempotent; the CLI runs it too). */
function ensureSchema(db: Db) {
	db.exec(`CREATE TABLE IF NOT EXISTS sessions (
		id TEXT PRIMARY KEY,
		person_id TEXT NOT NULL REFERENCES people(id),
		created_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL,
		ended_at INTEGER,
		end_reason TEXT
	);
	CREATE INDEX IF NOT EXISTS sessions_by_person ON sessions(person_id)`);
	const columns = (db.prepare('PRAGMA table_info(refresh_tokens)').all() as { name: string }[]).map((c) => c.name);
	if (columns.includes('session_id')) return;
	db.transaction(() => {
		db.exec('ALTER TABLE refresh_tokens ADD COLUMN session_id TEXT');
		db.exec('ALTER TABLE refresh_tokens ADD COLUMN used_at INTEGER');
		// Refresh tokens issued before sessions existed each become a session of their own.
		const old = db.prepare('SELECT hash, person_id, expires_at, created_at FROM refresh_tokens').all() as { hash: string; person_id: string; expires_at: number; created_at: number }[];
		for (const t of old) {
			const id = newId();
			db.prepare('INSERT INTO sessions (id, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(id, t.person_id, t.created_at, t.expires_at);
			db.prepare('UPDATE refresh_tokens SET session_id = ? WHERE hash = ?').run(id, t.hash);
		}
		db.exec('CREATE INDEX IF NOT EXISTS refresh_tokens_by_session ON refresh_tokens(session_id)');
	})();
}

export class Sessions {
	constructor(
		private db: Db,
		/** Called after sessions ended, to cut what they hold open (live connections). */
		private onEnded: (ended: { personId: string; sessionId?: string; reason: EndReason }) => void
	) {
		ensureSchema(db);
	}

	/** A new session for a sign-in, with its first refresh token. */
	start(personId: string, days: number): { sessionId: string; refresh: string } {
		const sessionId = newId();
		const now = Date.now();
		this.db.prepare('INSERT INTO sessions (id, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(sessionId, personId, now, now + days * 86_400_000);
		this.#prune(now);
		return { sessionId, refresh: this.#issue(sessionId, personId, days) };
	}

	/**
	 * Spends a refresh token and gives the next one of its session. null when the token is unknown,
	 * expired or its session ended. A token that was already spent ends its whole session.
	 */
	rotate(token: string, days: number): { personId: string; sessionId: string; refresh: string } | null {
		return this.db.transaction(() => {
			const hash = sha256(token);
			const row = this.db.prepare('SELECT person_id, session_id, expires_at, used_at FROM refresh_tokens WHERE hash = ?').get(hash) as
				| { person_id: string; session_id: string; expires_at: number; used_at: number | null }
				| undefined;
			if (!row) return null;
			// An ended session has nothing left to end (and its tokens stay to say why: `ownerOf`).
			if (!this.alive(row.session_id, row.person_id)) return null;
			if (row.used_at !== null) {
				this.#end(row.person_id, row.session_id, 'refresh-reused');
				return null;
			}
			if (row.expires_at < Date.now()) return null;
			this.db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE hash = ?').run(Date.now(), hash);
			this.db.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?').run(Date.now() + days * 86_400_000, row.session_id);
			return { personId: row.person_id, sessionId: row.session_id, refresh: this.#issue(row.session_id, row.person_id, days) };
		})();
	}

	/** Whether access tokens naming this session may still be used. */
	alive(sessionId: string, personId: string): boolean {
		const row = this.db.prepare('SELECT person_id, ended_at FROM sessions WHERE id = ?').get(sessionId) as { person_id: string; ended_at: number | null } | undefined;
		return !!row && row.person_id === personId && row.ended_at === null;
	}

	/** Signing out on one device: the session of that refresh token ends, spent or not. */
	endByRefresh(token: string): void {
		const row = this.db.prepare('SELECT person_id, session_id FROM refresh_tokens WHERE hash = ?').get(sha256(token)) as { person_id: string; session_id: string } | undefined;
		if (row) this.#end(row.person_id, row.session_id, 'signed-out');
	}

	/**
	 * Every session of the person (password reset, disable). A disable keeps the refresh tokens
	 * (spent for good: their sessions ended) until they expire, so that a device presenting one is
	 * told its account is disabled (`ownerOf`) and drops the stations' data it holds.
	 */
	endAll(personId: string, reason: EndReason): void {
		const now = Date.now();
		this.db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE person_id = ? AND ended_at IS NULL').run(now, reason, personId);
		if (reason !== 'disabled') this.db.prepare('DELETE FROM refresh_tokens WHERE person_id = ?').run(personId);
		this.onEnded({ personId, reason });
	}

	/** Whose refresh token this is (spent, expired or of an ended session alike), or null if unknown. */
	ownerOf(token: string): string | null {
		const row = this.db.prepare('SELECT person_id FROM refresh_tokens WHERE hash = ?').get(sha256(token)) as { person_id: string } | undefined;
		return row?.person_id ?? null;
	}

	#end(personId: string, sessionId: string, reason: EndReason) {
		this.db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL').run(Date.now(), reason, sessionId);
		this.db.prepare('DELETE FROM refresh_tokens WHERE session_id = ?').run(sessionId);
		this.onEnded({ personId, sessionId, reason });
	}

	#issue(sessionId: string, personId: string, days: number): string {
		const token = randomBytes(32).toString('base64url');
		const now = Date.now();
		this.db
			.prepare('INSERT INTO refresh_tokens (hash, person_id, session_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?)')
			.run(sha256(token), personId, sessionId, now + days * 86_400_000, now);
		return token;
	}

	/** Expired tokens, and sessions over for a month, are of no use to anyone. */
	#prune(now: number) {
		this.db.prepare('DELETE FROM refresh_tokens WHERE expires_at < ?').run(now);
		this.db.prepare('DELETE FROM sessions WHERE expires_at < ? OR ended_at < ?').run(now - 30 * 86_400_000, now - 30 * 86_400_000);
	}
}
