// Half-years (半年): the period of the review and the satisfaction rating (domain.md, "The
// cadre's file and the rating": every six months). H1 is January–June, H2 July–December.

export type HalfYear = `${number}-H${1 | 2}`;

const HALF_YEAR = /^(\d{4})-H([12])$/;

export function isHalfYear(value: unknown): value is HalfYear {
	return typeof value === 'string' && HALF_YEAR.test(value);
}

export function halfYear(year: number, half: 1 | 2): HalfYear {
	return `${year}-H${half}`;
}

/** The half-year a day (YYYY-MM-DD) or a month (YYYY-MM) belongs to. */
export function halfYearOf(date: string): HalfYear {
	return halfYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) <= 6 ? 1 : 2);
}

export function parseHalfYear(h: HalfYear): { year: number; half: 1 | 2 } {
	const m = HALF_YEAR.exec(h);
	if (!m) throw new Error(`not a half-year: ${h}`);
	return { year: Number(m[1]), half: m[2] === '1' ? 1 : 2 };
}

/** Its six months, YYYY-MM, in order. */
export function halfYearMonths(h: HalfYear): string[] {
	const { year, half } = parseHalfYear(h);
	const first = half === 1 ? 1 : 7;
	return Array.from({ length: 6 }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

/** Its first and last day, inclusive, as a statistics period. */
export function halfYearPeriod(h: HalfYear): { from: string; to: string } {
	const { year, half } = parseHalfYear(h);
	return half === 1 ? { from: `${year}-01-01`, to: `${year}-06-30` } : { from: `${year}-07-01`, to: `${year}-12-31` };
}

export function previousHalfYear(h: HalfYear): HalfYear {
	const { year, half } = parseHalfYear(h);
	return half === 2 ? halfYear(year, 1) : halfYear(year - 1, 2);
}
