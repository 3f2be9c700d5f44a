// The rating screens' shared pieces: the API for the office's session, a loader that says
// "loading", "offline" or "failed" rather than showing nothing, and the words for periods and rates.
import { createContext } from 'svelte';
import type { HalfYear } from '$lib/domain/half-year';
import { parseHalfYear } from '$lib/domain/half-year';
import type { Score } from '$lib/domain/rating';
import { t, type MessageKey } from '$lib/i18n/i18n.svelte';
import { OfficeApiError } from './office-api';
import type { RatingsApi } from './ratings-api';
import type { Submission } from './submission.svelte';

export const [getRatingsApi, setRatingsApi] = createContext<RatingsApi>();

/** Server data for one screen; `reload()` after every change, so the screen shows what the server holds. */
export class Loaded<T> {
	data = $state<T | null>(null);
	problem = $state<'offline' | 'failed' | 'not-found' | null>(null);

	constructor(private fetch: () => Promise<T>) {
		void this.reload();
	}

	async reload() {
		try {
			this.data = await this.fetch();
			this.problem = null;
		} catch (error) {
			const status = error instanceof OfficeApiError ? error.status : -1;
			this.problem = status === 0 ? 'offline' : status === 404 ? 'not-found' : 'failed';
		}
	}
}

export function halfYearName(h: HalfYear): string {
	const { year, half } = parseHalfYear(h);
	return t(`rating.half.${half}`, { year });
}

/** 90.0% — one decimal, so 89.95% never shows as the 90% it is not. */
export function percent(score: Score): string {
	return score.rate === null ? '—' : `${(Math.floor(score.rate * 1000) / 10).toFixed(1)}%`;
}

const MESSAGES: Record<string, MessageKey> = {
	'round-exists': 'rating.error.round-exists',
	'round-closed': 'rating.error.round-closed',
	'no-cadre': 'rating.error.no-cadre'
};

/** A save through the office's Submission, with the rating's own refusals explained. */
export async function saveRating<T>(submission: Submission, save: () => Promise<T>): Promise<T | null> {
	let code = '';
	let result = null as T | null;
	const ok = await submission.run(async () => {
		try {
			result = await save();
		} catch (error) {
			if (error instanceof OfficeApiError) code = error.code;
			throw error;
		}
	});
	if (!ok && MESSAGES[code]) submission.message = MESSAGES[code];
	return ok ? result : null;
}
