// Dispatch meetings (调度会) and their agendas. Not a CRDT: the frontline office runs the meeting
// on the server, and every change is written to the audit log. Tables: server/storage/migrations.
import { newId } from '../../src/lib/domain/ids';
import type { Db } from '../db';
import { isUniqueViolation, type Queryable } from '../storage/open';
import { HttpError } from '../http/json';
import { audit } from './audit';
import type { AgendaItem, AgendaSnapshot, EscalatedEntry, Meeting, MeetingStatus } from '../../src/lib/domain/escalation';

export type { AgendaItem, Meeting };


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
	constructor(private readonly db: Db) {}

	async list(): Promise<Meeting[]> {
		return (await this.db.query<MeetingRow>('SELECT * FROM dispatch_meetings ORDER BY date DESC, opened_at DESC')).map(meetingOf);
	}

	async get(id: string): Promise<Meeting> {
		const row = await this.db.get<MeetingRow>('SELECT * FROM dispatch_meetings WHERE id = ?', [id]);
		if (!row) throw new HttpError(404, 'not-found');
		return meetingOf(row);
	}

	async items(meetingId: string): Promise<AgendaItem[]> {
		return (await this.db.query<ItemRow>('SELECT * FROM dispatch_items WHERE meeting_id = ? ORDER BY position', [meetingId])).map(itemOf);
	}

	async item(meetingId: string, itemId: string): Promise<AgendaItem> {
		const row = await this.db.get<ItemRow>('SELECT * FROM dispatch_items WHERE id = ? AND meeting_id = ?', [itemId, meetingId]);
		if (!row) throw new HttpError(404, 'not-found');
		return itemOf(row);
	}

	/** One meeting is open at a time: the one the office is preparing or holding (a unique index keeps it so). */
	async open(actor: string, date: string, agenda: readonly EscalatedEntry[]): Promise<Meeting> {
		if (await this.db.get("SELECT 1 FROM dispatch_meetings WHERE status = 'open'")) throw new HttpError(409, 'meeting-open');
		const id = newId();
		try {
			await this.db.transaction(async (tx) => {
				await tx.run("INSERT INTO dispatch_meetings (id, date, status, opened_by, opened_at) VALUES (?, ?, 'open', ?, ?)", [id, date, actor, Date.now()]);
				await audit(tx, actor, 'dispatch.open', { id, date });
				await this.#add(tx, actor, id, agenda);
			});
		} catch (error) {
			if (isUniqueViolation(error)) throw new HttpError(409, 'meeting-open');
			throw error;
		}
		return this.get(id);
	}

	/** Puts entries on an open meeting's agenda that are not on it yet (escalated since it was opened). */
	async addToAgenda(actor: string, meetingId: string, agenda: readonly EscalatedEntry[]): Promise<number> {
		if ((await this.get(meetingId)).status !== 'open') return 0;
		return this.db.transaction((tx) => this.#add(tx, actor, meetingId, agenda));
	}

	async #add(tx: Queryable, actor: string, meetingId: string, agenda: readonly EscalatedEntry[]): Promise<number> {
		let added = 0;
		let { position } = (await tx.get<{ position: number }>('SELECT coalesce(max(position), 0) AS "position" FROM dispatch_items WHERE meeting_id = ?', [meetingId]))!;
		for (const e of agenda) {
			const { changes } = await tx.run('INSERT INTO dispatch_items (id, meeting_id, station_id, entry_id, snapshot, position) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
				newId(),
				meetingId,
				e.stationId,
				e.entryId,
				JSON.stringify(snapshotOf(e)),
				position + 1
			]);
			if (changes) {
				added++;
				position++;
				await audit(tx, actor, 'dispatch.agenda.add', { meetingId, stationId: e.stationId, entryId: e.entryId });
			}
		}
		return added;
	}

	/** Records a decision; `writeBack` puts it in the entry's timeline and may refuse (the entry moved on). */
	async decide(actor: { id: string; name: string }, meetingId: string, itemId: string, input: { decision: string; department: string }, writeBack: (item: AgendaItem, meeting: Meeting) => Promise<void>): Promise<AgendaItem> {
		const meeting = await this.get(meetingId);
		if (meeting.status !== 'open') throw new HttpError(409, 'meeting-closed');
		const item = await this.item(meetingId, itemId);
		// Written to the board first: a decision the entry never received is not recorded as taken.
		await writeBack(item, meeting);
		const at = Date.now();
		await this.db.transaction(async (tx) => {
			await tx.run('UPDATE dispatch_items SET decision = ?, department = ?, decided_by = ?, decided_at = ? WHERE id = ?', [input.decision, input.department, actor.name, at, itemId]);
			await audit(tx, actor.id, 'dispatch.decide', { meetingId, itemId, stationId: item.stationId, entryId: item.entryId, ...input });
		});
		return this.item(meetingId, itemId);
	}

	async setMinutes(actor: string, meetingId: string, minutes: string): Promise<Meeting> {
		if ((await this.get(meetingId)).status !== 'open') throw new HttpError(409, 'meeting-closed');
		await this.db.transaction(async (tx) => {
			await tx.run('UPDATE dispatch_meetings SET minutes = ? WHERE id = ?', [minutes, meetingId]);
			await audit(tx, actor, 'dispatch.minutes', { meetingId, length: minutes.length });
		});
		return this.get(meetingId);
	}

	async close(actor: { id: string; name: string }, meetingId: string, minutes?: string): Promise<Meeting> {
		const meeting = await this.get(meetingId);
		if (meeting.status !== 'open') throw new HttpError(409, 'meeting-closed');
		await this.db.transaction(async (tx) => {
			await tx.run("UPDATE dispatch_meetings SET status = 'closed', minutes = ?, closed_by = ?, closed_at = ? WHERE id = ?", [minutes ?? meeting.minutes, actor.name, Date.now(), meetingId]);
			await audit(tx, actor.id, 'dispatch.close', { meetingId });
		});
		return this.get(meetingId);
	}
}
