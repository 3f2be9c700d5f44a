/** What a rule says about a command: the event to record, or every reason it was refused. */
export type Result<T> = { ok: true; value: T } | { ok: false; errors: RuleError[] };

/** A refusal names the field it is about (for the form) and a stable code (for i18n). */
export interface RuleError {
	field: string;
	code: string;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function check<T>(errors: RuleError[], value: () => T): Result<T> {
	return errors.length ? { ok: false, errors } : { ok: true, value: value() };
}

export function requireText(errors: RuleError[], field: string, value: unknown, max: number): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) errors.push({ field, code: 'required' });
	else if (text.length > max) errors.push({ field, code: 'too-long' });
	return text;
}

export function optionalText(errors: RuleError[], field: string, value: unknown, max: number): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text.length > max) errors.push({ field, code: 'too-long' });
	return text;
}
