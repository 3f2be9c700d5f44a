// One save of an office form: a progress state, the server's refusal mapped onto the fields it
// names, and a sentence for the whole form. What the user typed is never cleared on refusal.
import type { MessageKey } from '$lib/i18n/i18n.svelte';
import { FormErrors } from '$lib/state/form-errors.svelte';
import { OfficeApiError } from './office-api';

/** A conflict is about one field: shown there as "already exists", and explained above the form. */
const CONFLICT_FIELD: Record<string, string> = { 'phone-taken': 'phone', 'name-taken': 'name', 'id-taken': 'id' };

const MESSAGES: Record<string, MessageKey> = {
	'invalid-input': 'error.form',
	'phone-taken': 'office.error.phone-taken',
	'name-taken': 'office.error.name-taken',
	'id-taken': 'office.error.id-taken',
	'not-found': 'office.error.not-found',
	'cannot-demote-self': 'office.error.cannot-demote-self',
	offline: 'office.error.offline',
	'not-signed-in': 'office.error.signed-out',
	'token-expired': 'office.error.signed-out',
	'session-ended': 'office.error.signed-out',
	forbidden: 'office.forbidden.title'
};

export class Submission {
	busy = $state(false);
	message = $state<MessageKey | null>(null);
	readonly errors = new FormErrors();

	/** Runs the save; true when the server accepted it. */
	async run(save: () => Promise<unknown>): Promise<boolean> {
		if (this.busy) return false;
		this.busy = true;
		this.message = null;
		this.errors.clear();
		try {
			await save();
			return true;
		} catch (error) {
			if (!(error instanceof OfficeApiError)) throw error;
			const field = CONFLICT_FIELD[error.code];
			this.errors.byField = field ? { [field]: 'duplicate' } : error.fields;
			this.message = MESSAGES[error.code] ?? 'office.error.failed';
			return false;
		} finally {
			this.busy = false;
		}
	}

	reset() {
		this.message = null;
		this.errors.clear();
	}
}
