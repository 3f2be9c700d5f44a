// Maps a refused command's errors onto form fields; nothing the user typed is cleared.
import type { Result } from '$lib/domain/result';

export class FormErrors {
	byField = $state<Record<string, string>>({});

	/** Returns the value when the rule accepted it; otherwise records every error and returns null. */
	take<T>(result: Result<T>): T | null {
		if (result.ok) {
			this.byField = {};
			return result.value;
		}
		this.byField = Object.fromEntries(result.errors.map((e) => [e.field, e.code]));
		return null;
	}

	get any(): boolean {
		return Object.keys(this.byField).length > 0;
	}

	clear() {
		this.byField = {};
	}
}
