import { describe, expect, it } from 'vitest';
import { deriveEntry, type EntryFacts, type EventDraft, type TimelineEvent } from './ledger';
import { refer, referralAge, referralOpen, settleReferral } from './referral';

const facts: EntryFacts = { id: 'e1', content: '断头路打通', place: '', category: 'transport', receivedOn: '2026-05-01', visitId: '', createdAt: 1, createdBy: '王干部' };
let n = 0;
const ev = (draft: EventDraft, at: number, by = '王干部'): TimelineEvent => ({ id: `ev${++n}`, at, by, ...draft }) as TimelineEvent;
const tier4 = [ev({ type: 'created' }, 1), ev({ type: 'escalated', tier: 4, responsible: '一线办', deadline: '2026-06-30', text: '' }, 2)];

describe('referring a dispatched entry on (区委常委会 / 区政府常务会)', () => {
	it('makes a referred event for an open tier-4 entry, dated by the server\'s day', () => {
		const r = refer(deriveEntry(facts, tier4), { body: 'standing-committee', note: ' 涉及规划调整 ' }, '2026-06-25', '2026-06-25');
		expect(r).toEqual({ ok: true, value: { type: 'referred', body: 'standing-committee', note: '涉及规划调整', meetingDate: '2026-06-25', on: '2026-06-25' } });
	});

	it('refuses an entry below tier 4, a closed one, an unknown body and a second open referral', () => {
		const tier1 = deriveEntry(facts, [tier4[0]]);
		expect(refer(tier1, { body: 'standing-committee' }, '2026-06-25', '2026-06-25')).toMatchObject({ ok: false, errors: [{ field: 'tier', code: 'not-dispatched' }] });
		const solved = deriveEntry(facts, [...tier4, ev({ type: 'solved', text: '已打通' }, 3)]);
		expect(refer(solved, { body: 'executive-meeting' }, '2026-06-25', '2026-06-25')).toMatchObject({ ok: false, errors: [{ field: 'status', code: 'not-open' }] });
		expect(refer(deriveEntry(facts, tier4), { body: 'politburo' }, '2026-06-25', '2026-06-25')).toMatchObject({ ok: false, errors: [{ field: 'body', code: 'required' }] });
		const referred = deriveEntry(facts, [...tier4, ev({ type: 'referred', body: 'standing-committee', note: '', meetingDate: '2026-06-25', on: '2026-06-25' }, 3, '一线办')]);
		expect(refer(referred, { body: 'executive-meeting' }, '2026-07-25', '2026-07-25')).toMatchObject({ ok: false, errors: [{ field: 'referral', code: 'already-referred' }] });
	});

	it('derives the referral, its outcome, its age; the outcome\'s department answers for the entry', () => {
		const referredEv = ev({ type: 'referred', body: 'executive-meeting', note: '', meetingDate: '2026-06-25', on: '2026-06-25' }, 3, '一线办');
		const open = deriveEntry(facts, [...tier4, referredEv]);
		expect(referralOpen(open)).toBe(true);
		expect(open.referral).toMatchObject({ body: 'executive-meeting', on: '2026-06-25', by: '一线办', outcome: null });
		expect(referralAge(open.referral!, '2026-07-05')).toBe(10);
		expect(open.status).toBe('open');

		const outcome = settleReferral(open, { text: '区政府常务会决定由区交通局实施', department: '区交通局' }, '2026-07-08');
		expect(outcome.ok).toBe(true);
		const settled = deriveEntry(facts, [...tier4, referredEv, ev((outcome as { value: EventDraft }).value, 4, '一线办')]);
		expect(referralOpen(settled)).toBe(false);
		expect(settled.referral?.outcome).toMatchObject({ text: '区政府常务会决定由区交通局实施', department: '区交通局', on: '2026-07-08' });
		expect(settled.responsible).toBe('区交通局');
		expect(referralAge(settled.referral!, '2026-12-31')).toBe(13); // an outcome stops the clock
		expect(settleReferral(settled, { text: '再次' }, '2026-07-09')).toMatchObject({ ok: false, errors: [{ field: 'referral', code: 'already-settled' }] });
		expect(settleReferral(deriveEntry(facts, tier4), { text: 'x' }, '2026-07-09')).toMatchObject({ ok: false, errors: [{ field: 'referral', code: 'not-referred' }] });
	});
});
