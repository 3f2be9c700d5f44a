// The rater's page's view of the ratings (src/lib/server/rating-bridge.ts), with its limits per
// address. A party branch meeting may rate from one community wifi, so submissions are generous;
// tokens that do not exist are what guessing looks like, and those are few per hour.
import type { RatingSource } from '../../src/lib/server/rating-bridge';
import { RateLimiter } from '../util/rate-limit';
import type { Ratings } from './ratings';

export function createRatingSource(ratings: Ratings): RatingSource {
	const submitsByAddress = new RateLimiter(1 / 10, 60);
	const missesByAddress = new RateLimiter(20 / 3600, 20);
	/** A miss costs a token; an address out of tokens gets no answer about any link. */
	const guarded = (address: string) => missesByAddress.peek(address);
	return {
		async link(token, address) {
			if (!guarded(address)) return { state: 'too-many' };
			const view = await ratings.lookup(token);
			if (view.state === 'unknown') missesByAddress.take(address);
			return view;
		},
		async submit(token, answers, address) {
			if (!guarded(address) || !submitsByAddress.take(address)) return { ok: false, error: 'too-many' };
			const outcome = await ratings.submit(token, answers);
			if (!outcome.ok && outcome.error === 'unknown') missesByAddress.take(address);
			return outcome;
		}
	};
}
