import { PHONE_MAX_TYPED, phoneProblem, textProblem } from './input';
/** What a rule says about a command: the event to record, or every reason it was refused. */
export type Result<T> = { ok: true; value: T } | { ok: false; errors: RuleError[] };

/**
 * A refusal names the field it is about (for the form) and a stable code (for i18n); a length or
 * a number out of its bounds says them (`max`; `min` for a number), so the form can.
 */
export interface RuleError {
	field: string;
	code: string;
	min?: number;
	max?: number;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function check<T>(errors: RuleError[], value: () => T): Result<T> {
	return errors.length ? { ok: false, errors } : { ok: true, value: value() };
}

// Tabs and line breaks are allowed (these rules serve textareas too); other control characters
// are refused everywhere (src/lib/domain/input.ts).
export function requireText(errors: RuleError[], field: string, value: unknown, max: number): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const problem = textProblem(value, { max, required: true, multiline: true });
	if (problem) errors.push(problem === 'too-long' ? { field, code: problem, max } : { field, code: problem === 'invalid' ? 'required' : problem });
	return text;
}

export function optionalText(errors: RuleError[], field: string, value: unknown, max: number, multiline = true): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const problem = typeof value === 'string' ? textProblem(value, { max, multiline }) : null;
	if (problem) errors.push(problem === 'too-long' ? { field, code: problem, max } : { field, code: problem });
	return text;
}

/** One-line text (a name, a phone as typed): tabs and line breaks are refused too. */
export const optionalLine = (errors: RuleError[], field: string, value: unknown, max: number): string => optionalText(errors, field, value, max, false);

/**
 * A phone number as typed (kept as typed, on one line): taken when the server would take a phone
 * (input.ts phoneProblem, what the refusal's message describes); one refusal at most.
 */
export function phoneText(errors: RuleError[], field: string, value: unknown, required = false): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const problem = textProblem(value, { max: PHONE_MAX_TYPED, required, multiline: false }) ?? (text ? phoneProblem(text) : null);
	if (problem) errors.push({ field, code: problem });
	return text;
}
