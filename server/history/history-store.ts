// The entry history's table (docs/data-model.md, "Entry history"): append-only, one row per change
// an update made to a ledger entry, written in the same transaction as the update itself
// (relay/store.ts), so a stored update and its history are never apart. Plain, parameterised SQL
// that PostgreSQL runs as well (BIGINT for milliseconds, no AUTOINCREMENT, no SQLite functions).
import type Database from 'better-sqlite3';
import type { EntryChange } from './entry-changes';

/** Rows recorded when the history was first built from the updates stored before it was kept. */
export const BACKFILLED = 'backfilled';

export interface HistoryRow {
	updateId: number;
	seq: number;
	entry: string;
	actor: string;
	receivedAt: number;
	kind: EntryChange['kind'];
	field: string | null;
	before: unknown;
	after: unknown;
	/** `restored:<updateId>` for an office restore, `backfilled` for a change found in older updates. */
	note: string | null;
}

/** What the committing store hands over with an update: who sent it and what it did. */
export interface HistoryRecord {
	actor: string;
	changes: EntryChange[];
	note?: string;
}

export interface DbRow {
	update_id: number;
	seq: number;
	entry: string;
	actor: string;
	received_at: number;
	kind: string;
	field: string | null;
	before_json: string | null;
	after_json: string | null;
	note: string | null;
}

export const HISTORY_SCHEMA = `
	CREATE TABLE IF NOT EXISTS entry_history (
		update_id BIGINT NOT NULL,
		seq INTEGER NOT NULL,
		doc TEXT NOT NULL,
		entry TEXT NOT NULL,
		actor TEXT NOT NULL,
		received_at BIGINT NOT NULL,
		kind TEXT NOT NULL,
		field TEXT,
		before_json TEXT,
		after_json TEXT,
		note TEXT,
		PRIMARY KEY (update_id, seq)
	);
	CREATE INDEX IF NOT EXISTS entry_history_entry ON entry_history (doc, entry, update_id);
	CREATE TABLE IF NOT EXISTS history_marks (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
`;

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

/** The columns of `entry_history` in insert order (both back ends). */
export const HISTORY_COLUMNS = 'update_id, seq, doc, entry, actor, received_at, kind, field, before_json, after_json, note';
export type HistoryInsert = [number, number, string, string, string, number, string, string | null, string | null, string | null, string | null];

/** The rows that record what update `updateId` did, in insert order. */
export function historyRowsOf(updateId: number, doc: string, receivedAt: number, { actor, changes, note }: HistoryRecord): HistoryInsert[] {
	return changes.map((c, seq) => {
		const [field, before, after] = c.kind === 'created' ? [null, null, c.facts] : c.kind === 'fact' ? [c.field, c.before, c.after] : [null, null, c.event];
		return [updateId, seq, doc, c.entry, actor, receivedAt, c.kind, field, json(before), json(after), note ?? null];
	});
}

/** A stored row as the history reads it (numbers from PostgreSQL's BIGINT arrive as strings). */
export function historyRowOf(r: DbRow): HistoryRow {
	return {
		updateId: Number(r.update_id),
		seq: Number(r.seq),
		entry: r.entry,
		actor: r.actor,
		receivedAt: Number(r.received_at),
		kind: r.kind as HistoryRow['kind'],
		field: r.field,
		before: parse(r.before_json),
		after: parse(r.after_json),
		note: r.note
	};
}

export class HistoryStore {
	readonly #insert: Database.Statement;
	readonly #forEntry: Database.Statement<[string, string], DbRow>;
	readonly #forget: Database.Statement<[number]>;
	readonly #getMark: Database.Statement<[string], { value: number }>;
	readonly #setMark: Database.Statement<[string, number]>;

	constructor(db: Database.Database) {
		db.exec(HISTORY_SCHEMA);
		this.#insert = db.prepare(
			`INSERT INTO entry_history (${HISTORY_COLUMNS})
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		);
		this.#forEntry = db.prepare(
			`SELECT update_id, seq, entry, actor, received_at, kind, field, before_json, after_json, note
			 FROM entry_history WHERE doc = ? AND entry = ? ORDER BY update_id, seq`
		);
		this.#forget = db.prepare('DELETE FROM entry_history WHERE update_id = ?');
		this.#getMark = db.prepare('SELECT value FROM history_marks WHERE name = ?');
		this.#setMark = db.prepare('INSERT INTO history_marks (name, value) VALUES (?, ?)');
	}

	/** Appends what update `updateId` did; run inside the transaction that stores the update. */
	record(updateId: number, doc: string, receivedAt: number, record: HistoryRecord): void {
		for (const row of historyRowsOf(updateId, doc, receivedAt, record)) this.#insert.run(...row);
	}

	/** Takes back the rows of an update the store took back (it could not be integrated). */
	forget(updateId: number): void {
		this.#forget.run(updateId);
	}

	/** An entry's rows, in the order the server committed them. */
	forEntry(doc: string, entry: string): HistoryRow[] {
		return this.#forEntry.all(doc, entry).map(historyRowOf);
	}

	mark(name: string): number | null {
		return this.#getMark.get(name)?.value ?? null;
	}

	setMark(name: string, value: number): void {
		this.#setMark.run(name, value);
	}
}

/** The person behind a stored sender: `<person>#<connection>` (a client), `office:<person>`, `leader:<person>`. */
export function actorOf(sender: string): string {
	const client = /^([^#:]+)#\d+$/.exec(sender);
	if (client) return client[1];
	const server = /^(?:office|leader):(.+)$/.exec(sender);
	return server ? server[1] : sender;
}
