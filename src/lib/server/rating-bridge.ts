// The rater's page (/rate/[token]) reads and writes the server's ratings through this, the same
// way public pages use bridge.ts: server/app.ts installs it before the SvelteKit handler serves.
import type { HalfYear } from '$lib/domain/half-year';
import type { RaterGroup } from '$lib/domain/rating';

export type RateLink =
	| { state: 'open'; cadreName: string; stationName: string; streetName: string; halfYear: HalfYear; closesOn: string; group: RaterGroup }
	| { state: 'used' | 'closed' | 'unknown' | 'too-many' };

export type RateOutcome = { ok: true } | { ok: false; error: 'used' | 'closed' | 'unknown' | 'invalid' | 'too-many'; fields?: Record<string, string> };

export interface RatingSource {
	/** What the link is for; reading it does not spend it. */
	link(token: string, address: string): Promise<RateLink>;
	/** The one submission a link allows; validated, rate-limited per address. */
	submit(token: string, answers: { items: Record<string, string>; overall: string }, address: string): Promise<RateOutcome>;
}

const KEY = Symbol.for('yixian.rating-source');

export function installRatingSource(source: RatingSource): void {
	(globalThis as Record<symbol, unknown>)[KEY] = source;
}

export function ratingSource(): RatingSource | null {
	return ((globalThis as Record<symbol, unknown>)[KEY] as RatingSource | undefined) ?? null;
}
