// Dispatch meetings (调度会) and their agendas. Not a CRDT: the frontline office runs the meeting
// on the server, and every change is written to the audit log. Tables are this module's own,
// created at startup (server/db.ts's migrations belong to the directory).
import { newId } from '../../src/lib/domain/ids';
import type { Db } from '../db';
import { HttpError } from '../http/json';
import { audit } from './audit';
import type { AgendaItem, AgendaSnapshot, EscalatedEntry, Meeting, MeetingStatus } from '../../src/lib/domain/escalation';

export type { AgendaItem, Meeting };


export function createMeetingTables(db: Db): void {
	db.exec(`
		CREATE TABLE IF NOT EXISTS dispatch_meetings (
			id TEXT PRIMARY KEY,
			date TEXT NOT NULL,
			status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
			minutes TEXT NOT NULL DEFAULT '',
			opened_by TEXT NOT NULL,
			opened_at INTEGER NOT NULL,
			closed_by TEXT NOT NULL DEFAULT '',
			closed_at INTEGER NOT NULL DEFAULT 0
		);
		CREATE UNIQUE INDEX IF NOT EXISTS dispatch_one_open ON dispatch_meetings (status) WHERE status = 'open';
		CREATE TABLE IF NOT EXISTS dispatch_items (
			id TEXT PRIMARY KEY,
			meeting_id TEXT NOT NULL REFERENCES dispatch_meetings (id),
			station_id TEXT NOT NULL,
			entry_id TEXT NOT NULL,
			snapshot TEXT NOT NULL,
			decision TEXT NOT NULL DEFAULT '',
			department TEXT NOT NULL DEFAULT '',
			decided_by TEXT NOT NULL DEFAULT '',
			decided_at INTEGER NOT NULL DEFAULT 0,
			UNIQUE (meeting_id, station_id, entry_id)
		);`);
}

interface MeetingRow { id: string; date: string; status: MeetingStatus; minutes: string; opened_by: string; opened_at: number; closed_by: string; closed_at: number }
interface ItemRow { id: string; meeting_id: string; station_id: string; entry_id: string; snapshot: string; decision: string; department: string; decided_by: string; decided_at: number }

const meetingOf = (r: MeetingRow): Meeting => ({
	id: r.id,
	date: r.date,
	status: r.status,
	minutes: r.minutes,
	openedBy: r.opened_by,
	openedAt: r.opened_at,
	closedBy: r.closed_by,
	closedAt: r.closed_at
});
const itemOf = (r: ItemRow): AgendaItem => ({
	id: r.id,
	meetingId: r.meeting_id,
	stationId: r.station_id,
	entryId: r.entry_id,
	snapshot: JSON.parse(r.snapshot),
	decision: r.decision,
	department: r.department,
	decidedBy: r.decided_by,
	decidedAt: r.decided_at
});

export const snapshotOf = (e: EscalatedEntry): AgendaSnapshot => ({
	stationName: e.stationName,
	streetName: e.streetName,
	content: e.content,
	category: e.category,
	tier: e.tier,
	departments: e.departments,
	responsible: e.responsible,
	deadline: e.deadline,
	receivedOn: e.receivedOn,
	escalationNote: e.escalationNote
});

export class DispatchMeetings {
	constructor(private readonly db: Db) {
		createMeetingTables(db);
	}

	#audit(actor: string, action: string, detail: object) {
		audit(this.db, actor, action, detail);
	}

	list(): Meeting[] {
		return (this.db.prepare('SELECT * FROM dispatch_meetings ORDER BY date DESC, opened_at DESC').all() as MeetingRow[]).map(meetingOf);
	}

	get(id: string): Meeting {
		const row = this.db.prepare('SELECT * FROM dispatch_meetings WHERE id = ?').get(id) as MeetingRow | undefined;
		if (!row) throw new HttpError(404, 'not-found');
		return meetingOf(row);
	}

	items(meetingId: string): AgendaItem[] {
		const rows = this.db.prepare('SELECT * FROM dispatch_items WHERE meeting_id = ? ORDER BY rowid').all(meetingId) as ItemRow[];
		return rows.map(itemOf);
	}

	item(meetingId: string, itemId: string): AgendaItem {
		const row = this.db.prepare('SELECT * FROM dispatch_items WHERE id = ? AND meeting_id = ?').get(itemId, meetingId) as ItemRow | undefined;
		if (!row) throw new HttpError(404, 'not-found');
		return itemOf(row);
	}

	/** One meeting is open at a time: the one the office is preparing or holding. */
	open(actor: string, date: string, agenda: readonly EscalatedEntry[]): Meeting {
		if (this.db.prepare("SELECT 1 FROM dispatch_meetings WHERE status = 'open'").get()) throw new HttpError(409, 'meeting-open');
		const id = newId();
		this.db.transaction(() => {
			this.db.prepare("INSERT INTO dispatch_meetings (id, date, status, opened_by, opened_at) VALUES (?, ?, 'open', ?, ?)").run(id, date, actor, Date.now());
			this.#audit(actor, 'dispatch.open', { id, date });
			this.#add(actor, id, agenda);
		})();
		return this.get(id);
	}

	/** Puts entries on an open meeting's agenda that are not on it yet (escalated since it was opened). */
	addToAgenda(actor: string, meetingId: string, agenda: readonly EscalatedEntry[]): number {
		if (this.get(meetingId).status !== 'open') return 0;
		return this.db.transaction(() => this.#add(actor, meetingId, agenda))();
	}

	#add(actor: string, meetingId: string, agenda: readonly EscalatedEntry[]): number {
		const insert = this.db.prepare('INSERT OR IGNORE INTO dispatch_items (id, meeting_id, station_id, entry_id, snapshot) VALUES (?, ?, ?, ?, ?)');
		let added = 0;
		for (const e of agenda) {
			if (insert.run(newId(), meetingId, e.stationId, e.entryId, JSON.stringify(snapshotOf(e))).changes) {
				added++;
				this.#audit(actor, 'dispatch.agenda.add', { meetingId, stationId: e.stationId, entryId: e.entryId });
			}
		}
		return added;
	}

	/** Records a decision; `writeBack` puts it in the entry's timeline and may refuse (the entry moved on). */
	decide(actor: { id: string; name: string }, meetingId: string, itemId: string, input: { decision: string; department: string }, writeBack: (item: AgendaItem, meeting: Meeting) => void): AgendaItem {
		const meeting = this.get(meetingId);
		if (meeting.status !== 'open') throw new HttpError(409, 'meeting-closed');
		const item = this.item(meetingId, itemId);
		// Written to the board first: a decision the entry never received is not recorded as taken.
		writeBack(item, meeting);
		const at = Date.now();
		this.db.transaction(() => {
			this.db
				.prepare('UPDATE dispatch_items SET decision = ?, department = ?, decided_by = ?, decided_at = ? WHERE id = ?')
				.run(input.decision, input.department, actor.name, at, itemId);
			this.#audit(actor.id, 'dispatch.decide', { meetingId, itemId, stationId: item.stationId, entryId: item.entryId, ...input });
		})();
		return this.item(meetingId, itemId);
	}

	setMinutes(actor: string, meetingId: string, minutes: string): Meeting {
		if (this.get(meetingId).status !== 'open') throw new HttpError(409, 'meeting-closed');
		this.db.prepare('UPDATE dispatch_meetings SET minutes = ? WHERE id = ?').run(minutes, meetingId);
		this.#audit(actor, 'dispatch.minutes', { meetingId, length: minutes.length });
		return this.get(meetingId);
	}

	close(actor: { id: string; name: string }, meetingId: string, minutes?: string): Meeting {
		const meeting = this.get(meetingId);
		if (meeting.status !== 'open') throw new HttpError(409, 'meeting-closed');
		this.db.transaction(() => {
			this.db
				.prepare("UPDATE dispatch_meetings SET status = 'closed', minutes = ?, closed_by = ?, closed_at = ? WHERE id = ?")
				.run(minutes ?? meeting.minutes, actor.name, Date.now(), meetingId);
			this.#audit(actor.id, 'dispatch.close', { meetingId });
		})();
		return this.get(meetingId);
	}
}
