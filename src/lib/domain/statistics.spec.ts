import { describe, expect, it } from 'vitest';
import { deriveIdea, type IdeaStage, type IdeaState } from './ideas';
import { deriveEntry, type EntryState, type EventDraft, type Satisfaction } from './ledger';
import {
	averageDaysToClose,
	combine,
	combineLedger,
	emptyLedgerCounts,
	ideaStatistics,
	ledgerRates,
	ledgerStatistics,
	visitStatistics,
	type LedgerCounts,
	type Statistics
} from './statistics';
import type { Visit } from './visits';

// ——— Fixtures: entries built through the ledger's own replay, at local noon of the days given.

const noon = (day: string) => {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(y, m - 1, d, 12).getTime();
};

let seq = 0;
type Step = [day: string, draft: EventDraft];

function entry(receivedOn: string, steps: Step[] = [], category = 'infrastructure'): EntryState {
	const id = `entry${++seq}`;
	const events = [{ id: `${id}-0`, at: noon(receivedOn), by: '李干部', type: 'created' as const }];
	steps.forEach(([day, draft], i) => events.push({ id: `${id}-${i + 1}`, at: noon(day) + i, by: '李干部', ...draft } as never));
	return deriveEntry(
		{
			id,
			content: '问题',
			place: '',
			category,
			receivedOn,
			reporterName: '',
			reporterPhone: '',
			reporterPrivate: true,
			visitId: '',
			createdAt: noon(receivedOn),
			createdBy: '李干部'
		},
		events
	);
}

const note = (day: string): Step => [day, { type: 'note', text: '已联系' }];
const assigned = (day: string): Step => [day, { type: 'assigned', responsible: '社区' }];
const up = (day: string, tier: 2 | 3 | 4, deadline: string): Step => [
	day,
	{ type: 'escalated', tier, responsible: '街道城管科', deadline, text: '' }
];
const extended = (day: string, deadline: string): Step => [day, { type: 'extended', deadline, reason: '材料未到' }];
const solved = (day: string): Step => [day, { type: 'solved', text: '已修复' }];
const closed = (day: string): Step => [day, { type: 'closed', reason: 'duplicate', text: '' }];
const feedback = (day: string, satisfaction: Satisfaction): Step => [day, { type: 'feedback', text: '已告知', satisfaction }];

const MARCH = { from: '2025-03-01', to: '2025-03-31' };
const TODAY = '2025-04-15';

describe('ledgerStatistics: what happened to the problems received in a period', () => {
	it('counts only entries received in the period, both ends included', () => {
		const c = ledgerStatistics([entry('2025-02-28'), entry('2025-03-01'), entry('2025-03-31'), entry('2025-04-01')], MARCH, TODAY);
		expect(c.collected).toBe(2);
	});

	it('splits them into solved, closed without being solved, and open', () => {
		const c = ledgerStatistics(
			[
				entry('2025-03-02', [solved('2025-03-02')]),
				entry('2025-03-03', [solved('2025-03-05')]),
				entry('2025-03-04', [closed('2025-03-04')]),
				entry('2025-03-05')
			],
			MARCH,
			TODAY
		);
		expect(c).toMatchObject({ collected: 4, solved: 2, closed: 1, open: 1 });
	});

	it('counts open entries past their deadline as of the given today, not on the deadline day itself', () => {
		const entries = [entry('2025-03-02', [up('2025-03-02', 2, '2025-04-10')]), entry('2025-03-03', [up('2025-03-03', 2, '2025-04-15')])];
		expect(ledgerStatistics(entries, MARCH, '2025-04-15').overdue).toBe(1);
		expect(ledgerStatistics(entries, MARCH, '2025-04-16').overdue).toBe(2);
		expect(ledgerStatistics(entries, MARCH, '2025-04-10').overdue).toBe(0);
	});

	it('counts as responded an entry with a note, an escalation, solved or closed — not one only created or only assigned', () => {
		const c = ledgerStatistics(
			[
				entry('2025-03-02'),
				entry('2025-03-02', [assigned('2025-03-03')]),
				entry('2025-03-02', [note('2025-03-03')]),
				entry('2025-03-02', [up('2025-03-03', 3, '2025-03-30')]),
				entry('2025-03-02', [solved('2025-03-02')]),
				entry('2025-03-02', [closed('2025-03-02')])
			],
			MARCH,
			TODAY
		);
		expect(c.responded).toBe(4);
	});

	it('measures on time against the deadline, after extensions, among handled entries that had one', () => {
		const c = ledgerStatistics(
			[
				entry('2025-03-02', [up('2025-03-02', 2, '2025-03-10'), solved('2025-03-10')]), // on the day: on time
				entry('2025-03-02', [up('2025-03-02', 2, '2025-03-10'), solved('2025-03-11')]), // a day late
				entry('2025-03-02', [up('2025-03-02', 2, '2025-03-10'), extended('2025-03-09', '2025-03-20'), closed('2025-03-15')]), // on time after extension
				entry('2025-03-02', [solved('2025-03-30')]), // no deadline: not in the rate
				entry('2025-03-02', [up('2025-03-02', 2, '2025-03-05')]) // open: not handled
			],
			MARCH,
			TODAY
		);
		expect(c).toMatchObject({ handledWithDeadline: 3, handledOnTime: 2 });
	});

	it('takes the latest answer of each resident and leaves out those who gave none', () => {
		const c = ledgerStatistics(
			[
				entry('2025-03-02', [solved('2025-03-03'), feedback('2025-03-04', 'satisfied')]),
				entry('2025-03-02', [solved('2025-03-03'), feedback('2025-03-04', 'no-answer')]),
				entry('2025-03-02', [solved('2025-03-03'), feedback('2025-03-04', 'dissatisfied')]),
				// 重办: dissatisfied, worked again, then satisfied — counts once, as satisfied.
				entry('2025-03-02', [solved('2025-03-03'), feedback('2025-03-04', 'dissatisfied'), solved('2025-03-08'), feedback('2025-03-09', 'satisfied')]),
				entry('2025-03-02', [solved('2025-03-03')])
			],
			MARCH,
			TODAY
		);
		expect(c).toMatchObject({ feedbackAnswered: 3, satisfied: 2 });
	});

	it('counts reopenings, and the entries reopened', () => {
		const twice = entry('2025-03-02', [
			solved('2025-03-03'),
			feedback('2025-03-04', 'dissatisfied'),
			solved('2025-03-05'),
			feedback('2025-03-06', 'dissatisfied')
		]);
		const once = entry('2025-03-02', [solved('2025-03-03'), feedback('2025-03-04', 'dissatisfied')]);
		const c = ledgerStatistics([twice, once, entry('2025-03-02')], MARCH, TODAY);
		expect(c).toMatchObject({ reopens: 3, reopenedEntries: 2, open: 3 });
	});

	it('counts entries by tier and by category', () => {
		const c = ledgerStatistics(
			[
				entry('2025-03-02', [], 'property'),
				entry('2025-03-02', [up('2025-03-02', 3, '2025-03-30')], 'property'),
				entry('2025-03-02', [up('2025-03-02', 2, '2025-03-30'), up('2025-03-05', 4, '2025-03-25')], 'transport')
			],
			MARCH,
			TODAY
		);
		expect(c.byTier).toEqual({ 1: 1, 2: 0, 3: 1, 4: 1 });
		expect(c.byCategory).toEqual({ property: 2, transport: 1 });
	});

	it('keeps a category named like an object property as a plain key', () => {
		const c = ledgerStatistics([entry('2025-03-02', [], '__proto__'), entry('2025-03-02', [], 'constructor')], MARCH, TODAY);
		expect(Object.keys(c.byCategory).sort()).toEqual(['__proto__', 'constructor']);
		expect(combineLedger([c, c]).byCategory.constructor).toBe(2);
	});

	it('adds up the days from receipt to closing per tier, solved or closed alike', () => {
		const c = ledgerStatistics(
			[
				entry('2025-03-10', [solved('2025-03-10')]), // tier 1, 0 days
				entry('2025-03-10', [solved('2025-03-12')]), // tier 1, 2 days
				entry('2025-03-01', [up('2025-03-01', 2, '2025-03-30'), closed('2025-03-08')]), // tier 2, 7 days
				entry('2025-03-01', [up('2025-03-01', 3, '2025-04-30'), solved('2025-04-10')]) // tier 3, 40 days
			],
			MARCH,
			TODAY
		);
		expect(c.closingByTier).toEqual({
			1: { entries: 2, days: 2 },
			2: { entries: 1, days: 7 },
			3: { entries: 1, days: 40 },
			4: { entries: 0, days: 0 }
		});
		expect(averageDaysToClose(c)).toEqual({ 1: 1, 2: 7, 3: 40, 4: null });
	});

	it('counts no negative days: a phone or server whose clock is off may date the solving before the receipt', () => {
		const c = ledgerStatistics([entry('2025-03-10', [solved('2025-03-09')])], MARCH, TODAY);
		expect(c.closingByTier[1]).toEqual({ entries: 1, days: 0 });
		expect(averageDaysToClose(c)[1]).toBe(0);
	});

	it('gives all zeros for no entries', () => {
		expect(ledgerStatistics([], MARCH, TODAY)).toEqual(emptyLedgerCounts());
	});
});

describe('ledgerRates', () => {
	const counts = (over: Partial<LedgerCounts>): LedgerCounts => ({ ...emptyLedgerCounts(), ...over });

	it('gives the resolution rate as solved / collected: the seed 1,272 of 1,580 is 80.5%', () => {
		expect(ledgerRates(counts({ collected: 1580, solved: 1272 })).resolution).toBeCloseTo(0.805, 3);
	});

	it('gives the response rate as entries with a handling event / collected', () => {
		expect(ledgerRates(counts({ collected: 8, responded: 6 })).response).toBe(0.75);
	});

	it('gives the on-time rate among handled entries with a deadline', () => {
		expect(ledgerRates(counts({ handledWithDeadline: 4, handledOnTime: 3 })).onTime).toBe(0.75);
	});

	it("gives the satisfaction rate as satisfied / answers, 'no-answer' left out", () => {
		expect(ledgerRates(counts({ feedbackAnswered: 5, satisfied: 4 })).satisfaction).toBe(0.8);
	});

	it('gives no rate, rather than 0 or 100%, when there is nothing to measure', () => {
		expect(ledgerRates(emptyLedgerCounts())).toEqual({ response: null, resolution: null, onTime: null, satisfaction: null });
	});

	it('computes the rates on a real ledger end to end', () => {
		const c = ledgerStatistics(
			[
				entry('2025-03-02', [up('2025-03-02', 2, '2025-03-10'), solved('2025-03-09'), feedback('2025-03-10', 'satisfied')]),
				entry('2025-03-02', [up('2025-03-02', 2, '2025-03-10'), solved('2025-03-12'), feedback('2025-03-13', 'dissatisfied')]),
				entry('2025-03-02', [closed('2025-03-03')]),
				entry('2025-03-02')
			],
			MARCH,
			TODAY
		);
		// The dissatisfied answer reopened the second entry: 1 solved, 1 closed, 2 open.
		expect(c).toMatchObject({ collected: 4, solved: 1, closed: 1, open: 2, responded: 3 });
		expect(ledgerRates(c)).toEqual({ response: 0.75, resolution: 0.25, onTime: 1, satisfaction: 0.5 });
	});
});

describe('combine: a street or the district sums its stations and recomputes the rates', () => {
	const station = (collected: number, solved: number): LedgerCounts => ({ ...emptyLedgerCounts(), collected, solved });

	it('weighs each station by its entries: 1 of 2 and 90 of 100 make 91 of 102, not the average 70%', () => {
		const street = combineLedger([station(2, 1), station(100, 90)]);
		expect(street).toMatchObject({ collected: 102, solved: 91 });
		expect(ledgerRates(street).resolution).toBeCloseTo(91 / 102, 10);
	});

	it('sums tiers, days to close and categories, and recomputes averages from the sums', () => {
		const a = ledgerStatistics([entry('2025-03-10', [solved('2025-03-10')], 'property')], MARCH, TODAY);
		const b = ledgerStatistics(
			[entry('2025-03-10', [solved('2025-03-14')], 'property'), entry('2025-03-10', [solved('2025-03-15')], 'legal')],
			MARCH,
			TODAY
		);
		const sum = combineLedger([a, b]);
		expect(sum.byTier).toEqual({ 1: 3, 2: 0, 3: 0, 4: 0 });
		expect(sum.closingByTier[1]).toEqual({ entries: 3, days: 9 });
		expect(averageDaysToClose(sum)[1]).toBe(3);
		expect(sum.byCategory).toEqual({ property: 2, legal: 1 });
	});

	it('gives the same figures for stations combined as for all their entries at once', () => {
		const one = [entry('2025-03-02', [up('2025-03-02', 2, '2025-03-04'), solved('2025-03-06')]), entry('2025-03-05', [note('2025-03-06')])];
		const two = [entry('2025-03-07', [closed('2025-03-07'), feedback('2025-03-08', 'satisfied')]), entry('2025-03-20')];
		expect(combineLedger([ledgerStatistics(one, MARCH, TODAY), ledgerStatistics(two, MARCH, TODAY)])).toEqual(
			ledgerStatistics([...one, ...two], MARCH, TODAY)
		);
	});

	it('combines whole statistics: ledger, visits and ideas', () => {
		const s = (collected: number, met: boolean, adopted: number): Statistics => ({
			ledger: station(collected, 0),
			visits: {
				visitors: 1,
				met: met ? 1 : 0,
				households: met ? 50 : 10,
				people: 0,
				visits: 0,
				target: 50,
				progress: [{ visitor: `v${collected}`, month: '2025-03', visits: 0, households: met ? 50 : 10, people: 0, target: 50, remaining: met ? 0 : 40, met }]
			},
			ideas: { collected: 0, valuable: 0, adopted, implemented: 0 },
			service: { cardsOnDutyDays: collected * 10, cardsOnVisits: 1, cards: collected * 10 + 1, helpRecorded: 2, helpOnVisits: 0, helpTimes: 2, cadreIds: ['p1', `p${collected}`] }
		});
		const district = combine([s(3, true, 1), s(4, false, 2)]);
		expect(district.service).toMatchObject({ cards: 72, helpTimes: 4, cadreIds: ['p1', 'p3', 'p4'] });
		expect(district.ledger.collected).toBe(7);
		expect(district.visits).toMatchObject({ visitors: 2, met: 1, households: 60, target: 100 });
		expect(district.visits.progress.map((p) => p.visitor)).toEqual(['v3', 'v4']);
		expect(district.ideas.adopted).toBe(3);
	});
});

describe('referrals on in the ledger\'s counts', () => {
	it('counts the entries referred on within the period, whenever received, and those settled since', () => {
		const referral = (on: string, settled: boolean) => ({ body: 'standing-committee' as const, note: '', meetingDate: on, on, at: 0, by: '一线办', outcome: settled ? { text: '已研究', department: '', on, at: 0, by: '一线办' } : null });
		const base = ledgerStatistics([], MARCH, TODAY);
		expect([base.referred, base.referralsSettled]).toEqual([0, 0]);
		const entries = [
			{ ...entry('2024-12-01'), referral: referral('2025-03-25', true) },
			{ ...entry('2025-03-02'), referral: referral('2025-03-25', false) },
			{ ...entry('2025-03-03'), referral: referral('2025-04-25', false) }
		];
		const c = ledgerStatistics(entries, MARCH, TODAY);
		expect([c.referred, c.referralsSettled]).toEqual([2, 1]);
		expect(combineLedger([c, c]).referred).toBe(4);
	});
});

describe('visitStatistics: households visited against 50 a month per cadre', () => {
	let n = 0;
	const visits = (visitor: string, households: number, date = '2025-03-12'): Visit[] =>
		Array.from({ length: households }, () => ({
			id: `v${++n}`,
			visitor,
			date,
			household: `${n}号户`,
			address: '',
			peopleMet: 2,
			notes: '',
			createdAt: 0
		}));

	it('counts each listed cadre, including one who visited nobody, and ignores the others', () => {
		const all = [...visits('李干部', 50), ...visits('王干部', 20), ...visits('外人', 5), ...visits('李干部', 3, '2025-04-01')];
		const v = visitStatistics(all, ['李干部', '王干部', '赵干部'], '2025-03');
		expect(v).toMatchObject({ visitors: 3, met: 1, households: 70, people: 140, visits: 70, target: 150 });
		expect(v.progress.map((p) => [p.visitor, p.households, p.remaining])).toEqual([
			['李干部', 50, 0],
			['王干部', 20, 30],
			['赵干部', 0, 50]
		]);
	});
});

describe('ideaStatistics: ideas that reached each stage within the period', () => {
	const ORDER: IdeaStage[] = ['valuable', 'adopted', 'implemented'];
	const idea = (createdOn: string, ...days: string[]): IdeaState =>
		deriveIdea(
			{ id: `i${++seq}`, title: '金点子', detail: '', source: 'forum', proposer: '', createdAt: noon(createdOn), createdBy: '李干部' },
			days.map((day, i) => ({ stage: ORDER[i], at: noon(day), by: '李干部', note: '' }))
		);

	it('counts an idea in the period when it reached the stage, whenever it was collected', () => {
		const c = ideaStatistics(
			[
				idea('2025-02-20', '2025-02-25', '2025-03-05'), // adopted in March
				idea('2025-03-02', '2025-03-03', '2025-03-20', '2025-04-02'), // implemented in April
				idea('2025-03-10'),
				idea('2025-01-10', '2025-01-11', '2025-01-12', '2025-03-31') // implemented in March
			],
			MARCH
		);
		expect(c).toEqual({ collected: 2, valuable: 1, adopted: 2, implemented: 1 });
	});

	it('counts the skipped stages of an idea recorded straight as implemented on that day', () => {
		const jumped = deriveIdea(
			{ id: 'j', title: '金点子', detail: '', source: 'visit', proposer: '', createdAt: noon('2025-03-01'), createdBy: '李干部' },
			[{ stage: 'implemented', at: noon('2025-03-09'), by: '李干部', note: '' }]
		);
		expect(ideaStatistics([jumped], MARCH)).toEqual({ collected: 1, valuable: 1, adopted: 1, implemented: 1 });
	});
});
