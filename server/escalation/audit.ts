// Every action on escalation (a leader's note, the dispatch meeting's steps) goes to the shared
// audit table the directory also writes: who, when, what.
import type { Db } from '../db';

export function audit(db: Db, actor: string, action: string, detail: object): void {
	db.prepare('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)').run(Date.now(), actor, action, JSON.stringify(detail));
}
