// Every action on escalation (a leader's note, the dispatch meeting's steps) goes to the shared
// audit table the directory also writes: who, when, what.
import type { Queryable } from '../storage/open';

export async function audit(db: Queryable, actor: string, action: string, detail: object): Promise<void> {
	await db.run('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)', [Date.now(), actor, action, JSON.stringify(detail)]);
}
