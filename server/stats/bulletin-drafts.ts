// Bulletin drafts (简报) kept on the server, so the office can edit one over several days and from
// any device. A table of this module's own; every change is written to the shared audit table.
import { newId } from '../../src/lib/domain/ids';
import type { Db } from '../db';
import type { Queryable } from '../storage/open';

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

const SELECT = 'SELECT id, title, period_from AS "from", period_to AS "to", body, created_at AS "createdAt", updated_at AS "updatedAt", updated_by AS "updatedBy" FROM bulletins';

export class BulletinDrafts {
	constructor(private db: Db) {}

	async #audit(db: Queryable, actor: string, action: string, detail: object) {
		await db.run('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)', [Date.now(), actor, action, JSON.stringify(detail)]);
	}

	async list(): Promise<Omit<Bulletin, 'body'>[]> {
		return (await this.db.query<Bulletin>(`${SELECT} ORDER BY updated_at DESC`)).map((b) => {
			const { body: _body, ...rest } = b;
			return rest;
		});
	}

	get(id: string, db: Queryable = this.db): Promise<Bulletin | undefined> {
		return db.get<Bulletin>(`${SELECT} WHERE id = ?`, [id]);
	}

	create(actor: string, input: { title: string; from: string; to: string; body: string }, now = Date.now()): Promise<Bulletin> {
		const id = newId();
		return this.db.transaction(async (tx) => {
			await tx.run('INSERT INTO bulletins (id, title, period_from, period_to, body, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
				id,
				input.title,
				input.from,
				input.to,
				input.body,
				actor,
				now,
				actor,
				now
			]);
			await this.#audit(tx, actor, 'bulletin.create', { id, from: input.from, to: input.to });
			return (await this.get(id, tx))!;
		});
	}

	/** Undefined when there is no such bulletin. */
	update(actor: string, id: string, patch: { title: string; body: string }, now = Date.now()): Promise<Bulletin | undefined> {
		return this.db.transaction(async (tx) => {
			const { changes } = await tx.run('UPDATE bulletins SET title = ?, body = ?, updated_by = ?, updated_at = ? WHERE id = ?', [patch.title, patch.body, actor, now, id]);
			if (!changes) return undefined;
			await this.#audit(tx, actor, 'bulletin.update', { id });
			return this.get(id, tx);
		});
	}

	remove(actor: string, id: string): Promise<boolean> {
		return this.db.transaction(async (tx) => {
			const { changes } = await tx.run('DELETE FROM bulletins WHERE id = ?', [id]);
			if (changes) await this.#audit(tx, actor, 'bulletin.remove', { id });
			return changes > 0;
		});
	}
}
