// Duty-day attendance and leave (驻点日请假) and the cadre's optional actions (自选动作): facts the
// cadre's file is computed from. They are not CRDT data: the office decides leave, so the server
// holds them, in tables of this module's own; every change is written to the shared audit table.
import { newId } from '../../src/lib/domain/ids';
import type { AttendanceRecord, LeaveRecord, OptionalAction } from '../../src/lib/domain/cadre-file';
import type { Db } from '../db';

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

const LEAVE_SELECT = `SELECT id, person_id AS personId, station_id AS stationId, date, reason, decision,
	decided_by AS decidedBy, decision_note AS decisionNote, decided_at AS decidedAt, created_at AS createdAt FROM duty_leave`;

export class DutyRecords {
	constructor(private db: Db) {
		db.exec(`
			CREATE TABLE IF NOT EXISTS duty_attendance (
				person_id TEXT NOT NULL,
				station_id TEXT NOT NULL,
				date TEXT NOT NULL,
				at INTEGER NOT NULL,
				PRIMARY KEY (person_id, date)
			);
			CREATE TABLE IF NOT EXISTS duty_leave (
				id TEXT PRIMARY KEY,
				person_id TEXT NOT NULL,
				station_id TEXT NOT NULL,
				date TEXT NOT NULL,
				reason TEXT NOT NULL,
				decision TEXT NOT NULL CHECK (decision IN ('pending', 'approved', 'refused')),
				decided_by TEXT NOT NULL DEFAULT '',
				decision_note TEXT NOT NULL DEFAULT '',
				decided_at INTEGER NOT NULL DEFAULT 0,
				created_at INTEGER NOT NULL
			);
			CREATE INDEX IF NOT EXISTS duty_leave_by_person ON duty_leave(person_id, date);
			CREATE TABLE IF NOT EXISTS optional_actions (
				id TEXT PRIMARY KEY,
				person_id TEXT NOT NULL,
				date TEXT NOT NULL,
				text TEXT NOT NULL,
				created_at INTEGER NOT NULL
			);
			CREATE INDEX IF NOT EXISTS optional_actions_by_person ON optional_actions(person_id, date);`);
	}

	#audit(actor: string, action: string, detail: object) {
		this.db.prepare('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)').run(Date.now(), actor, action, JSON.stringify(detail));
	}

	// ——— attendance

	/** Idempotent: a second tap on the same day keeps the first time. */
	checkIn(personId: string, stationId: string, date: string, now = Date.now()): { date: string; at: number } {
		return this.db.transaction(() => {
			const { changes } = this.db.prepare('INSERT OR IGNORE INTO duty_attendance (person_id, station_id, date, at) VALUES (?, ?, ?, ?)').run(personId, stationId, date, now);
			if (changes) this.#audit(personId, 'duty.check-in', { stationId, date });
			return this.db.prepare('SELECT date, at FROM duty_attendance WHERE person_id = ? AND date = ?').get(personId, date) as { date: string; at: number };
		})();
	}

	/** Who checked in at a station on a duty day within [from, to] (person ids, each once): the cadres taking part. */
	attendedAt(stationId: string, from: string, to: string): string[] {
		const rows = this.db.prepare('SELECT DISTINCT person_id AS id FROM duty_attendance WHERE station_id = ? AND date >= ? AND date <= ?').all(stationId, from, to) as { id: string }[];
		return rows.map((r) => r.id);
	}

	attendanceOf(personId: string, cadre: string): AttendanceRecord[] {
		const rows = this.db.prepare('SELECT date FROM duty_attendance WHERE person_id = ? ORDER BY date').all(personId) as { date: string }[];
		return rows.map((r) => ({ cadre, date: r.date }));
	}

	// ——— leave

	/** One live request per duty day: a refused one may be asked again, a pending or approved one not. */
	askLeave(personId: string, stationId: string, date: string, reason: string, now = Date.now()): Leave {
		return this.db.transaction(() => {
			const live = this.db.prepare("SELECT 1 FROM duty_leave WHERE person_id = ? AND date = ? AND decision != 'refused'").get(personId, date);
			if (live) throw new DutyError('already-asked');
			const id = newId();
			this.db.prepare("INSERT INTO duty_leave (id, person_id, station_id, date, reason, decision, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)").run(id, personId, stationId, date, reason, now);
			this.#audit(personId, 'duty.leave-ask', { id, stationId, date });
			return this.getLeave(id)!;
		})();
	}

	getLeave(id: string): Leave | undefined {
		return this.db.prepare(`${LEAVE_SELECT} WHERE id = ?`).get(id) as Leave | undefined;
	}

	leaveOf(personId: string): Leave[] {
		return this.db.prepare(`${LEAVE_SELECT} WHERE person_id = ? ORDER BY date DESC, created_at DESC`).all(personId) as Leave[];
	}

	/** Pending first (oldest first: they wait longest), then the latest decisions. */
	listLeave(limit = 200): Leave[] {
		return this.db.prepare(`${LEAVE_SELECT} ORDER BY decision != 'pending', CASE WHEN decision = 'pending' THEN created_at ELSE -decided_at END LIMIT ?`).all(limit) as Leave[];
	}

	decideLeave(actor: string, id: string, decision: 'approved' | 'refused', note: string, now = Date.now()): Leave {
		return this.db.transaction(() => {
			const leave = this.getLeave(id);
			if (!leave) throw new DutyError('not-found');
			if (leave.decision !== 'pending') throw new DutyError('already-decided');
			this.db.prepare('UPDATE duty_leave SET decision = ?, decided_by = ?, decision_note = ?, decided_at = ? WHERE id = ?').run(decision, actor, note, now, id);
			this.#audit(actor, `duty.leave-${decision === 'approved' ? 'approve' : 'refuse'}`, { id, personId: leave.personId, date: leave.date });
			return this.getLeave(id)!;
		})();
	}

	leaveRecordsOf(personId: string, cadre: string): LeaveRecord[] {
		return this.leaveOf(personId).map((l) => ({ cadre, date: l.date, decision: l.decision }));
	}

	// ——— optional actions

	addAction(personId: string, date: string, text: string, now = Date.now()): StoredAction {
		const id = newId();
		this.db.prepare('INSERT INTO optional_actions (id, person_id, date, text, created_at) VALUES (?, ?, ?, ?, ?)').run(id, personId, date, text, now);
		this.#audit(personId, 'file.action-add', { id, date });
		return { id, date, text, createdAt: now };
	}

	removeAction(personId: string, id: string): void {
		const { changes } = this.db.prepare('DELETE FROM optional_actions WHERE id = ? AND person_id = ?').run(id, personId);
		if (!changes) throw new DutyError('not-found');
		this.#audit(personId, 'file.action-remove', { id });
	}

	actionsOf(personId: string): StoredAction[] {
		return this.db.prepare('SELECT id, date, text, created_at AS createdAt FROM optional_actions WHERE person_id = ? ORDER BY date, created_at').all(personId) as StoredAction[];
	}
}
