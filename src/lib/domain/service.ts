// The seed's service figures (domain.md, "Bulletins and statistics"): contact cards handed out
// (发放连心卡, the seed's 160,000), help given in person-times (帮扶人次, the seed's 7,200) and the
// cadres taking part (参与干部, the seed's 329). Each is recorded where it happens:
// - a duty day's cards: the station's duty-day record in the board (`dutyDays`, one per day);
// - a household visit: the cards left there and the people helped on it (the visit log);
// - help given to a tied resident: its person-times (the visit log; a record without a count is one);
// - the cadres taking part: derived, never typed — the station's cadres and assistants who checked
//   in on a duty day, visited a household or recorded help in the period.
import { isIsoDate } from './dates';
import { check, type Result, type RuleError } from './result';
import type { Help, Visit } from './visits';

/** A duty day's record on the board: the cards the team handed out that day. */
export interface DutyDay {
	/** The duty day, YYYY-MM-DD; also the record's key. */
	date: string;
	cards: number;
	updatedAt: number;
	updatedBy: string;
}

/** Bounds of the counts the forms accept (and the relay: shapes.ts). */
export const SERVICE_LIMITS = { cardsPerDay: 100_000, cardsPerVisit: 999, peoplePerVisit: 99, peoplePerHelp: 999 };

/** Roles whose people are the district's cadres taking part (the cadre and the assistant, both district civil servants). */
export const TAKING_PART_ROLES = ['cadre', 'assistant'] as const;

const whole = (value: unknown, min: number, max: number): number | null => {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : null;
};

/** A whole number in [min, max], or an error on `field`; blank (undefined, '') reads as `empty`. */
export function countField(errors: RuleError[], field: string, value: unknown, max: number, empty = 0, min = 0): number {
	if (value === undefined || value === null || value === '') return empty;
	const n = whole(value, min, max);
	if (n === null) errors.push({ field, code: 'invalid', min, max });
	return n ?? empty;
}

/** `today`, when given: the record is of a duty day that has been, not one to come. */
export function validateDutyDay(input: { date?: string; cards?: unknown }, today?: string): Result<Pick<DutyDay, 'date' | 'cards'>> {
	const errors: RuleError[] = [];
	if (!isIsoDate(input.date)) errors.push({ field: 'date', code: 'invalid' });
	else if (today && input.date > today) errors.push({ field: 'date', code: 'in-future' });
	if (input.cards === undefined || input.cards === '') errors.push({ field: 'cards', code: 'required' });
	const cards = countField(errors, 'cards', input.cards, SERVICE_LIMITS.cardsPerDay);
	return check(errors, () => ({ date: input.date as string, cards }));
}

/** Person-times of one help record: a record of before the count existed is one. */
export const helpTimes = (h: Pick<Help, 'people'>): number => h.people ?? 1;

export interface ServiceCounts {
	/** Cards handed out on duty days, and left at visits. */
	cardsOnDutyDays: number;
	cardsOnVisits: number;
	cards: number;
	/** Person-times: help records (tied residents), and people helped on visits. */
	helpRecorded: number;
	helpOnVisits: number;
	helpTimes: number;
	/** Ids of the cadres taking part (a set: a street's or the district's is the union). */
	cadreIds: string[];
}

export const emptyService = (): ServiceCounts => ({ cardsOnDutyDays: 0, cardsOnVisits: 0, cards: 0, helpRecorded: 0, helpOnVisits: 0, helpTimes: 0, cadreIds: [] });

export interface ServiceInput {
	dutyDays: Iterable<Pick<DutyDay, 'date' | 'cards'>>;
	visits: Iterable<Pick<Visit, 'visitor' | 'date' | 'cardsLeft' | 'peopleHelped'>>;
	help: Iterable<Pick<Help, 'by' | 'date' | 'people'>>;
	/** The station's members who count (cadres and assistants), with the name their records carry. */
	team: readonly { id: string; name: string }[];
	/** Ids of the people who checked in on a duty day in the period (the server's attendance). */
	attended: Iterable<string>;
}

/** One station's service figures for a period (inclusive YYYY-MM-DD). */
export function serviceStatistics(input: ServiceInput, period: { from: string; to: string }): ServiceCounts {
	const within = (day: string) => day >= period.from && day <= period.to;
	const c = emptyService();
	const active = new Set<string>();
	for (const d of input.dutyDays) if (within(d.date)) c.cardsOnDutyDays += d.cards;
	for (const v of input.visits) {
		if (!within(v.date)) continue;
		c.cardsOnVisits += v.cardsLeft ?? 0;
		c.helpOnVisits += v.peopleHelped ?? 0;
		active.add(v.visitor);
	}
	for (const h of input.help) {
		if (!within(h.date)) continue;
		c.helpRecorded += helpTimes(h);
		active.add(h.by);
	}
	const attended = new Set(input.attended);
	c.cadreIds = input.team.filter((m) => attended.has(m.id) || active.has(m.name)).map((m) => m.id);
	c.cards = c.cardsOnDutyDays + c.cardsOnVisits;
	c.helpTimes = c.helpRecorded + c.helpOnVisits;
	return c;
}

/** A street's or the district's: sums, and the union of the cadres (one person counts once). */
export function combineService(list: readonly ServiceCounts[]): ServiceCounts {
	const c = emptyService();
	const ids = new Set<string>();
	for (const one of list) {
		c.cardsOnDutyDays += one.cardsOnDutyDays;
		c.cardsOnVisits += one.cardsOnVisits;
		c.cards += one.cards;
		c.helpRecorded += one.helpRecorded;
		c.helpOnVisits += one.helpOnVisits;
		c.helpTimes += one.helpTimes;
		one.cadreIds.forEach((id) => ids.add(id));
	}
	c.cadreIds = [...ids].sort();
	return c;
}
