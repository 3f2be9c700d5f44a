// Bulletin drafts (简报) kept on the server, so the office can edit one over several days and from
// any device. A table of this module's own; every change is written to the shared audit table.
import { newId } from '../../src/lib/domain/ids';
import type { Db } from '../db';

export interface Bulletin {
	id: string;
	title: string;
	from: string;
	to: string;
	body: string;
	createdAt: number;
	updatedAt: number;
	updatedBy: string;
}

const SELECT = 'SELECT id, title, period_from AS "from", period_to AS "to", body, created_at AS createdAt, updated_at AS updatedAt, updated_by AS updatedBy FROM bulletins';

export class BulletinDrafts {
	constructor(private db: Db) {
		db.exec(`CREATE TABLE IF NOT EXISTS bulletins (
			id TEXT PRIMARY KEY,
			title TEXT NOT NULL,
			period_from TEXT NOT NULL,
			period_to TEXT NOT NULL,
			body TEXT NOT NULL,
			created_by TEXT NOT NULL,
			created_at INTEGER NOT NULL,
			updated_by TEXT NOT NULL,
			updated_at INTEGER NOT NULL
		)`);
	}

	#audit(actor: string, action: string, detail: object) {
		this.db.prepare('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)').run(Date.now(), actor, action, JSON.stringify(detail));
	}

	list(): Omit<Bulletin, 'body'>[] {
		return this.db.prepare(`${SELECT} ORDER BY updated_at DESC`).all().map((b) => {
			const { body: _body, ...rest } = b as Bulletin;
			return rest;
		});
	}

	get(id: string): Bulletin | undefined {
		return this.db.prepare(`${SELECT} WHERE id = ?`).get(id) as Bulletin | undefined;
	}

	create(actor: string, input: { title: string; from: string; to: string; body: string }, now = Date.now()): Bulletin {
		const id = newId();
		this.db
			.prepare('INSERT INTO bulletins (id, title, period_from, period_to, body, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
			.run(id, input.title, input.from, input.to, input.body, actor, now, actor, now);
		this.#audit(actor, 'bulletin.create', { id, from: input.from, to: input.to });
		return this.get(id)!;
	}

	/** False when there is no such bulletin. */
	update(actor: string, id: string, patch: { title: string; body: string }, now = Date.now()): Bulletin | undefined {
		const { changes } = this.db.prepare('UPDATE bulletins SET title = ?, body = ?, updated_by = ?, updated_at = ? WHERE id = ?').run(patch.title, patch.body, actor, now, id);
		if (!changes) return undefined;
		this.#audit(actor, 'bulletin.update', { id });
		return this.get(id);
	}

	remove(actor: string, id: string): boolean {
		const { changes } = this.db.prepare('DELETE FROM bulletins WHERE id = ?').run(id);
		if (changes) this.#audit(actor, 'bulletin.remove', { id });
		return changes > 0;
	}
}
