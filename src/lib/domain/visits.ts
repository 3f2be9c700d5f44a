// Household visits (走访) and ties with vulnerable residents (结对帮扶). All of it is personal data:
// it lives in the station's visit log, never in the board, and never on a public page.
import { isIsoDate, monthOf } from './dates';
import { check, optionalText, requireText, type Result, type RuleError } from './result';
import { countField, SERVICE_LIMITS } from './service';

/** Every cadre visits at least 50 households a month. */
export const MONTHLY_VISIT_TARGET = 50;
/** Every cadre keeps ties with 3 to 5 people from vulnerable groups. */
export const TIES_MIN = 3;
export const TIES_MAX = 5;

export const TIE_GROUPS = ['difficulty', 'veteran-member', 'community-correction'] as const;
export type TieGroup = (typeof TIE_GROUPS)[number];
export const HELP_KINDS = ['living', 'job', 'holiday', 'other'] as const;
export type HelpKind = (typeof HELP_KINDS)[number];

export interface Visit {
	id: string;
	visitor: string;
	date: string;
	household: string;
	address: string;
	peopleMet: number;
	notes: string;
	createdAt: number;
	/** Contact cards (连心卡) left at the household; absent on visits recorded before it existed (none). */
	cardsLeft?: number;
	/** People helped on the visit (帮扶人次); absent: none. */
	peopleHelped?: number;
}

export interface Tie {
	id: string;
	visitor: string;
	name: string;
	group: TieGroup;
	contact: string;
	notes: string;
	since: string;
	/** Ended ties stay for the record but no longer count. */
	ended: boolean;
	createdAt: number;
}

export interface Help {
	id: string;
	tieId: string;
	by: string;
	date: string;
	kind: HelpKind;
	text: string;
	createdAt: number;
	/** Person-times of help this record stands for (a family helped at once: 3); absent on records before it existed: 1. */
	people?: number;
}

export type VisitInput = Pick<Visit, 'date' | 'household'> & Partial<Pick<Visit, 'address' | 'peopleMet' | 'notes'>> & { cardsLeft?: unknown; peopleHelped?: unknown };

/** `today` (the device's calendar day), when given: a visit is not dated after it. */
export function validateVisit(input: VisitInput, today?: string): Result<Omit<Visit, 'id' | 'visitor' | 'createdAt' | 'cardsLeft' | 'peopleHelped'> & { cardsLeft: number; peopleHelped: number }> {
	const errors: RuleError[] = [];
	if (!isIsoDate(input.date)) errors.push({ field: 'date', code: 'invalid' });
	else if (today && input.date > today) errors.push({ field: 'date', code: 'in-future' });
	const household = requireText(errors, 'household', input.household, 100);
	const address = optionalText(errors, 'address', input.address, 200);
	const notes = optionalText(errors, 'notes', input.notes, 2000);
	const peopleMet = Number(input.peopleMet ?? 1);
	if (!Number.isInteger(peopleMet) || peopleMet < 0 || peopleMet > 99) errors.push({ field: 'peopleMet', code: 'invalid', min: 0, max: 99 });
	const cardsLeft = countField(errors, 'cardsLeft', input.cardsLeft, SERVICE_LIMITS.cardsPerVisit);
	const peopleHelped = countField(errors, 'peopleHelped', input.peopleHelped, SERVICE_LIMITS.peoplePerVisit);
	return check(errors, () => ({ date: input.date, household, address, peopleMet, notes, cardsLeft, peopleHelped }));
}

/** `today`, when given: a tie is not begun, nor help given, after it. */
export function validateTie(input: Partial<Pick<Tie, 'name' | 'group' | 'contact' | 'notes' | 'since'>>, today?: string): Result<Pick<Tie, 'name' | 'group' | 'contact' | 'notes' | 'since'>> {
	const errors: RuleError[] = [];
	const name = requireText(errors, 'name', input.name, 60);
	const group = input.group as TieGroup;
	if (!TIE_GROUPS.includes(group)) errors.push({ field: 'group', code: 'required' });
	const contact = optionalText(errors, 'contact', input.contact, 100);
	const notes = optionalText(errors, 'notes', input.notes, 2000);
	if (!isIsoDate(input.since)) errors.push({ field: 'since', code: 'invalid' });
	else if (today && input.since > today) errors.push({ field: 'since', code: 'in-future' });
	return check(errors, () => ({ name, group, contact, notes, since: input.since as string }));
}

export function validateHelp(input: Partial<Pick<Help, 'date' | 'kind' | 'text'>> & { people?: unknown }, today?: string): Result<Pick<Help, 'date' | 'kind' | 'text'> & { people: number }> {
	const errors: RuleError[] = [];
	if (!isIsoDate(input.date)) errors.push({ field: 'date', code: 'invalid' });
	else if (today && input.date > today) errors.push({ field: 'date', code: 'in-future' });
	const kind = input.kind as HelpKind;
	if (!HELP_KINDS.includes(kind)) errors.push({ field: 'kind', code: 'required' });
	const text = requireText(errors, 'text', input.text, 2000);
	const people = countField(errors, 'people', input.people, SERVICE_LIMITS.peoplePerHelp, 1, 1);
	return check(errors, () => ({ date: input.date as string, kind, text, people }));
}

/** Households count once a month however often they are visited: the target is households. */
export const householdKey = (v: Visit) => v.household.trim().toLowerCase().replace(/\s+/g, ' ');

export interface MonthProgress {
	month: string;
	visits: number;
	households: number;
	people: number;
	target: number;
	remaining: number;
	met: boolean;
}

export function monthProgress(visits: Iterable<Visit>, visitor: string, month: string): MonthProgress {
	const households = new Set<string>();
	let count = 0;
	let people = 0;
	for (const v of visits) {
		if (v.visitor !== visitor || monthOf(v.date) !== month) continue;
		count++;
		people += v.peopleMet;
		households.add(householdKey(v));
	}
	const target = MONTHLY_VISIT_TARGET;
	return {
		month,
		visits: count,
		households: households.size,
		people,
		target,
		remaining: Math.max(0, target - households.size),
		met: households.size >= target
	};
}

/**
 * A month's visits (of `visitor`, or everyone's when null), newest first; the same day's by when
 * they were recorded, the latest first. The month and visitor come in as values: read once, not per
 * visit (the visits page read the clock's month, a reactive getter, for each of a busy station's
 * visits: some 40 ms of its start at CPU ×4, bench:board).
 */
export function monthVisits<T extends Pick<Visit, 'date' | 'visitor' | 'createdAt'>>(visits: readonly T[], month: string, visitor: string | null): T[] {
	return visits
		.filter((v) => monthOf(v.date) === month && (visitor === null || v.visitor === visitor))
		.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.createdAt - a.createdAt));
}

/**
 * Whether the person on a station is held to the 50 households a month and the 3–5 ties: the
 * station cadre (domain.md, "Visits"; the cadre's file counts the cadre's own). An assistant's or a
 * liaison's visits count in the service figures only, so their reminders never speak of a target.
 * A station only on this device has no team (`as` unknown): its user is taken as its cadre.
 */
export const keepsVisitTargets = (as: string | undefined): boolean => as === undefined || as === 'cadre';

export type TieStatus = 'too-few' | 'ok' | 'too-many';

export function tieStatus(ties: Iterable<Tie>, visitor: string): { active: number; status: TieStatus } {
	let active = 0;
	for (const t of ties) if (t.visitor === visitor && !t.ended) active++;
	const status = active < TIES_MIN ? 'too-few' : active > TIES_MAX ? 'too-many' : 'ok';
	return { active, status };
}
