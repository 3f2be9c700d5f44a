import { describe, expect, it } from 'vitest';
import {
	announcementDate,
	DEFAULT_CALENDAR,
	daysInMonth,
	dispatchDate,
	dueReminders,
	dutyDate,
	isMonth,
	lastDayOf,
	nextAnnouncementDate,
	nextDispatchDate,
	nextDutyDate,
	shiftMonth,
	validateCalendar,
	type CalendarSettings,
	type Reminder,
	type TeamFacts
} from './calendar';
import type { Result } from './result';

const cal: CalendarSettings = { ...DEFAULT_CALENDAR };
const errorsOf = (result: Result<unknown>) => (result.ok ? [] : result.errors);

describe('the default calendar (domain.md, "The rhythm")', () => {
	it('has the duty day on the 10th in the afternoon, the announcement two days before, the dispatch meeting on the 25th', () => {
		expect(DEFAULT_CALENDAR).toEqual({ dutyDay: 10, dutyDayPart: 'afternoon', announceDaysBefore: 2, dispatchDay: 25 });
		expect(dutyDate(cal, '2025-03')).toBe('2025-03-10');
		expect(announcementDate(cal, '2025-03')).toBe('2025-03-08');
		expect(dispatchDate(cal, '2025-03')).toBe('2025-03-25');
	});
});

describe('validateCalendar', () => {
	it('accepts the defaults and any day from 1 to 28', () => {
		expect(validateCalendar(DEFAULT_CALENDAR)).toEqual({ ok: true, value: DEFAULT_CALENDAR });
		expect(validateCalendar({ ...cal, dutyDay: 1, dispatchDay: 28, dutyDayPart: 'morning' }).ok).toBe(true);
	});

	it('refuses days that some months do not have, and non-integers, with the range (the form says 1–28)', () => {
		for (const dutyDay of [0, 29, 31, 10.5, '10', undefined]) {
			expect(errorsOf(validateCalendar({ ...cal, dutyDay }))).toEqual([{ field: 'dutyDay', code: 'invalid', min: 1, max: 28 }]);
		}
		expect(errorsOf(validateCalendar({ ...cal, dispatchDay: 30 }))).toEqual([{ field: 'dispatchDay', code: 'invalid', min: 1, max: 28 }]);
	});

	it('needs the announcement one to fourteen days before the duty day', () => {
		expect(validateCalendar({ ...cal, announceDaysBefore: 14 }).ok).toBe(true);
		for (const announceDaysBefore of [0, 15, -1]) {
			expect(errorsOf(validateCalendar({ ...cal, announceDaysBefore }))).toEqual([{ field: 'announceDaysBefore', code: 'invalid', min: 1, max: 14 }]);
		}
	});

	it('knows only morning, afternoon and all day', () => {
		expect(errorsOf(validateCalendar({ ...cal, dutyDayPart: 'evening' }))).toEqual([{ field: 'dutyDayPart', code: 'invalid' }]);
	});

	it('reports every bad field at once', () => {
		expect(errorsOf(validateCalendar({})).map((e) => e.field)).toEqual(['dutyDay', 'dutyDayPart', 'announceDaysBefore', 'dispatchDay']);
	});
});

describe('months', () => {
	it('shifts across years both ways', () => {
		expect(shiftMonth('2025-12', 1)).toBe('2026-01');
		expect(shiftMonth('2025-01', -1)).toBe('2024-12');
		expect(shiftMonth('2025-03', 14)).toBe('2026-05');
	});

	it('refuses to leave four-digit years or to shift what is not a month (a loop up to a month would never end)', () => {
		expect(() => shiftMonth('9999-12', 1)).toThrow(RangeError);
		expect(() => shiftMonth('0000-01', -1)).toThrow(RangeError);
		expect(() => shiftMonth('2026-13', 1)).toThrow(RangeError);
		expect(() => shiftMonth('abc', 1)).toThrow(RangeError);
		expect(shiftMonth('9999-11', 1)).toBe('9999-12');
	});

	it('knows the last day, leap years included', () => {
		expect(lastDayOf('2024-02')).toBe('2024-02-29');
		expect(lastDayOf('2025-02')).toBe('2025-02-28');
		expect(daysInMonth('2025-04')).toBe(30);
		expect(isMonth('2025-13')).toBe(false);
		expect(isMonth('2025-09')).toBe(true);
	});
});

describe('the next dates, on or after a day', () => {
	it('gives today when today is the day', () => {
		expect(nextDutyDate(cal, '2025-03-10')).toBe('2025-03-10');
		expect(nextDispatchDate(cal, '2025-03-25')).toBe('2025-03-25');
		expect(nextAnnouncementDate(cal, '2025-03-08')).toBe('2025-03-08');
	});

	it('moves to next month once the day has passed, across the new year', () => {
		expect(nextDutyDate(cal, '2025-03-11')).toBe('2025-04-10');
		expect(nextAnnouncementDate(cal, '2025-03-09')).toBe('2025-04-08');
		expect(nextDispatchDate(cal, '2025-12-26')).toBe('2026-01-25');
	});

	it('finds an announcement that falls in the month before its duty day', () => {
		const early = { ...cal, dutyDay: 1, announceDaysBefore: 3 };
		expect(announcementDate(early, '2025-03')).toBe('2025-02-26');
		expect(nextAnnouncementDate(early, '2025-02-20')).toBe('2025-02-26');
		expect(nextAnnouncementDate(early, '2025-02-27')).toBe('2025-03-29');
	});
});

describe('dueReminders: what a team is told to do', () => {
	const none: TeamFacts = { announcementsPosted: [], visits: [], openTier4: [], overdue: 0 };
	const kinds = (rs: Reminder[]) => rs.map((r) => r.kind);

	it('tells nothing on a quiet day', () => {
		expect(dueReminders(cal, '2025-03-03', none)).toEqual([]);
	});

	it('asks for the announcement from the announcement day through the duty day, until it is posted', () => {
		expect(dueReminders(cal, '2025-03-07', none)).toEqual([]);
		const due = { kind: 'post-announcement', month: '2025-03', announceOn: '2025-03-08', dutyOn: '2025-03-10' };
		expect(dueReminders(cal, '2025-03-08', none)).toEqual([due]);
		expect(dueReminders(cal, '2025-03-09', none)).toEqual([due]);
		expect(kinds(dueReminders(cal, '2025-03-10', none))).toEqual(['duty-day', 'post-announcement']);
		expect(dueReminders(cal, '2025-03-11', none)).toEqual([]);
		expect(dueReminders(cal, '2025-03-08', { ...none, announcementsPosted: ['2025-03'] })).toEqual([]);
	});

	it("does not count last month's announcement as this month's", () => {
		expect(kinds(dueReminders(cal, '2025-03-09', { ...none, announcementsPosted: ['2025-02'] }))).toEqual(['post-announcement']);
	});

	it('asks in February for an announcement due for a duty day on 1 March', () => {
		const early = { ...cal, dutyDay: 1, announceDaysBefore: 2 };
		expect(dueReminders(early, '2025-02-27', none)).toEqual([
			{ kind: 'post-announcement', month: '2025-03', announceOn: '2025-02-27', dutyOn: '2025-03-01' }
		]);
	});

	it('says so on the duty day, with its part of the day', () => {
		expect(dueReminders(cal, '2025-03-10', { ...none, announcementsPosted: ['2025-03'] })).toEqual([
			{ kind: 'duty-day', date: '2025-03-10', part: 'afternoon' }
		]);
	});

	it('counts overdue entries whenever there are some', () => {
		expect(dueReminders(cal, '2025-03-03', { ...none, overdue: 2 })).toEqual([{ kind: 'overdue-entries', count: 2 }]);
	});

	it('lists open tier-4 entries in the week up to and including the dispatch meeting', () => {
		const facts = { ...none, openTier4: ['e1', 'e2'] };
		expect(dueReminders(cal, '2025-03-18', facts)).toEqual([]);
		const due = { kind: 'dispatch-agenda', meetingOn: '2025-03-25', entries: ['e1', 'e2'] };
		expect(dueReminders(cal, '2025-03-19', facts)).toEqual([due]);
		expect(dueReminders(cal, '2025-03-25', facts)).toEqual([due]);
		expect(dueReminders(cal, '2025-03-26', facts)).toEqual([]);
		expect(dueReminders(cal, '2025-03-20', none)).toEqual([]);
	});

	describe('visits behind the pace to 50 households by the month end', () => {
		// March has 31 days: by the end of the 15th a steady pace reaches 50 × 15 / 31 ≈ 24.2 households.
		const on16th = (households: number) => dueReminders(cal, '2025-03-16', { ...none, visits: [{ visitor: '李干部', households }] });

		it('warns a cadre below the pace reached by the end of yesterday, with what is left per day', () => {
			expect(on16th(24)).toEqual([
				{ kind: 'visits-behind', visitor: '李干部', households: 24, target: 50, daysLeft: 16, perDay: 2 }
			]);
		});

		it('leaves a cadre on the pace alone', () => {
			expect(on16th(25)).toEqual([]);
		});

		it('never warns on the first day of a month', () => {
			expect(dueReminders(cal, '2025-03-01', { ...none, visits: [{ visitor: '李干部', households: 0 }] })).toEqual([]);
		});

		it('warns anyone still short on the last day, even on the pace', () => {
			const facts = { ...none, visits: [{ visitor: '李干部', households: 49 }, { visitor: '王助理', households: 50 }] };
			expect(dueReminders(cal, '2025-03-31', facts)).toEqual([
				{ kind: 'visits-behind', visitor: '李干部', households: 49, target: 50, daysLeft: 1, perDay: 1 }
			]);
		});
	});

	it('puts the duty day first and visits last', () => {
		const facts: TeamFacts = { announcementsPosted: [], visits: [{ visitor: '李干部', households: 0 }], openTier4: ['e1'], overdue: 1 };
		const early = { ...cal, dispatchDay: 12 };
		expect(kinds(dueReminders(early, '2025-03-10', facts))).toEqual([
			'duty-day',
			'post-announcement',
			'overdue-entries',
			'dispatch-agenda',
			'visits-behind'
		]);
	});
});
