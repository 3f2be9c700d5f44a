// What ended or changed someone's access, written to the storage next to the change itself.
// Other processes (the admin CLI; with PostgreSQL, other server processes) read the rows they did
// not write, polling every second, and act on them as on their own changes: open connections are
// closed or re-checked. (Redis will carry them at once between server processes: the rows stay
// the record for a process that was not listening.)
import { randomBytes } from 'node:crypto';
import type { Storage } from '../storage/open';
import type { EndReason } from './sessions';

export type AccessEvent =
	| { kind: 'sessions-ended'; personId: string; sessionId?: string; reason: EndReason }
	| { kind: 'access-changed'; personId: string };

/** Events older than this are pruned; a server that was down that long has no connections to cut. */
const KEEP_MS = 86_400_000;

export class AccessFeed {
	/** Tells this process's rows from other processes' ones. */
	readonly origin = randomBytes(8).toString('hex');

	private constructor(
		private db: Storage,
		private cursor: number
	) {}

	static async open(db: Storage): Promise<AccessFeed> {
		await db.run('DELETE FROM access_events WHERE at < ?', [Date.now() - KEEP_MS]);
		const { id } = (await db.get<{ id: number }>('SELECT coalesce(max(id), 0) AS "id" FROM access_events'))!;
		return new AccessFeed(db, id);
	}

	async record(event: AccessEvent): Promise<void> {
		const e = event.kind === 'sessions-ended' ? event : { ...event, sessionId: undefined, reason: undefined };
		// A few rows a day (sign-outs, office changes): pruning as we go keeps the table small.
		await this.db.run('DELETE FROM access_events WHERE at < ?', [Date.now() - KEEP_MS]);
		await this.db.run('INSERT INTO access_events (at, origin, person_id, kind, session_id, reason) VALUES (?, ?, ?, ?, ?, ?)', [
			Date.now(),
			this.origin,
			e.personId,
			e.kind,
			e.sessionId ?? null,
			e.reason ?? null
		]);
	}

	/** Events other processes recorded since the last call (one indexed query). */
	async foreign(): Promise<AccessEvent[]> {
		const rows = await this.db.query<{
			id: number;
			origin: string;
			person_id: string;
			kind: AccessEvent['kind'];
			session_id: string | null;
			reason: EndReason | null;
		}>('SELECT id, origin, person_id, kind, session_id, reason FROM access_events WHERE id > ? ORDER BY id', [this.cursor]);
		if (rows.length) this.cursor = rows.at(-1)!.id;
		return rows
			.filter((r) => r.origin !== this.origin)
			.map((r) =>
				r.kind === 'sessions-ended'
					? { kind: r.kind, personId: r.person_id, sessionId: r.session_id ?? undefined, reason: r.reason ?? 'signed-out' }
					: { kind: 'access-changed', personId: r.person_id }
			);
	}
}
