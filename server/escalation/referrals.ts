// Referrals on (提交区委常委会 / 区政府常务会集体研究): what the dispatch meeting cannot settle goes to
// the district standing committee or the government's executive meeting; the office later records
// the outcome. The entry's timeline holds both steps (events the server writes); this table is the
// office's register of them, for its list of open referrals and their age. Every step is audited.
// Table: server/storage/migrations/005-referrals.ts.
import { newId } from '../../src/lib/domain/ids';
import type { ReferralRecord } from '../../src/lib/domain/escalation';
import type { ReferralBody } from '../../src/lib/domain/ledger';
import type { Db } from '../db';
import { HttpError } from '../http/json';
import { audit } from './audit';

export type { ReferralRecord };

interface Row {
	id: string; station_id: string; entry_id: string; meeting_id: string; body: ReferralBody; note: string; content: string; station_name: string;
	referred_by: string; referred_at: number; referred_on: string; outcome: string; department: string; settled_by: string; settled_at: number; settled_on: string;
}

const recordOf = (r: Row): ReferralRecord => ({
	id: r.id, stationId: r.station_id, entryId: r.entry_id, meetingId: r.meeting_id, body: r.body, note: r.note, content: r.content, stationName: r.station_name,
	referredBy: r.referred_by, referredAt: r.referred_at, referredOn: r.referred_on,
	outcome: r.outcome, department: r.department, settledBy: r.settled_by, settledAt: r.settled_at, settledOn: r.settled_on
});

export class Referrals {
	constructor(private readonly db: Db) {}

	async get(id: string): Promise<ReferralRecord> {
		const row = await this.db.get<Row>('SELECT * FROM dispatch_referrals WHERE id = ?', [id]);
		if (!row) throw new HttpError(404, 'not-found');
		return recordOf(row);
	}

	/** The latest referral of an entry, or undefined (at one instant, an open one follows a settled one). */
	async latestOf(stationId: string, entryId: string): Promise<ReferralRecord | undefined> {
		const row = await this.db.get<Row>("SELECT * FROM dispatch_referrals WHERE station_id = ? AND entry_id = ? ORDER BY referred_at DESC, (settled_on = '') DESC, settled_at DESC LIMIT 1", [stationId, entryId]);
		return row && recordOf(row);
	}

	/** Open first (oldest first: they have waited longest), then the latest settled ones. */
	async list(limit = 500): Promise<ReferralRecord[]> {
		const rows = await this.db.query<Row>("SELECT * FROM dispatch_referrals ORDER BY settled_on != '', CASE WHEN settled_on = '' THEN referred_at ELSE -settled_at END LIMIT ?", [limit]);
		return rows.map(recordOf);
	}

	async add(actor: { id: string; name: string }, input: Omit<ReferralRecord, 'id' | 'referredBy' | 'outcome' | 'department' | 'settledBy' | 'settledAt' | 'settledOn'>): Promise<ReferralRecord> {
		const id = newId();
		await this.db.transaction(async (tx) => {
			await tx.run('INSERT INTO dispatch_referrals (id, station_id, entry_id, meeting_id, body, note, content, station_name, referred_by, referred_at, referred_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
				id, input.stationId, input.entryId, input.meetingId, input.body, input.note, input.content, input.stationName, actor.name, input.referredAt, input.referredOn
			]);
			await audit(tx, actor.id, 'dispatch.refer', { id, meetingId: input.meetingId, stationId: input.stationId, entryId: input.entryId, body: input.body });
		});
		return this.get(id);
	}

	async settle(actor: { id: string; name: string }, id: string, input: { outcome: string; department: string; at: number; on: string }): Promise<ReferralRecord> {
		await this.db.transaction(async (tx) => {
			const { changes } = await tx.run("UPDATE dispatch_referrals SET outcome = ?, department = ?, settled_by = ?, settled_at = ?, settled_on = ? WHERE id = ? AND settled_on = ''", [
				input.outcome, input.department, actor.name, input.at, input.on, id
			]);
			if (!changes) throw new HttpError(409, 'already-settled');
			await audit(tx, actor.id, 'dispatch.referral-outcome', { id, department: input.department });
		});
		return this.get(id);
	}
}
