// A rating round (测评轮次): the office opens one per half-year; it takes submissions until the end
// of its closing day or until the office closes it, whichever comes first. Never reopened: a
// result that could be reopened and added to is not one the district committee can trust.
import type { HalfYear } from './half-year';
import { dayProblem, halfYearProblem } from './input';
import { check, type Result, type RuleError } from './result';

export interface RoundInput {
	halfYear: HalfYear;
	/** The last day submissions are taken (YYYY-MM-DD, inclusive). */
	closesOn: string;
}

/** A round may close on any day from today to a year ahead (a typo'd year would keep it open forever): `beyond-a-year`. */
export function validateRound(input: { halfYear?: unknown; closesOn?: unknown }, today: string): Result<RoundInput> {
	const errors: RuleError[] = [];
	const half = halfYearProblem(input.halfYear);
	if (half) errors.push({ field: 'halfYear', code: half });
	const closesOn = input.closesOn;
	const day = dayProblem(closesOn);
	if (day) errors.push({ field: 'closesOn', code: day });
	else if ((closesOn as string) < today) errors.push({ field: 'closesOn', code: 'in-past' });
	else if ((closesOn as string) > `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`) errors.push({ field: 'closesOn', code: 'beyond-a-year' });
	return check(errors, () => ({ halfYear: input.halfYear as HalfYear, closesOn: closesOn as string }));
}

/** Closed by the office (closedAt) or past its closing day. */
export function isRoundOpen(round: { closesOn: string; closedAt: number | null }, today: string): boolean {
	return round.closedAt === null && today <= round.closesOn;
}
