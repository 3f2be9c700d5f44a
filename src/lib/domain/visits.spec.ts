import { describe, expect, it } from 'vitest';
import type { Result } from './result';
import {
	HELP_KINDS,
	MONTHLY_VISIT_TARGET,
	monthProgress,
	monthVisits,
	TIE_GROUPS,
	TIES_MAX,
	TIES_MIN,
	tieStatus,
	keepsVisitTargets,
	validateHelp,
	validateTie,
	validateVisit,
	type Tie,
	type Visit
} from './visits';

const errorsOf = (result: Result<unknown>) => (result.ok ? [] : result.errors);

let seq = 0;
const visit = (over: Partial<Visit> = {}): Visit => ({
	id: `v${++seq}`,
	visitor: '李干部',
	date: '2025-03-12',
	household: `${seq}号户`,
	address: '',
	peopleMet: 2,
	notes: '',
	createdAt: 0,
	...over
});

const tie = (over: Partial<Tie> = {}): Tie => ({
	id: `t${++seq}`,
	visitor: '李干部',
	name: `对象${seq}`,
	group: 'difficulty',
	contact: '',
	notes: '',
	since: '2025-01-01',
	ended: false,
	createdAt: 0,
	...over
});

/** n visits by one visitor in one month, each to a different household. */
const distinct = (n: number, over: Partial<Visit> = {}) => Array.from({ length: n }, (_, i) => visit({ household: `户${i}`, ...over }));

describe('the targets from the work method', () => {
	it('asks for at least 50 households a month', () => {
		expect(MONTHLY_VISIT_TARGET).toBe(50);
	});

	it('asks for ties with 3 to 5 people', () => {
		expect([TIES_MIN, TIES_MAX]).toEqual([3, 5]);
	});

	it('knows the three vulnerable groups', () => {
		expect([...TIE_GROUPS]).toEqual(['difficulty', 'veteran-member', 'community-correction']);
	});
});

describe('monthProgress: distinct households per visitor per month, against 50', () => {
	it('reports an empty month as nothing done and the whole target remaining', () => {
		expect(monthProgress([], '李干部', '2025-03')).toEqual({
			month: '2025-03',
			visits: 0,
			households: 0,
			people: 0,
			target: 50,
			remaining: 50,
			met: false
		});
	});

	it('counts households, people met and visits', () => {
		const p = monthProgress(distinct(3, { peopleMet: 2 }), '李干部', '2025-03');
		expect(p).toMatchObject({ visits: 3, households: 3, people: 6, remaining: 47, met: false });
	});

	it('counts a household visited twice in a month once', () => {
		const visits = [visit({ household: '张家', date: '2025-03-01' }), visit({ household: '张家', date: '2025-03-20' })];
		const p = monthProgress(visits, '李干部', '2025-03');
		expect(p.visits).toBe(2);
		expect(p.households).toBe(1);
		expect(p.people).toBe(4);
	});

	it('treats household names that differ only in case and spacing as the same household', () => {
		const visits = [
			visit({ household: 'Building 3  Room 201' }),
			visit({ household: ' building 3 room 201 ' }),
			visit({ household: 'BUILDING 3\tROOM 201' })
		];
		expect(monthProgress(visits, '李干部', '2025-03').households).toBe(1);
	});

	it('meets the target at exactly 50 distinct households', () => {
		const p = monthProgress(distinct(50), '李干部', '2025-03');
		expect(p).toMatchObject({ households: 50, remaining: 0, met: true });
	});

	it('does not meet it at 49', () => {
		const p = monthProgress(distinct(49), '李干部', '2025-03');
		expect(p).toMatchObject({ households: 49, remaining: 1, met: false });
	});

	it('does not meet it with 60 visits to only 30 households', () => {
		const p = monthProgress([...distinct(30), ...distinct(30)], '李干部', '2025-03');
		expect(p).toMatchObject({ visits: 60, households: 30, remaining: 20, met: false });
	});

	it('never reports a negative remainder when the target is exceeded', () => {
		const p = monthProgress(distinct(70), '李干部', '2025-03');
		expect(p).toMatchObject({ households: 70, remaining: 0, met: true });
	});

	it("counts only the given visitor's visits", () => {
		const visits = [...distinct(10), ...distinct(20, { visitor: '王助理' })];
		expect(monthProgress(visits, '李干部', '2025-03').households).toBe(10);
		expect(monthProgress(visits, '王助理', '2025-03').households).toBe(20);
	});

	it('counts only visits in the given month', () => {
		const visits = [
			visit({ date: '2025-02-28' }),
			visit({ date: '2025-03-01' }),
			visit({ date: '2025-03-31' }),
			visit({ date: '2025-04-01' }),
			visit({ date: '2024-03-15' })
		];
		expect(monthProgress(visits, '李干部', '2025-03').visits).toBe(2);
	});

	it('counts the same household again in a new month', () => {
		const visits = [visit({ household: '张家', date: '2025-03-05' }), visit({ household: '张家', date: '2025-04-05' })];
		expect(monthProgress(visits, '李干部', '2025-03').households).toBe(1);
		expect(monthProgress(visits, '李干部', '2025-04').households).toBe(1);
	});

	it('accepts any iterable, such as the values of a map', () => {
		const map = new Map(distinct(5).map((v) => [v.id, v]));
		expect(monthProgress(map.values(), '李干部', '2025-03').households).toBe(5);
	});
});

describe('monthVisits: the visits page\'s list', () => {
	const v = (id: string, date: string, visitor: string, createdAt: number) => ({ id, date, visitor, createdAt });
	const all = [v('a', '2025-03-02', '李干部', 5), v('b', '2025-03-09', '王助理', 1), v('c', '2025-02-28', '李干部', 9), v('d', '2025-03-09', '李干部', 3), v('e', '2025-03-09', '李干部', 7), v('f', '2025-04-01', '李干部', 2)];

	it('holds the month\'s visits, newest first, the same day\'s latest recorded first', () => {
		expect(monthVisits(all, '2025-03', null).map((x) => x.id)).toEqual(['e', 'd', 'b', 'a']);
	});

	it('holds one visitor\'s only when asked, and leaves the list it was given as it was', () => {
		expect(monthVisits(all, '2025-03', '李干部').map((x) => x.id)).toEqual(['e', 'd', 'a']);
		expect(monthVisits(all, '2025-05', '李干部')).toEqual([]);
		expect(all.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
	});
});

describe('tieStatus: every cadre keeps ties with 3 to 5 people', () => {
	const ties = (n: number, over: Partial<Tie> = {}) => Array.from({ length: n }, () => tie(over));

	it('is too few below 3', () => {
		expect(tieStatus([], '李干部')).toEqual({ active: 0, status: 'too-few' });
		expect(tieStatus(ties(2), '李干部')).toEqual({ active: 2, status: 'too-few' });
	});

	it('is ok from 3 to 5', () => {
		for (const n of [3, 4, 5]) expect(tieStatus(ties(n), '李干部')).toEqual({ active: n, status: 'ok' });
	});

	it('is too many above 5', () => {
		expect(tieStatus(ties(6), '李干部')).toEqual({ active: 6, status: 'too-many' });
	});

	it('does not count ended ties', () => {
		const list = [...ties(3), ...ties(2, { ended: true })];
		expect(tieStatus(list, '李干部')).toEqual({ active: 3, status: 'ok' });
		expect(tieStatus([...ties(2), ...ties(4, { ended: true })], '李干部').status).toBe('too-few');
	});

	it("counts only the given visitor's ties", () => {
		const list = [...ties(2), ...ties(4, { visitor: '王助理' })];
		expect(tieStatus(list, '李干部')).toEqual({ active: 2, status: 'too-few' });
		expect(tieStatus(list, '王助理')).toEqual({ active: 4, status: 'ok' });
	});
});

describe('validateVisit', () => {
	it('accepts a visit with a date and a household, trimming text and meeting one person by default', () => {
		expect(validateVisit({ date: '2025-03-10', household: ' 张家 ' })).toEqual({
			ok: true,
			value: { date: '2025-03-10', household: '张家', address: '', peopleMet: 1, notes: '', cardsLeft: 0, peopleHelped: 0 }
		});
	});

	it('keeps address, people met and notes', () => {
		const r = validateVisit({ date: '2025-03-10', household: '张家', address: '3-201', peopleMet: 3, notes: '老人独居' });
		expect(r.ok && r.value).toEqual({ date: '2025-03-10', household: '张家', address: '3-201', peopleMet: 3, notes: '老人独居', cardsLeft: 0, peopleHelped: 0 });
	});

	it('keeps the contact cards left and the people helped (the seed\'s figures), from a form\'s text too', () => {
		const r = validateVisit({ date: '2025-03-10', household: '张家', cardsLeft: '2', peopleHelped: 3 });
		expect(r.ok && [r.value.cardsLeft, r.value.peopleHelped]).toEqual([2, 3]);
		for (const bad of [-1, 1.5, 1000, 'x']) {
			expect(errorsOf(validateVisit({ date: '2025-03-10', household: '张家', cardsLeft: bad }))).toEqual([{ field: 'cardsLeft', code: 'invalid', min: 0, max: 999 }]);
		}
		expect(errorsOf(validateVisit({ date: '2025-03-10', household: '张家', peopleHelped: 100 }))).toEqual([{ field: 'peopleHelped', code: 'invalid', min: 0, max: 99 }]);
	});

	it('accepts a visit where nobody was home', () => {
		expect(validateVisit({ date: '2025-03-10', household: '张家', peopleMet: 0 }).ok).toBe(true);
	});

	it('refuses a date that is not a calendar day, naming the field', () => {
		expect(errorsOf(validateVisit({ date: '2025-02-29', household: '张家' }))).toEqual([{ field: 'date', code: 'invalid' }]);
	});

	it('refuses a visit dated after today, when today is given (a slip of the date picker)', () => {
		expect(errorsOf(validateVisit({ date: '2025-03-11', household: '张家' }, '2025-03-10'))).toEqual([{ field: 'date', code: 'in-future' }]);
		expect(validateVisit({ date: '2025-03-10', household: '张家' }, '2025-03-10').ok).toBe(true);
		expect(validateVisit({ date: '2024-12-31', household: '张家' }, '2025-03-10').ok).toBe(true);
	});

	it('needs a household', () => {
		expect(errorsOf(validateVisit({ date: '2025-03-10', household: ' ' }))).toEqual([{ field: 'household', code: 'required' }]);
	});

	it('refuses overlong household, address and notes, each by name', () => {
		const r = validateVisit({
			date: '2025-03-10',
			household: 'x'.repeat(101),
			address: 'x'.repeat(201),
			notes: 'x'.repeat(2001)
		});
		expect(errorsOf(r)).toEqual([
			expect.objectContaining({ field: 'household', code: 'too-long' }),
			expect.objectContaining({ field: 'address', code: 'too-long' }),
			expect.objectContaining({ field: 'notes', code: 'too-long' })
		]);
	});

	it('refuses a number of people that is negative, fractional, too large or not a number', () => {
		for (const peopleMet of [-1, 1.5, 100, NaN]) {
			expect(errorsOf(validateVisit({ date: '2025-03-10', household: '张家', peopleMet }))).toEqual([
				{ field: 'peopleMet', code: 'invalid', min: 0, max: 99 }
			]);
		}
		expect(validateVisit({ date: '2025-03-10', household: '张家', peopleMet: 99 }).ok).toBe(true);
	});

	it('reports every problem at once', () => {
		const fields = errorsOf(validateVisit({ date: '', household: '', peopleMet: -3 })).map((e) => e.field);
		expect(fields).toEqual(['date', 'household', 'peopleMet']);
	});
});

describe('validateTie', () => {
	const good = { name: ' 赵大爷 ', group: 'veteran-member' as const, since: '2025-01-15' };

	it('accepts a named person in a known group since a date', () => {
		expect(validateTie(good)).toEqual({
			ok: true,
			value: { name: '赵大爷', group: 'veteran-member', contact: '', notes: '', since: '2025-01-15' }
		});
	});

	it('accepts each vulnerable group', () => {
		for (const group of TIE_GROUPS) expect(validateTie({ ...good, group }).ok).toBe(true);
	});

	it('needs a name', () => {
		expect(errorsOf(validateTie({ ...good, name: '' }))).toEqual([{ field: 'name', code: 'required' }]);
	});

	it('needs a known group', () => {
		expect(errorsOf(validateTie({ ...good, group: undefined }))).toEqual([{ field: 'group', code: 'required' }]);
		expect(errorsOf(validateTie({ ...good, group: 'rich' as never }))).toEqual([{ field: 'group', code: 'required' }]);
	});

	it('needs a start date', () => {
		expect(errorsOf(validateTie({ ...good, since: undefined }))).toEqual([{ field: 'since', code: 'invalid' }]);
		expect(errorsOf(validateTie({ ...good, since: '2025-1-15' }))).toEqual([{ field: 'since', code: 'invalid' }]);
	});

	it('refuses a tie begun after today, when today is given', () => {
		expect(errorsOf(validateTie({ ...good, since: '2025-03-11' }, '2025-03-10'))).toEqual([{ field: 'since', code: 'in-future' }]);
		expect(validateTie({ ...good, since: '2025-03-10' }, '2025-03-10').ok).toBe(true);
	});

	it('refuses overlong text, naming each field', () => {
		const r = validateTie({ ...good, name: 'x'.repeat(61), contact: 'x'.repeat(101), notes: 'x'.repeat(2001) });
		expect(errorsOf(r).map((e) => e.field)).toEqual(['name', 'contact', 'notes']);
	});
});

describe('validateHelp', () => {
	const good = { date: '2025-03-10', kind: 'living' as const, text: ' 送米面油 ' };

	it('accepts help of a known kind on a date, with text', () => {
		expect(validateHelp(good)).toEqual({ ok: true, value: { date: '2025-03-10', kind: 'living', text: '送米面油', people: 1 } });
	});

	it('counts the person-times a record stands for: one unless said, never zero', () => {
		expect(validateHelp({ ...good, people: '4' })).toMatchObject({ ok: true, value: { people: 4 } });
		for (const people of [0, -2, 2.5, 1000]) expect(errorsOf(validateHelp({ ...good, people }))).toEqual([{ field: 'people', code: 'invalid', min: 1, max: 999 }]);
	});

	it('refuses help dated after today, when today is given', () => {
		expect(errorsOf(validateHelp({ ...good, date: '2025-03-11' }, '2025-03-10'))).toEqual([{ field: 'date', code: 'in-future' }]);
		expect(validateHelp(good, '2025-03-10').ok).toBe(true);
	});

	it('accepts each kind of help', () => {
		for (const kind of HELP_KINDS) expect(validateHelp({ ...good, kind }).ok).toBe(true);
	});

	it('refuses each missing field by name', () => {
		expect(errorsOf(validateHelp({}))).toEqual([
			{ field: 'date', code: 'invalid' },
			{ field: 'kind', code: 'required' },
			{ field: 'text', code: 'required' }
		]);
	});

	it('refuses an unknown kind and overlong text', () => {
		expect(errorsOf(validateHelp({ ...good, kind: 'money' as never, text: 'x'.repeat(2001) }))).toEqual([
			{ field: 'kind', code: 'required' },
			expect.objectContaining({ field: 'text', code: 'too-long' })
		]);
	});
});

describe('whose targets 50 households a month and 3–5 ties are', () => {
	it('are the station cadre\'s: the assistant, the liaison and the lawyer are not held to them', () => {
		expect(keepsVisitTargets('cadre')).toBe(true);
		for (const as of ['assistant', 'liaison', 'lawyer', 'office', 'leader'] as const) expect(keepsVisitTargets(as), as).toBe(false);
	});

	it('are kept by whoever uses a station only on this device (no team, no roles)', () => {
		expect(keepsVisitTargets(undefined)).toBe(true);
	});
});
