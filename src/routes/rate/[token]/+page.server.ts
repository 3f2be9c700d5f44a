import { error, fail } from '@sveltejs/kit';
import { RATING_ITEMS } from '$lib/domain/rating';
import { ratingSource } from '$lib/server/rating-bridge';
import { strictFormData } from '$lib/server/form-body';

// A rater's one-time link: plain HTML that works on any phone with no script, no sign-in.
export const csr = false;
export const prerender = false;

function source() {
	const s = ratingSource();
	if (!s) error(503, 'The rating pages are served by the Yixian server (npm start).');
	return s;
}

export async function load({ params, getClientAddress, setHeaders }) {
	// The token is the whole credential: no caching anywhere, no referrer carrying it to another
	// site. Not "no-referrer": that also blanks the form POST's Origin, and SvelteKit's CSRF check
	// then refuses the submission.
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin', 'x-robots-tag': 'noindex' });
	return { link: await source().link(params.token, getClientAddress()) };
}

export const actions = {
	/** The one submission the link allows; what was chosen is kept when the form is refused. */
	default: async ({ params, request, getClientAddress }) => {
		const form = await strictFormData(request);
		if (!form) {
			// A cut-off, malformed or non-UTF-8 body: the same answer as an invalid choice, and nothing is spent.
			return fail(400, { error: 'invalid' as const, fields: {} as Record<string, string>, input: { items: {} as Record<string, string>, overall: '' } });
		}
		const answer = (name: string) => String(form.get(name) ?? '').slice(0, 40);
		const input = { items: Object.fromEntries(RATING_ITEMS.map((i) => [i, answer(i)])), overall: answer('overall') };
		const outcome = await source().submit(params.token, input, getClientAddress());
		if (outcome.ok) return { done: true as const };
		const status = outcome.error === 'invalid' ? 400 : outcome.error === 'too-many' ? 429 : 409;
		return fail(status, { error: outcome.error, fields: outcome.fields ?? {}, input });
	}
};
