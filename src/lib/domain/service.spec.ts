import { describe, expect, it } from 'vitest';
import { combineService, serviceStatistics, validateDutyDay } from './service';

const JUNE = { from: '2026-06-01', to: '2026-06-30' };
const team = [
	{ id: 'p-cadre', name: '王干部' },
	{ id: 'p-assistant', name: '李助理' }
];

describe('validateDutyDay', () => {
	it('takes a day and a whole number of cards, from a form\'s text too', () => {
		expect(validateDutyDay({ date: '2026-06-10', cards: '120' })).toEqual({ ok: true, value: { date: '2026-06-10', cards: 120 } });
		expect(validateDutyDay({ date: '2026-06-10', cards: 0 })).toMatchObject({ ok: true, value: { cards: 0 } });
	});

	it('refuses a duty day after today, when today is given: the record is of a day that has been', () => {
		expect(validateDutyDay({ date: '2026-06-11', cards: 3 }, '2026-06-10')).toEqual({ ok: false, errors: [{ field: 'date', code: 'in-future' }] });
		expect(validateDutyDay({ date: '2026-06-10', cards: 3 }, '2026-06-10').ok).toBe(true);
	});

	it('names each bad field', () => {
		expect(validateDutyDay({ date: '2026-02-30', cards: '' })).toEqual({ ok: false, errors: [{ field: 'date', code: 'invalid' }, { field: 'cards', code: 'required' }] });
		for (const cards of [-1, 1.5, 100_001, 'many']) expect(validateDutyDay({ date: '2026-06-10', cards })).toEqual({ ok: false, errors: [{ field: 'cards', code: 'invalid', min: 0, max: 100_000 }] });
	});
});

describe('serviceStatistics: the seed\'s cards, person-times and cadres, where they happen', () => {
	const input = {
		dutyDays: [{ date: '2026-06-10', cards: 120 }, { date: '2026-05-10', cards: 80 }],
		visits: [
			{ visitor: '王干部', date: '2026-06-03', cardsLeft: 2, peopleHelped: 1 },
			{ visitor: '王干部', date: '2026-06-04' }, // recorded before the fields existed: none
			{ visitor: '王干部', date: '2026-05-04', cardsLeft: 5, peopleHelped: 5 }
		],
		help: [
			{ by: '王干部', date: '2026-06-05', people: 3 },
			{ by: '王干部', date: '2026-06-06' }, // a record of before the count: one person-time
			{ by: '李助理', date: '2026-05-06', people: 4 }
		],
		team,
		attended: [] as string[]
	};

	it('sums the cards of duty days and visits, and the person-times of help and visits, within the period', () => {
		const c = serviceStatistics(input, JUNE);
		expect(c).toMatchObject({ cardsOnDutyDays: 120, cardsOnVisits: 2, cards: 122, helpRecorded: 4, helpOnVisits: 1, helpTimes: 5 });
	});

	it('counts as taking part the cadres and assistants who visited, helped or checked in on a duty day', () => {
		expect(serviceStatistics(input, JUNE).cadreIds).toEqual(['p-cadre']);
		expect(serviceStatistics({ ...input, attended: ['p-assistant'] }, JUNE).cadreIds).toEqual(['p-cadre', 'p-assistant']);
		expect(serviceStatistics(input, { from: '2026-05-01', to: '2026-05-31' }).cadreIds).toEqual(['p-cadre', 'p-assistant']);
		// Someone who is not on the team (a liaison's name, a stranger's) is not a cadre taking part.
		expect(serviceStatistics({ ...input, team: [], attended: ['p-cadre'] }, JUNE).cadreIds).toEqual([]);
	});

	it('combines stations by summing, a person counted once', () => {
		const a = serviceStatistics(input, JUNE);
		const b = serviceStatistics({ ...input, attended: ['p-assistant'] }, JUNE);
		expect(combineService([a, b])).toMatchObject({ cards: 244, helpTimes: 10, cadreIds: ['p-assistant', 'p-cadre'] });
	});
});
