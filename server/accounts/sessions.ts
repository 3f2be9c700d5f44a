// Sessions: one per sign-in on one device. A session is a family of refresh tokens (each used
// once, rotated on every refresh) and the access tokens issued with them, which name the session
// (`sid`). Ending a session — signing out, a password reset, a disable, or a spent refresh token
// presented again (theft: attacker and owner hold the same family) — ends every token of it at
// once: the API and the relay check the session on every call and upgrade.
// The tables come from the storage's migrations (server/storage/migrations/002-sessions.ts).
import { createHash, randomBytes } from 'node:crypto';
import { newId } from '../../src/lib/domain/ids';
import type { Queryable, Storage } from '../storage/open';

export type EndReason = 'signed-out' | 'password-reset' | 'disabled' | 'refresh-reused';

const sha256 = (token: string) => createHash('sha256').update(token).digest('base64url');

export class Sessions {
	constructor(
		private db: Storage,
		/** Called after sessions ended, to cut what they hold open (live connections). */
		private onEnded: (ended: { personId: string; sessionId?: string; reason: EndReason }) => Promise<void> | void
	) {}

	/** A new session for a sign-in, with its first refresh token. */
	async start(personId: string, days: number): Promise<{ sessionId: string; refresh: string }> {
		const sessionId = newId();
		const now = Date.now();
		const refresh = await this.db.transaction(async (tx) => {
			await tx.run('INSERT INTO sessions (id, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [sessionId, personId, now, now + days * 86_400_000]);
			await this.#prune(tx, now);
			return this.#issue(tx, sessionId, personId, days);
		});
		return { sessionId, refresh };
	}

	/**
	 * Spends a refresh token and gives the next one of its session. null when the token is unknown,
	 * expired or its session ended. A token that was already spent ends its whole session.
	 */
	async rotate(token: string, days: number): Promise<{ personId: string; sessionId: string; refresh: string } | null> {
		const hash = sha256(token);
		let reused: { personId: string; sessionId: string } | null = null;
		const result = await this.db.transaction(async (tx) => {
			// PostgreSQL: FOR UPDATE makes two refreshes with the same token take turns, so exactly one wins.
			const row = await tx.get<{ person_id: string; session_id: string; expires_at: number; used_at: number | null }>(
				`SELECT person_id, session_id, expires_at, used_at FROM refresh_tokens WHERE hash = ?${this.db.dialect === 'postgres' ? ' FOR UPDATE' : ''}`,
				[hash]
			);
			if (!row) return null;
			// An ended session has nothing left to end (and its tokens stay to say why: `ownerOf`).
			if (!(await this.#alive(tx, row.session_id, row.person_id))) return null;
			if (row.used_at !== null) {
				await this.#endRows(tx, row.session_id, 'refresh-reused');
				reused = { personId: row.person_id, sessionId: row.session_id };
				return null;
			}
			if (row.expires_at < Date.now()) return null;
			await tx.run('UPDATE refresh_tokens SET used_at = ? WHERE hash = ?', [Date.now(), hash]);
			await tx.run('UPDATE sessions SET expires_at = ? WHERE id = ?', [Date.now() + days * 86_400_000, row.session_id]);
			return { personId: row.person_id, sessionId: row.session_id, refresh: await this.#issue(tx, row.session_id, row.person_id, days) };
		});
		if (reused) await this.onEnded({ ...(reused as { personId: string; sessionId: string }), reason: 'refresh-reused' });
		return result;
	}

	/** Whether access tokens naming this session may still be used. */
	alive(sessionId: string, personId: string): Promise<boolean> {
		return this.#alive(this.db, sessionId, personId);
	}

	async #alive(db: Queryable, sessionId: string, personId: string): Promise<boolean> {
		const row = await db.get<{ person_id: string; ended_at: number | null }>('SELECT person_id, ended_at FROM sessions WHERE id = ?', [sessionId]);
		return !!row && row.person_id === personId && row.ended_at === null;
	}

	/** Signing out on one device: the session of that refresh token ends, spent or not. */
	async endByRefresh(token: string): Promise<void> {
		const row = await this.db.get<{ person_id: string; session_id: string }>('SELECT person_id, session_id FROM refresh_tokens WHERE hash = ?', [sha256(token)]);
		if (!row) return;
		await this.db.transaction((tx) => this.#endRows(tx, row.session_id, 'signed-out'));
		await this.onEnded({ personId: row.person_id, sessionId: row.session_id, reason: 'signed-out' });
	}

	/**
	 * Every session of the person (password reset, disable). The refresh tokens are kept (spent for
	 * good: their sessions ended, `rotate` refuses them) until they expire, so that a device
	 * presenting one is told its account is disabled (`ownerOf`) and drops the stations' data it
	 * holds — also when the person's password was reset before or after the disable (a lost phone).
	 */
	async endAll(personId: string, reason: EndReason): Promise<void> {
		const now = Date.now();
		await this.db.run('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE person_id = ? AND ended_at IS NULL', [now, reason, personId]);
		await this.onEnded({ personId, reason });
	}

	/** Whose refresh token this is (spent, expired or of an ended session alike), or null if unknown. */
	async ownerOf(token: string): Promise<string | null> {
		const row = await this.db.get<{ person_id: string }>('SELECT person_id FROM refresh_tokens WHERE hash = ?', [sha256(token)]);
		return row?.person_id ?? null;
	}

	async #endRows(tx: Queryable, sessionId: string, reason: EndReason) {
		await tx.run('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL', [Date.now(), reason, sessionId]);
		await tx.run('DELETE FROM refresh_tokens WHERE session_id = ?', [sessionId]);
	}

	async #issue(tx: Queryable, sessionId: string, personId: string, days: number): Promise<string> {
		const token = randomBytes(32).toString('base64url');
		const now = Date.now();
		await tx.run('INSERT INTO refresh_tokens (hash, person_id, session_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?)', [sha256(token), personId, sessionId, now + days * 86_400_000, now]);
		return token;
	}

	/** Expired tokens, and sessions over for a month, are of no use to anyone. */
	async #prune(tx: Queryable, now: number) {
		await tx.run('DELETE FROM refresh_tokens WHERE expires_at < ?', [now]);
		await tx.run('DELETE FROM sessions WHERE expires_at < ? OR ended_at < ?', [now - 30 * 86_400_000, now - 30 * 86_400_000]);
	}
}
