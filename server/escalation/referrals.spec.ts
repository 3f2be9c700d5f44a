// The office's register of referrals on the async storage, on SQLite and on PostgreSQL (a
// throwaway database): its order (open first, oldest first; then the latest settled), the latest
// referral of an entry, an outcome recorded once, and every step audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../storage/open';
import { createTestDatabase, postgresAbsent, reportPostgresAbsent, tempDir } from '../storage/test-databases';
import type { Storage } from '../storage/types';
import { Referrals, type ReferralRecord } from './referrals';

const absent = await postgresAbsent();
if (absent) reportPostgresAbsent('referrals', absent);

const dialects = ['sqlite', ...(absent ? [] : ['postgres'])];
const actor = { id: 'office01', name: '一线办' };
const referral = (entryId: string, referredAt: number, body: ReferralRecord['body'] = 'standing-committee') => ({
	stationId: 'station01', entryId, meetingId: 'meeting01', body, note: '', content: '断头路打通', stationName: '团结社区', referredAt, referredOn: '2026-06-25'
});

describe.each(dialects)('referrals on %s', (dialect) => {
	let db: Storage;
	let cleanup: () => Promise<void> | void;
	beforeAll(async () => {
		if (dialect === 'postgres') {
			const database = await createTestDatabase('referrals');
			db = await openStorage({ file: '', databaseUrl: database.url });
			cleanup = () => database.drop();
		} else {
			const tmp = tempDir('yixian-referrals-');
			db = await openStorage({ file: tmp.file('yixian.db') });
			cleanup = () => tmp.remove();
		}
	});
	afterAll(async () => {
		await db.close();
		await cleanup();
	});

	it('lists open ones first (oldest first), then settled ones (latest first); an entry\'s latest is its newest', async () => {
		const referrals = new Referrals(db);
		const first = await referrals.add(actor, referral('entry01', 1000));
		await referrals.settle(actor, first.id, { outcome: '同意', department: '区住建局', at: 2000, on: '2026-06-26' });
		// Referred again at the same instant the first one was: the open one is the latest.
		const again = await referrals.add(actor, referral('entry01', 1000, 'executive-meeting'));
		const older = await referrals.add(actor, referral('entry02', 500));
		const settledLater = await referrals.add(actor, referral('entry03', 600));
		await referrals.settle(actor, settledLater.id, { outcome: '不予调整', department: '', at: 3000, on: '2026-06-27' });

		expect((await referrals.latestOf('station01', 'entry01'))?.id).toBe(again.id);
		expect(await referrals.latestOf('station01', 'nothing')).toBeUndefined();
		expect((await referrals.list()).map((r) => r.id)).toEqual([older.id, again.id, settledLater.id, first.id]);
		expect(await referrals.get(first.id)).toMatchObject({ outcome: '同意', department: '区住建局', settledBy: '一线办', settledAt: 2000, settledOn: '2026-06-26', referredBy: '一线办' });
	});

	it('records an outcome once, and audits every step', async () => {
		const referrals = new Referrals(db);
		const r = await referrals.add(actor, referral('entry04', 4000));
		await referrals.settle(actor, r.id, { outcome: '同意', department: '', at: 5000, on: '2026-06-28' });
		await expect(referrals.settle(actor, r.id, { outcome: '再次', department: '', at: 6000, on: '2026-06-29' })).rejects.toMatchObject({ status: 409 });
		expect((await referrals.get(r.id)).outcome).toBe('同意');
		await expect(referrals.get('unknown000')).rejects.toMatchObject({ status: 404 });
		const actions = await db.query<{ action: string }>("SELECT action FROM audit WHERE detail LIKE ? ORDER BY id", [`%${r.id}%`]);
		expect(actions.map((a) => a.action)).toEqual(['dispatch.refer', 'dispatch.referral-outcome']);
	});
});
