// Maps a refused command's errors onto form fields; nothing the user typed is cleared.
import type { Result, RuleError } from '$lib/domain/result';

/**
 * A refusal as the form keeps it: its code, with its bounds when it has them (`too-long:2000`,
 * `invalid:0:99`), which Field's `errorText` reads back into a message that states them.
 */
export function errorCode(e: RuleError): string {
	if (e.max === undefined) return e.code;
	return e.min === undefined ? `${e.code}:${e.max}` : `${e.code}:${e.min}:${e.max}`;
}

export class FormErrors {
	byField = $state<Record<string, string>>({});

	/** Returns the value when the rule accepted it; otherwise records every error and returns null. */
	take<T>(result: Result<T>): T | null {
		if (result.ok) {
			this.byField = {};
			return result.value;
		}
		this.byField = Object.fromEntries(result.errors.map((e) => [e.field, errorCode(e)]));
		return null;
	}

	get any(): boolean {
		return Object.keys(this.byField).length > 0;
	}

	clear() {
		this.byField = {};
	}
}
