// What ended or changed someone's access, written to the SQLite file next to the change itself.
// The admin CLI is another process on the same file: the server reads the rows other processes
// wrote (polling `PRAGMA data_version`, which moves only when another connection committed) and
// acts on them as on its own changes: open connections are closed or re-checked within a second.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import type { EndReason } from './sessions';

export type AccessEvent =
	| { kind: 'sessions-ended'; personId: string; sessionId?: string; reason: EndReason }
	| { kind: 'access-changed'; personId: string };

/** Events older than this are pruned; a server that was down that long has no connections to cut. */
const KEEP_MS = 86_400_000;

export class AccessFeed {
	/** Tells this process's rows from other processes' ones. */
	readonly origin = randomBytes(8).toString('hex');
	#cursor: number;
	#dataVersion = -1;

	constructor(private db: Db) {
		db.exec(`CREATE TABLE IF NOT EXISTS access_events (
			id INTEGER PRIMARY KEY,
			at INTEGER NOT NULL,
			origin TEXT NOT NULL,
			person_id TEXT NOT NULL,
			kind TEXT NOT NULL,
			session_id TEXT,
			reason TEXT
		)`);
		db.prepare('DELETE FROM access_events WHERE at < ?').run(Date.now() - KEEP_MS);
		this.#cursor = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM access_events').get() as { id: number }).id;
	}

	record(event: AccessEvent): void {
		const e = event.kind === 'sessions-ended' ? event : { ...event, sessionId: undefined, reason: undefined };
		// A few rows a day (sign-outs, office changes): pruning as we go keeps the table small.
		this.db.prepare('DELETE FROM access_events WHERE at < ?').run(Date.now() - KEEP_MS);
		this.db
			.prepare('INSERT INTO access_events (at, origin, person_id, kind, session_id, reason) VALUES (?, ?, ?, ?, ?, ?)')
			.run(Date.now(), this.origin, e.personId, e.kind, e.sessionId ?? null, e.reason ?? null);
	}

	/** Events other processes recorded since the last call (cheap when nothing was committed). */
	foreign(): AccessEvent[] {
		const version = this.db.pragma('data_version', { simple: true }) as number;
		if (version === this.#dataVersion) return [];
		this.#dataVersion = version;
		const rows = this.db.prepare('SELECT id, origin, person_id, kind, session_id, reason FROM access_events WHERE id > ? ORDER BY id').all(this.#cursor) as {
			id: number;
			origin: string;
			person_id: string;
			kind: AccessEvent['kind'];
			session_id: string | null;
			reason: EndReason | null;
		}[];
		if (rows.length) this.#cursor = rows.at(-1)!.id;
		return rows
			.filter((r) => r.origin !== this.origin)
			.map((r) =>
				r.kind === 'sessions-ended'
					? { kind: r.kind, personId: r.person_id, sessionId: r.session_id ?? undefined, reason: r.reason ?? 'signed-out' }
					: { kind: 'access-changed', personId: r.person_id }
			);
	}
}
