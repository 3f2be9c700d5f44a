// Duty-day attendance and leave (驻点日请假) and the cadre's optional actions (自选动作): facts the
// cadre's file is computed from. They are not CRDT data: the office decides leave, so the server
// holds them, in tables of this module's own; every change is written to the shared audit table.
import { newId } from '../../src/lib/domain/ids';
import type { AttendanceRecord, LeaveRecord, OptionalAction } from '../../src/lib/domain/cadre-file';
import type { Db } from '../db';
import type { Queryable } from '../storage/open';

export type LeaveDecision = LeaveRecord['decision'];

export interface Leave {
	id: string;
	personId: string;
	stationId: string;
	/** The duty day it is for. */
	date: string;
	reason: string;
	decision: LeaveDecision;
	decidedBy: string;
	decisionNote: string;
	decidedAt: number;
	createdAt: number;
}

export interface StoredAction extends OptionalAction {
	id: string;
	createdAt: number;
}

export class DutyError extends Error {
	constructor(readonly code: 'not-found' | 'already-decided' | 'already-asked') {
		super(code);
	}
}

const LEAVE_SELECT = `SELECT id, person_id AS "personId", station_id AS "stationId", date, reason, decision,
	decided_by AS "decidedBy", decision_note AS "decisionNote", decided_at AS "decidedAt", created_at AS "createdAt" FROM duty_leave`;

export class DutyRecords {
	constructor(private db: Db) {}

	async #audit(db: Queryable, actor: string, action: string, detail: object) {
		await db.run('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)', [Date.now(), actor, action, JSON.stringify(detail)]);
	}

	// ——— attendance

	/** Idempotent: a second tap on the same day keeps the first time. */
	checkIn(personId: string, stationId: string, date: string, now = Date.now()): Promise<{ date: string; at: number }> {
		return this.db.transaction(async (tx) => {
			const { changes } = await tx.run('INSERT INTO duty_attendance (person_id, station_id, date, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [personId, stationId, date, now]);
			if (changes) await this.#audit(tx, personId, 'duty.check-in', { stationId, date });
			return (await tx.get<{ date: string; at: number }>('SELECT date, at FROM duty_attendance WHERE person_id = ? AND date = ?', [personId, date]))!;
		});
	}

	/** Who checked in at a station on a duty day within [from, to] (person ids, each once): the cadres taking part. */
	async attendedAt(stationId: string, from: string, to: string): Promise<string[]> {
		const rows = await this.db.query<{ id: string }>('SELECT DISTINCT person_id AS id FROM duty_attendance WHERE station_id = ? AND date >= ? AND date <= ?', [stationId, from, to]);
		return rows.map((r) => r.id);
	}

	async attendanceOf(personId: string, cadre: string): Promise<AttendanceRecord[]> {
		const rows = await this.db.query<{ date: string }>('SELECT date FROM duty_attendance WHERE person_id = ? ORDER BY date', [personId]);
		return rows.map((r) => ({ cadre, date: r.date }));
	}

	// ——— leave

	/** One live request per duty day: a refused one may be asked again, a pending or approved one not. */
	askLeave(personId: string, stationId: string, date: string, reason: string, now = Date.now()): Promise<Leave> {
		return this.db.transaction(async (tx) => {
			const live = await tx.get("SELECT 1 FROM duty_leave WHERE person_id = ? AND date = ? AND decision != 'refused'", [personId, date]);
			if (live) throw new DutyError('already-asked');
			const id = newId();
			await tx.run("INSERT INTO duty_leave (id, person_id, station_id, date, reason, decision, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)", [id, personId, stationId, date, reason, now]);
			await this.#audit(tx, personId, 'duty.leave-ask', { id, stationId, date });
			return (await this.getLeave(id, tx))!;
		});
	}

	getLeave(id: string, db: Queryable = this.db): Promise<Leave | undefined> {
		return db.get<Leave>(`${LEAVE_SELECT} WHERE id = ?`, [id]);
	}

	leaveOf(personId: string): Promise<Leave[]> {
		return this.db.query<Leave>(`${LEAVE_SELECT} WHERE person_id = ? ORDER BY date DESC, created_at DESC`, [personId]);
	}

	/** Pending first (oldest first: they wait longest), then the latest decisions. */
	listLeave(limit = 200): Promise<Leave[]> {
		return this.db.query<Leave>(`${LEAVE_SELECT} ORDER BY CASE WHEN decision = 'pending' THEN 0 ELSE 1 END, CASE WHEN decision = 'pending' THEN created_at ELSE -decided_at END LIMIT ?`, [limit]);
	}

	decideLeave(actor: string, id: string, decision: 'approved' | 'refused', note: string, now = Date.now()): Promise<Leave> {
		return this.db.transaction(async (tx) => {
			const leave = await this.getLeave(id, tx);
			if (!leave) throw new DutyError('not-found');
			if (leave.decision !== 'pending') throw new DutyError('already-decided');
			await tx.run('UPDATE duty_leave SET decision = ?, decided_by = ?, decision_note = ?, decided_at = ? WHERE id = ?', [decision, actor, note, now, id]);
			await this.#audit(tx, actor, `duty.leave-${decision === 'approved' ? 'approve' : 'refuse'}`, { id, personId: leave.personId, date: leave.date });
			return (await this.getLeave(id, tx))!;
		});
	}

	/** The cadre's way back: their own request, while it is still pending; gone from every list, kept in the audit. */
	withdrawLeave(personId: string, id: string): Promise<void> {
		return this.db.transaction(async (tx) => {
			const leave = await this.getLeave(id, tx);
			if (!leave || leave.personId !== personId) throw new DutyError('not-found');
			if (leave.decision !== 'pending') throw new DutyError('already-decided');
			await tx.run('DELETE FROM duty_leave WHERE id = ?', [id]);
			await this.#audit(tx, personId, 'duty.leave-withdraw', { id, stationId: leave.stationId, date: leave.date, reason: leave.reason });
		});
	}

	async leaveRecordsOf(personId: string, cadre: string): Promise<LeaveRecord[]> {
		return (await this.leaveOf(personId)).map((l) => ({ cadre, date: l.date, decision: l.decision }));
	}

	// ——— optional actions

	async addAction(personId: string, date: string, text: string, now = Date.now()): Promise<StoredAction> {
		const id = newId();
		await this.db.transaction(async (tx) => {
			await tx.run('INSERT INTO optional_actions (id, person_id, date, text, created_at) VALUES (?, ?, ?, ?, ?)', [id, personId, date, text, now]);
			await this.#audit(tx, personId, 'file.action-add', { id, date });
		});
		return { id, date, text, createdAt: now };
	}

	async removeAction(personId: string, id: string): Promise<void> {
		await this.db.transaction(async (tx) => {
			const { changes } = await tx.run('DELETE FROM optional_actions WHERE id = ? AND person_id = ?', [id, personId]);
			if (!changes) throw new DutyError('not-found');
			await this.#audit(tx, personId, 'file.action-remove', { id });
		});
	}

	actionsOf(personId: string): Promise<StoredAction[]> {
		return this.db.query<StoredAction>('SELECT id, date, text, created_at AS "createdAt" FROM optional_actions WHERE person_id = ? ORDER BY date, created_at', [personId]);
	}
}
