// What every boundary accepts (docs/api.md, "Limits"): the API, the public forms, the admin
// command line and the app's own forms check text, ids, phone numbers, dates and periods with
// these rules, so they accept and refuse the same things with the same codes. Pure: no server,
// no zod (the app bundles it); server/http/schemas.ts builds the API's schemas on it.

/** The field codes a refusal names (the UI shows `error.<code>`, the CLI `fieldMessage`). */
export type InputCode =
	| 'required'
	| 'invalid'
	| 'too-long'
	| 'control-characters'
	| 'out-of-range'
	| 'before-from'
	| 'period-too-long';

// ——— text

/** Maximum lengths, in UTF-16 code units after trimming. */
export const TEXT_LIMITS = {
	/** A person's, street's or station's name; a title; a department. */
	name: 60,
	/** A person's unit and position. */
	unit: 100,
	/** A reason, a note, an optional action, a coordination note. */
	note: 1000,
	/** A bulletin's body, a meeting's minutes. */
	document: 20_000
} as const;

/**
 * Control characters: C0 (NUL included), DEL and C1. They cannot be typed, print as nothing or
 * as line breaks, and in a log or a CSV they forge structure. Lone UTF-16 surrogates (not text
 * at all; SQLite would store them as U+FFFD) are refused with them.
 */
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f]|\p{Cs}/u;
/** Multi-line text keeps its tabs and line breaks. */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\p{Cs}/u;

export interface TextRule {
	max: number;
	/** Blank (after trimming) is refused as 'required'. */
	required?: boolean;
	/** Tabs and line breaks allowed (a textarea). */
	multiline?: boolean;
}

export function hasControlCharacters(value: string, multiline = false): boolean {
	return (multiline ? CONTROL_IN_TEXT : CONTROL_IN_LINE).test(value);
}

/**
 * What a screen shows as nothing besides white space: format characters (zero-width space and
 * joiners, the soft hyphen, bidirectional marks) and the Hangul fillers.
 */
const INVISIBLE = /[\s\p{Cf}\u115f\u1160\u3164\uffa0]/gu;

/** Why a text is refused (it is checked trimmed), or null. Anything not a string is 'invalid'. */
export function textProblem(value: unknown, rule: TextRule): InputCode | null {
	if (value === undefined || value === null) return rule.required ? 'required' : null;
	if (typeof value !== 'string') return 'invalid';
	const text = value.trim();
	// Blank when nothing in it would show: a name of zero-width spaces is no name.
	if (!text.replace(INVISIBLE, '')) {
		if (rule.required) return 'required';
		if (!text) return null;
	}
	// The whole value, not the trimmed one: trimming drops \f and \v at the ends, and a document's
	// text is stored as typed.
	if (hasControlCharacters(value, rule.multiline)) return 'control-characters';
	if (text.length > rule.max) return 'too-long';
	return null;
}

// ——— ids

/**
 * Ids made by the app (newId) and the server: lower-case base32 letters and digits. A station's
 * id is part of its documents' names, which the relay accepts only in this form
 * (docs/sync-protocol.md: `board:<stationId>`).
 */
export const ID_PATTERN = /^[0-9a-z]{6,32}$/;

export const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);

// ——— phone numbers

/** Spaces and dashes are how people write numbers, not part of them. */
export const normalisePhone = (value: string): string => value.replace(/[\s-]/g, '');
const PHONE = /^\+?[0-9]{5,20}$/;
/** What may be typed, separators included. */
export const PHONE_MAX_TYPED = 30;

export function phoneProblem(value: unknown, required = true): InputCode | null {
	if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) return required ? 'required' : null;
	if (typeof value !== 'string') return 'invalid';
	if (value.length > PHONE_MAX_TYPED) return 'too-long';
	return PHONE.test(normalisePhone(value.trim())) ? null : 'invalid';
}

// ——— dates, months, half-years, periods

/**
 * The years any date may fall in. Wider than the app's life and narrow enough that a typo
 * (20266, 0202) is refused rather than looped over or compared wrongly as a string.
 */
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2099;
/** The longest period statistics and bulletins are computed over. */
export const MAX_PERIOD_MONTHS = 60;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const HALF = /^(\d{4})-H[12]$/;

const inYears = (year: number) => year >= YEAR_MIN && year <= YEAR_MAX;

function calendarDay(value: string): boolean {
	const m = DAY.exec(value);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (mo < 1 || mo > 12 || d < 1) return false;
	// Day 0 of the next month is the last of this one; Date.UTC maps years 0–99 to 1900s, so set the year apart.
	const last = new Date(Date.UTC(2000, mo, 0));
	last.setUTCFullYear(y, mo, 0);
	return d <= last.getUTCDate();
}

/** A calendar day YYYY-MM-DD within YEAR_MIN–YEAR_MAX: null, or why not. */
export function dayProblem(value: unknown, required = true): InputCode | null {
	if (value === undefined || value === null || value === '') return required ? 'required' : null;
	if (typeof value !== 'string' || !calendarDay(value)) return 'invalid';
	return inYears(Number(value.slice(0, 4))) ? null : 'out-of-range';
}

export function monthProblem(value: unknown): InputCode | null {
	if (value === undefined || value === null || value === '') return 'required';
	if (typeof value !== 'string' || !MONTH.test(value)) return 'invalid';
	return inYears(Number(value.slice(0, 4))) ? null : 'out-of-range';
}

export function halfYearProblem(value: unknown): InputCode | null {
	if (value === undefined || value === null || value === '') return 'required';
	if (typeof value !== 'string' || !HALF.test(value)) return 'invalid';
	return inYears(Number(value.slice(0, 4))) ? null : 'out-of-range';
}

export const yearProblem = (year: number): InputCode | null => (Number.isInteger(year) && inYears(year) ? null : 'out-of-range');

/** The year an address names (/office/ratings/year/2026): four digits within YEAR_MIN–YEAR_MAX, else null. */
export function yearInAddress(value: string | undefined): number | null {
	if (!value || !/^\d{4}$/.test(value)) return null;
	return yearProblem(Number(value)) ? null : Number(value);
}

/** Months from the first to the last, counting both: 2026-01-31..2026-02-01 touches 2. */
export function monthsTouched(from: string, to: string): number {
	const index = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
	return index(to) - index(from) + 1;
}

/**
 * Field errors of a period from..to (both days, inclusive): each day's own problem, `to`
 * 'before-from', or `to` 'period-too-long' past `maxMonths` months touched.
 */
export function periodErrors(from: unknown, to: unknown, maxMonths = MAX_PERIOD_MONTHS): Partial<Record<'from' | 'to', InputCode>> {
	const errors: Partial<Record<'from' | 'to', InputCode>> = {};
	const f = dayProblem(from);
	const t = dayProblem(to);
	if (f) errors.from = f;
	if (t) errors.to = t;
	if (f || t) return errors;
	if ((from as string) > (to as string)) errors.to = 'before-from';
	else if (monthsTouched(from as string, to as string) > maxMonths) errors.to = 'period-too-long';
	return errors;
}

// ——— messages for the command line (the app shows the i18n catalogue's `error.<code>`)

export function fieldMessage(code: string, limit?: number): string {
	switch (code) {
		case 'required':
			return 'is required';
		case 'too-long':
			return limit ? `is too long (at most ${limit} characters)` : 'is too long';
		case 'too-short':
			return limit ? `is too short (at least ${limit} characters)` : 'is too short';
		case 'control-characters':
			return 'must not contain control characters';
		case 'out-of-range':
			return `must lie in the years ${YEAR_MIN}–${YEAR_MAX}`;
		case 'before-from':
			return 'must not be before the start';
		case 'period-too-long':
			return `must be at most ${MAX_PERIOD_MONTHS} months after the start`;
		default:
			return 'is not valid';
	}
}
