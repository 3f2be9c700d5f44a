// Referrals on (server/escalation/referrals.ts): the office's register of entries a dispatch meeting
// sent to 区委常委会 / 区政府常务会, and their outcomes. Files made while the store created the
// table itself pass through unchanged (IF NOT EXISTS).
import type { Migration } from './index';
import { ddl } from './ddl';

export const referrals: Migration = {
	name: '005-referrals',
	async up(db, dialect) {
		await db.exec(
			ddl(
				dialect,
				`CREATE TABLE IF NOT EXISTS dispatch_referrals (
					id TEXT PRIMARY KEY,
					station_id TEXT NOT NULL,
					entry_id TEXT NOT NULL,
					meeting_id TEXT NOT NULL,
					body TEXT NOT NULL CHECK (body IN ('standing-committee', 'executive-meeting')),
					note TEXT NOT NULL DEFAULT '',
					content TEXT NOT NULL DEFAULT '',
					station_name TEXT NOT NULL DEFAULT '',
					referred_by TEXT NOT NULL,
					referred_at {INT} NOT NULL,
					referred_on TEXT NOT NULL,
					outcome TEXT NOT NULL DEFAULT '',
					department TEXT NOT NULL DEFAULT '',
					settled_by TEXT NOT NULL DEFAULT '',
					settled_at {INT} NOT NULL DEFAULT 0,
					settled_on TEXT NOT NULL DEFAULT ''
				);
				CREATE INDEX IF NOT EXISTS dispatch_referrals_by_entry ON dispatch_referrals (station_id, entry_id);`
			)
		);
	}
};
