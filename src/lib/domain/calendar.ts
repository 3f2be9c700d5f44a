// The district's calendar (domain.md, "The rhythm"): the duty day on the 10th, in the afternoon;
// the announcement two days before; the dispatch meeting on the 25th. Those are the defaults; the
// frontline office may change them, for every station of the district at once.
import { addDays, daysBetween, monthOf } from './dates';
import { MONTHLY_VISIT_TARGET } from './visits';
import { check, type Result, type RuleError } from './result';

export const DAY_PARTS = ['morning', 'afternoon', 'all-day'] as const;
export type DayPart = (typeof DAY_PARTS)[number];

export interface CalendarSettings {
	/** Day of the month of the duty day (驻点工作日). */
	dutyDay: number;
	dutyDayPart: DayPart;
	/** The announcement (公告) is posted this many days before the duty day. */
	announceDaysBefore: number;
	/** Day of the month of the dispatch meeting (调度会). */
	dispatchDay: number;
}

export const DEFAULT_CALENDAR: Readonly<CalendarSettings> = Object.freeze({
	dutyDay: 10,
	dutyDayPart: 'afternoon',
	announceDaysBefore: 2,
	dispatchDay: 25
});

/** Product: days up to the 28th, so that every month has one; notice of at most two weeks. */
export const LAST_SETTABLE_DAY = 28;
export const MAX_ANNOUNCE_DAYS_BEFORE = 14;
/** Product: the dispatch agenda reminder shows from a week before the meeting. */
export const DISPATCH_REMINDER_DAYS = 7;

const isIntIn = (v: unknown, lo: number, hi: number) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;

export function validateCalendar(input: Partial<Record<keyof CalendarSettings, unknown>>): Result<CalendarSettings> {
	const errors: RuleError[] = [];
	// With the range, so a refusal says "1–28" where the form's hint was, not only "格式不正确".
	if (!isIntIn(input.dutyDay, 1, LAST_SETTABLE_DAY)) errors.push({ field: 'dutyDay', code: 'invalid', min: 1, max: LAST_SETTABLE_DAY });
	if (!DAY_PARTS.includes(input.dutyDayPart as DayPart)) errors.push({ field: 'dutyDayPart', code: 'invalid' });
	// An announcement is posted before the duty day, never on it (公告 "两天前").
	if (!isIntIn(input.announceDaysBefore, 1, MAX_ANNOUNCE_DAYS_BEFORE)) errors.push({ field: 'announceDaysBefore', code: 'invalid', min: 1, max: MAX_ANNOUNCE_DAYS_BEFORE });
	if (!isIntIn(input.dispatchDay, 1, LAST_SETTABLE_DAY)) errors.push({ field: 'dispatchDay', code: 'invalid', min: 1, max: LAST_SETTABLE_DAY });
	return check(errors, () => ({
		dutyDay: input.dutyDay as number,
		dutyDayPart: input.dutyDayPart as DayPart,
		announceDaysBefore: input.announceDaysBefore as number,
		dispatchDay: input.dispatchDay as number
	}));
}

// ——— Months (YYYY-MM). These are date helpers that could move to dates.ts.

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: unknown): value is string {
	return typeof value === 'string' && MONTH.test(value);
}

/**
 * The month n months after (or before, n < 0) the given one. Throws a RangeError for anything
 * that is not a month or a result outside 0000–9999: months are compared as strings, and
 * '10000-01' would sort before '9999-12' (a loop up to a month would never end).
 */
export function shiftMonth(month: string, n: number): string {
	if (!isMonth(month) || !Number.isInteger(n)) throw new RangeError(`not a month: ${JSON.stringify(month)} + ${n}`);
	const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
	if (index < 0 || index >= 10_000 * 12) throw new RangeError(`month out of range: ${month} + ${n}`);
	return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function lastDayOf(month: string): string {
	return addDays(`${shiftMonth(month, 1)}-01`, -1);
}

export function daysInMonth(month: string): number {
	return Number(lastDayOf(month).slice(8));
}

// ——— The dates of a month, and the next ones.

const dayOf = (month: string, day: number) => `${month}-${String(day).padStart(2, '0')}`;

export const dutyDate = (s: CalendarSettings, month: string): string => dayOf(month, s.dutyDay);
/** May fall in the month before, when the duty day is early in its month. */
export const announcementDate = (s: CalendarSettings, month: string): string => addDays(dutyDate(s, month), -s.announceDaysBefore);
export const dispatchDate = (s: CalendarSettings, month: string): string => dayOf(month, s.dispatchDay);

/** The first date on or after `from` that `dateOf` gives for some month. */
function next(dateOf: (month: string) => string, from: string): string {
	// A date lies at most two weeks before its own month starts, so three months suffice.
	for (let i = 0; i <= 2; i++) {
		const d = dateOf(shiftMonth(monthOf(from), i));
		if (d >= from) return d;
	}
	throw new Error('unreachable');
}

/** On or after `from`: on the duty day itself, that day. */
export const nextDutyDate = (s: CalendarSettings, from: string) => next((m) => dutyDate(s, m), from);
export const nextAnnouncementDate = (s: CalendarSettings, from: string) => next((m) => announcementDate(s, m), from);
export const nextDispatchDate = (s: CalendarSettings, from: string) => next((m) => dispatchDate(s, m), from);

// ——— What is due for a team today.

/** What the board knows about a station, today. */
export interface TeamFacts {
	/** Months (YYYY-MM) whose duty-day announcement is posted. */
	announcementsPosted: readonly string[];
	/** Households each cadre of the team has visited so far this month (monthProgress().households). */
	visits: readonly { visitor: string; households: number }[];
	/** Ids of the station's open tier-4 entries still to decide (awaitsDecision): they go to the next dispatch meeting. */
	openTier4: readonly string[];
	/** Open entries past their deadline (isOverdue). */
	overdue: number;
}

export type Reminder =
	| { kind: 'duty-day'; date: string; part: DayPart }
	| { kind: 'post-announcement'; month: string; announceOn: string; dutyOn: string }
	| { kind: 'overdue-entries'; count: number }
	| { kind: 'dispatch-agenda'; meetingOn: string; entries: string[] }
	| { kind: 'visits-behind'; visitor: string; households: number; target: number; daysLeft: number; perDay: number };

/**
 * What a team should do, most pressing first. Rules:
 * - duty-day: today is the duty day (domain.md, "The rhythm");
 * - post-announcement: from the announcement day through the duty day, while that month's
 *   announcement is not posted (公告 two days before);
 * - overdue-entries: any open entry past its deadline (domain.md, "The ledger");
 * - dispatch-agenda: open tier-4 entries, in the DISPATCH_REMINDER_DAYS up to and including the
 *   meeting (domain.md, "The four handling tiers", tier 4);
 * - visits-behind: a cadre who has visited fewer households than a steady pace to 50 by the month's
 *   end would have reached by the end of yesterday, or who is short on the month's last day
 *   (domain.md, "Visits").
 */
export function dueReminders(s: CalendarSettings, today: string, facts: TeamFacts): Reminder[] {
	const reminders: Reminder[] = [];
	const month = monthOf(today);

	if (dutyDate(s, month) === today) reminders.push({ kind: 'duty-day', date: today, part: s.dutyDayPart });

	const dutyOn = nextDutyDate(s, today);
	const dutyMonth = monthOf(dutyOn);
	const announceOn = announcementDate(s, dutyMonth);
	if (today >= announceOn && !facts.announcementsPosted.includes(dutyMonth)) {
		reminders.push({ kind: 'post-announcement', month: dutyMonth, announceOn, dutyOn });
	}

	if (facts.overdue > 0) reminders.push({ kind: 'overdue-entries', count: facts.overdue });

	const meetingOn = nextDispatchDate(s, today);
	if (facts.openTier4.length > 0 && daysBetween(today, meetingOn) < DISPATCH_REMINDER_DAYS) {
		reminders.push({ kind: 'dispatch-agenda', meetingOn, entries: [...facts.openTier4] });
	}

	const days = daysInMonth(month);
	const day = Number(today.slice(8));
	const daysLeft = days - day + 1;
	const target = MONTHLY_VISIT_TARGET;
	for (const { visitor, households } of facts.visits) {
		if (households >= target) continue;
		// households < target·(day−1)/days, in integers.
		const behindPace = households * days < target * (day - 1);
		if (behindPace || day === days) {
			const perDay = Math.ceil((target - households) / daysLeft);
			reminders.push({ kind: 'visits-behind', visitor, households, target, daysLeft, perDay });
		}
	}
	return reminders;
}
