import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from './calendar';
import { cadreHalfYear, cadreMonth, type CadreRecords } from './cadre-file';
import { deriveEntry, type EntryState, type EventDraft } from './ledger';
import type { Help, Tie, Visit } from './visits';

// ——— Fixtures: 李干部 at one station; the month under review is March 2025.

const CADRE = '李干部';
const noon = (day: string) => {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(y, m - 1, d, 12).getTime();
};

let seq = 0;
const visits = (count: number, date = '2025-03-12', visitor = CADRE): Visit[] =>
	Array.from({ length: count }, () => ({
		id: `v${++seq}`,
		visitor,
		date,
		household: `${seq}号户`,
		address: '',
		peopleMet: 1,
		notes: '',
		createdAt: 0
	}));

const tie = (over: Partial<Tie> = {}): Tie => ({
	id: `t${++seq}`,
	visitor: CADRE,
	name: `对象${seq}`,
	group: 'difficulty',
	contact: '',
	notes: '',
	since: '2025-01-01',
	ended: false,
	createdAt: 0,
	...over
});
const threeTies = () => [tie({ id: 'tA' }), tie({ id: 'tB' }), tie({ id: 'tC' })];
const help = (tieId: string, date: string): Help => ({ id: `h${++seq}`, tieId, by: '王助理', date, kind: 'living', text: '送米面油', createdAt: 0 });

function entry(receivedOn: string, ...steps: [string, EventDraft][]): EntryState {
	const id = `e${++seq}`;
	return deriveEntry(
		{
			id,
			content: '问题',
			place: '',
			category: 'other',
			receivedOn,
			reporterName: '',
			reporterPhone: '',
			reporterPrivate: true,
			visitId: '',
			createdAt: noon(receivedOn),
			createdBy: CADRE
		},
		[{ id: `${id}-0`, at: noon(receivedOn), by: CADRE, type: 'created' }, ...steps.map(([day, d], i) => ({ id: `${id}-${i + 1}`, at: noon(day), by: CADRE, ...d }))]
	);
}
const solved = (day: string): [string, EventDraft] => [day, { type: 'solved', text: '已办结' }];
const tier2 = (day: string, deadline: string): [string, EventDraft] => [day, { type: 'escalated', tier: 2, responsible: '社区', deadline, text: '' }];

/** A month where everything required was done. */
const records = (over: Partial<CadreRecords> = {}): CadreRecords => ({
	cadre: CADRE,
	calendar: { ...DEFAULT_CALENDAR },
	today: '2025-04-15',
	attendance: [{ cadre: CADRE, date: '2025-03-10' }],
	leave: [],
	visits: visits(50),
	ties: threeTies(),
	help: [],
	entries: [],
	optionalActions: [],
	...over
});

describe('cadreMonth: the required actions of a month', () => {
	it('marks every required action met in a month where all was done', () => {
		const m = cadreMonth(records(), '2025-03');
		expect(m.dutyDay).toEqual({ date: '2025-03-10', status: 'attended', outcome: 'met' });
		expect(m.visits).toMatchObject({ households: 50, target: 50, met: true, outcome: 'met' });
		expect(m.ties).toMatchObject({ active: 3, status: 'ok', outcome: 'met' });
		expect(m.ledger.outcome).toBe('met');
		expect(m.missed).toEqual([]);
	});

	describe('the duty day: attended, on approved leave, or absent', () => {
		it('counts approved leave as done', () => {
			const m = cadreMonth(records({ attendance: [], leave: [{ cadre: CADRE, date: '2025-03-10', decision: 'approved' }] }), '2025-03');
			expect(m.dutyDay).toMatchObject({ status: 'on-leave', outcome: 'met' });
		});

		it('counts refused or undecided leave as absence once the day has passed', () => {
			for (const decision of ['refused', 'pending'] as const) {
				const m = cadreMonth(records({ attendance: [], leave: [{ cadre: CADRE, date: '2025-03-10', decision }] }), '2025-03');
				expect(m.dutyDay).toMatchObject({ status: 'absent', outcome: 'missed' });
				expect(m.missed).toEqual(['duty-day']);
			}
		});

		it('prefers attendance to leave when the cadre came after all', () => {
			const m = cadreMonth(records({ leave: [{ cadre: CADRE, date: '2025-03-10', decision: 'approved' }] }), '2025-03');
			expect(m.dutyDay.status).toBe('attended');
		});

		it("ignores someone else's attendance and another month's", () => {
			const attendance = [
				{ cadre: '王干部', date: '2025-03-10' },
				{ cadre: CADRE, date: '2025-02-10' }
			];
			expect(cadreMonth(records({ attendance }), '2025-03').dutyDay.status).toBe('absent');
		});

		it('counts a duty day moved within the month for a holiday', () => {
			expect(cadreMonth(records({ attendance: [{ cadre: CADRE, date: '2025-03-12' }] }), '2025-03').dutyDay.status).toBe('attended');
		});

		it('waits until the duty day has passed, the duty day itself included', () => {
			for (const today of ['2025-03-09', '2025-03-10']) {
				expect(cadreMonth(records({ attendance: [], today }), '2025-03').dutyDay).toEqual({
					date: '2025-03-10',
					status: 'upcoming',
					outcome: 'pending'
				});
			}
			expect(cadreMonth(records({ attendance: [], today: '2025-03-11' }), '2025-03').dutyDay.outcome).toBe('missed');
		});

		it('follows the district calendar', () => {
			const m = cadreMonth(records({ calendar: { ...DEFAULT_CALENDAR, dutyDay: 15 }, attendance: [], today: '2025-03-12' }), '2025-03');
			expect(m.dutyDay).toEqual({ date: '2025-03-15', status: 'upcoming', outcome: 'pending' });
		});
	});

	describe('visits: at least 50 households', () => {
		it('misses with 49 households once the month is over', () => {
			const m = cadreMonth(records({ visits: visits(49) }), '2025-03');
			expect(m.visits).toMatchObject({ households: 49, remaining: 1, outcome: 'missed' });
			expect(m.missed).toEqual(['visits']);
		});

		it('is pending with 49 households while the month runs, and met on the 50th', () => {
			expect(cadreMonth(records({ visits: visits(49), today: '2025-03-31' }), '2025-03').visits.outcome).toBe('pending');
			expect(cadreMonth(records({ visits: visits(50), today: '2025-03-20' }), '2025-03').visits.outcome).toBe('met');
		});

		it("counts only the cadre's own visits in that month", () => {
			const m = cadreMonth(records({ visits: [...visits(30), ...visits(20, '2025-03-05', '王干部'), ...visits(20, '2025-04-01')] }), '2025-03');
			expect(m.visits.households).toBe(30);
		});
	});

	describe('ties: 3 to 5 people kept, and help logged', () => {
		it('misses with two ties or with six', () => {
			expect(cadreMonth(records({ ties: [tie(), tie()] }), '2025-03').ties).toMatchObject({ active: 2, status: 'too-few', outcome: 'missed' });
			const six = Array.from({ length: 6 }, () => tie());
			expect(cadreMonth(records({ ties: six }), '2025-03').ties).toMatchObject({ active: 6, status: 'too-many', outcome: 'missed' });
		});

		it('leaves out ties begun after the month and ties ended', () => {
			const ties = [...threeTies(), tie({ since: '2025-04-02' }), tie({ ended: true })];
			expect(cadreMonth(records({ ties }), '2025-03').ties).toMatchObject({ active: 3, status: 'ok' });
			expect(cadreMonth(records({ ties: ties.slice(1) }), '2025-03').ties).toMatchObject({ active: 2, status: 'too-few' });
		});

		it('reports the help given in the month to its own ties, without requiring it', () => {
			const ties = [...threeTies(), tie({ id: 'other', visitor: '王干部' })];
			const h = [help('tA', '2025-03-03'), help('tA', '2025-03-20'), help('tB', '2025-03-21'), help('tC', '2025-04-01'), help('other', '2025-03-05')];
			expect(cadreMonth(records({ ties, help: h }), '2025-03').ties).toEqual({
				active: 3,
				status: 'ok',
				helpLogged: 3,
				tiesHelped: 2,
				outcome: 'met'
			});
		});
	});

	describe("the ledger: the station's entries received, handled, and none overdue at the month's end", () => {
		const entries = () => [
			entry('2025-02-20', solved('2025-03-02')), // handled in March
			entry('2025-03-01', solved('2025-03-01')), // received and handled in March
			entry('2025-03-05', tier2('2025-03-05', '2025-03-20'), solved('2025-04-02')), // overdue on 31 March
			entry('2025-03-25', tier2('2025-03-25', '2025-04-05')) // open, not yet due
		];

		it('counts received and handled in the month, and the entries overdue at its end', () => {
			expect(cadreMonth(records({ entries: entries() }), '2025-03').ledger).toEqual({ received: 3, handled: 2, overdue: 1, outcome: 'missed' });
		});

		it('holds an entry against the month it was overdue in, not the month it was solved late in', () => {
			// On 30 April the entry solved on 2 April is done; the one due on 5 April is still open.
			const april = cadreMonth(records({ entries: entries(), today: '2025-05-15' }), '2025-04').ledger;
			expect(april).toEqual({ received: 0, handled: 1, overdue: 1, outcome: 'missed' });
		});

		// A month's file is the record the cadre is rated on: what happens to an entry after the month
		// has ended does not change it.
		it('keeps a month as it stood at its end: an entry sent back to work later stays handled then, and is not overdue in between', () => {
			const steps = [tier2('2025-03-01', '2025-03-20'), solved('2025-03-10')];
			const sentBack: [string, EventDraft] = ['2025-05-05', { type: 'feedback', text: '没修好', satisfaction: 'dissatisfied' }];
			const months = (e: EntryState) => ['2025-03', '2025-04'].map((m) => cadreMonth(records({ entries: [e], today: '2025-05-15' }), m).ledger);
			const asSolved = months(entry('2025-03-01', ...steps));
			expect(asSolved).toEqual([
				{ received: 1, handled: 1, overdue: 0, outcome: 'met' },
				{ received: 0, handled: 0, overdue: 0, outcome: 'met' }
			]);
			expect(months(entry('2025-03-01', ...steps, sentBack))).toEqual(asSolved);
		});

		it('keeps an entry reopened by the team after the month handled in it, and one extended after it overdue at its end', () => {
			const reopened = entry('2025-03-02', ['2025-03-03', { type: 'closed', reason: 'duplicate', text: '重复' }], ['2025-04-03', { type: 'reopened', text: '关错了' }]);
			const extended = entry('2025-03-05', tier2('2025-03-05', '2025-03-20'), ['2025-04-10', { type: 'extended', deadline: '2025-05-01', reason: '材料未到' }]);
			expect(cadreMonth(records({ entries: [reopened, extended], today: '2025-05-15' }), '2025-03').ledger).toEqual({ received: 2, handled: 1, overdue: 1, outcome: 'missed' });
		});

		it('looks at today in the current month, and waits for the month end before calling it missed', () => {
			expect(cadreMonth(records({ entries: entries(), today: '2025-03-20' }), '2025-03').ledger).toMatchObject({ overdue: 0, outcome: 'met' });
			expect(cadreMonth(records({ entries: entries(), today: '2025-03-21' }), '2025-03').ledger).toMatchObject({ overdue: 1, outcome: 'pending' });
		});
	});

	it('passes the optional actions of the month through as written', () => {
		const optionalActions = [
			{ date: '2025-03-08', text: '组织民情恳谈会' },
			{ date: '2025-04-01', text: '法律讲座' }
		];
		expect(cadreMonth(records({ optionalActions }), '2025-03').optionalActions).toEqual([{ date: '2025-03-08', text: '组织民情恳谈会' }]);
	});
});

describe('cadreHalfYear: six months for the review', () => {
	// H1 2025, reviewed on 15 July: attended five duty days, on leave in April; short of visits in
	// February; lost a tie in May (a tie begun only in June).
	const r = records({
		today: '2025-07-15',
		attendance: ['01', '02', '03', '05', '06'].map((m) => ({ cadre: CADRE, date: `2025-${m}-10` })),
		leave: [{ cadre: CADRE, date: '2025-04-10', decision: 'approved' }],
		visits: ['01', '02', '03', '04', '05', '06'].flatMap((m) => visits(m === '02' ? 40 : 50, `2025-${m}-15`)),
		ties: [tie({ id: 'tA' }), tie({ id: 'tB' }), tie({ id: 'tC', since: '2025-06-01' })],
		help: [help('tA', '2025-01-20'), help('tB', '2025-06-20')],
		entries: [entry('2025-03-01', solved('2025-03-01')), entry('2025-05-01')],
		optionalActions: [{ date: '2025-02-02', text: '春节慰问' }]
	});
	const h = cadreHalfYear(r, '2025-H1');

	it('covers January to June', () => {
		expect(h.months.map((m) => m.month)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
	});

	it('adds up the six months', () => {
		expect(h.totals).toEqual({
			dutyDaysAttended: 5,
			dutyDaysOnLeave: 1,
			dutyDaysAbsent: 0,
			households: 290,
			visitMonthsMet: 5,
			helpLogged: 2,
			entriesReceived: 2,
			entriesHandled: 1,
			optionalActions: 1
		});
	});

	it('lists the months where a required action was missed, and which', () => {
		expect(h.missed).toEqual([
			{ month: '2025-01', actions: ['ties'] },
			{ month: '2025-02', actions: ['visits', 'ties'] },
			{ month: '2025-03', actions: ['ties'] },
			{ month: '2025-04', actions: ['ties'] },
			{ month: '2025-05', actions: ['ties'] }
		]);
	});
});

describe('a cadre assigned during the half-year: only the time at the station counts', () => {
	// Assigned on 2025-03-20: January and February are before it, March's duty day (the 10th) too.
	const r = records({
		assignedOn: '2025-03-20',
		today: '2025-07-15',
		attendance: [{ cadre: CADRE, date: '2025-04-10' }, { cadre: CADRE, date: '2025-05-10' }, { cadre: CADRE, date: '2025-06-10' }],
		visits: ['04', '05', '06'].flatMap((m) => visits(50, `2025-${m}-15`)),
		ties: threeTies().map((t) => ({ ...t, since: '2025-03-25' }))
	});

	it('does not count a duty day before the assignment as absent', () => {
		const m = cadreMonth(r, '2025-03');
		expect(m.dutyDay).toMatchObject({ date: '2025-03-10', status: 'not-assigned', outcome: 'not-counted' });
		expect(m.missed).not.toContain('duty-day');
	});

	it('does not count the required actions of months before the assignment', () => {
		const m = cadreMonth(r, '2025-01');
		expect(m.dutyDay.status).toBe('not-assigned');
		expect([m.dutyDay.outcome, m.visits.outcome, m.ties.outcome, m.ledger.outcome]).toEqual(['not-counted', 'not-counted', 'not-counted', 'not-counted']);
		expect(m.missed).toEqual([]);
	});

	it('does not hold a part month against the cadre, but credits what was done in it', () => {
		const m = cadreMonth(r, '2025-03');
		expect(m.visits.outcome).toBe('not-counted');
		expect(cadreMonth({ ...r, visits: visits(50, '2025-03-25') }, '2025-03').visits.outcome).toBe('met');
	});

	it('adds no absence to the half-year and lists no missed month before the assignment', () => {
		const h = cadreHalfYear(r, '2025-H1');
		expect(h.totals.dutyDaysAbsent).toBe(0);
		expect(h.totals.dutyDaysAttended).toBe(3);
		expect(h.missed).toEqual([]);
	});

	it('still counts a duty day missed after the assignment', () => {
		const m = cadreMonth({ ...r, attendance: [] }, '2025-04');
		expect(m.dutyDay).toMatchObject({ status: 'absent', outcome: 'missed' });
	});
});
