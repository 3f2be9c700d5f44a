// The half-yearly rating under /api/admin/ratings (docs/api.md, "Ratings"): the frontline office
// only. Opening, closing, issuing links and every look at the results are audited.
import { z } from 'zod';
import { yearProblem } from '../../src/lib/domain/input';
import { RATER_GROUPS } from '../../src/lib/domain/rating';
import type { Directory } from '../accounts/directory';
import { resultsCsv } from '../ratings/csv';
import { MAX_LINKS_PER_ISSUE, RatingError, type Ratings } from '../ratings/ratings';
import { roundResults, yearResults } from '../ratings/results';
import type { Auth } from './auth';
import { HttpError, readBody, readJson, send } from './json';
import type { Handler, Route } from './router';
import { id } from './schemas';

const issue = z.object({
	stationId: id,
	group: z.enum(RATER_GROUPS),
	count: z.number().int().min(1).max(MAX_LINKS_PER_ISSUE)
});

const STATUS: Record<RatingError['code'], number> = { 'not-found': 404, 'round-exists': 409, 'round-closed': 409, 'no-cadre': 409, 'invalid-input': 400 };

/** The store's refusals as the API's errors. */
const guarded =
	(handler: Handler): Handler =>
	async (ctx) => {
		try {
			await handler(ctx);
		} catch (error) {
			if (error instanceof RatingError) throw new HttpError(STATUS[error.code], error.code, error.fields);
			throw error;
		}
	};

export function ratingRoutes(deps: { ratings: Ratings; directory: Directory; publicUrl: string }, auth: Auth): Route[] {
	const { ratings, directory, publicUrl } = deps;
	const ROUND = /^\/api\/admin\/ratings\/rounds\/([0-9a-z]+)/;
	const routes: Route[] = [
		['GET', /^\/api\/admin\/ratings\/rounds$/, async ({ req, res }) => {
			await auth.office(req);
			send(res, 200, { rounds: await ratings.listRounds(), today: ratings.today() });
		}],
		['POST', /^\/api\/admin\/ratings\/rounds$/, async ({ req, res }) => {
			const actor = await auth.office(req);
			const body = (await readJson(req)) as { halfYear?: unknown; closesOn?: unknown };
			send(res, 201, await ratings.openRound(actor.id, body ?? {}));
		}],
		['GET', new RegExp(`${ROUND.source}$`), async ({ req, res, params }) => {
			await auth.office(req);
			send(res, 200, await ratings.detail(params[0]));
		}],
		['POST', new RegExp(`${ROUND.source}/close$`), async ({ req, res, params }) => {
			const actor = await auth.office(req);
			send(res, 200, await ratings.closeRound(actor.id, params[0]));
		}],
		['POST', new RegExp(`${ROUND.source}/links$`), async ({ req, res, params }) => {
			const actor = await auth.office(req);
			send(res, 201, await ratings.issueLinks(actor.id, params[0], await readBody(req, issue), publicUrl));
		}],
		['GET', new RegExp(`${ROUND.source}/results$`), async ({ req, res, params }) => {
			const actor = await auth.office(req);
			const results = await roundResults(ratings, directory, params[0]);
			await ratings.audit(actor.id, 'rating.results.view', { round: params[0] });
			send(res, 200, results);
		}],
		['GET', new RegExp(`${ROUND.source}/results\\.csv$`), async ({ req, res, params }) => {
			const actor = await auth.office(req);
			const results = await roundResults(ratings, directory, params[0]);
			await ratings.audit(actor.id, 'rating.results.export', { round: params[0], format: 'csv' });
			res.statusCode = 200;
			res.setHeader('cache-control', 'no-store');
			res.setHeader('content-type', 'text/csv; charset=utf-8');
			res.setHeader('content-disposition', `attachment; filename="rating-${results.round.halfYear}.csv"`);
			res.end(resultsCsv(results));
		}],
		['GET', /^\/api\/admin\/ratings\/years\/([^/]+)$/, async ({ req, res, params }) => {
			const actor = await auth.office(req);
			const problem = /^\d+$/.test(params[0]) ? yearProblem(Number(params[0])) : 'invalid';
			if (problem) throw new HttpError(400, 'invalid-input', { year: problem });
			const results = await yearResults(ratings, directory, Number(params[0]));
			await ratings.audit(actor.id, 'rating.results.view', { year: Number(params[0]) });
			send(res, 200, results);
		}]
	];
	return routes.map(([method, pattern, handler]) => [method, pattern, guarded(handler)]);
}
