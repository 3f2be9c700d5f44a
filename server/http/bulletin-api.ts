// Bulletins (简报, issue 4 item 6): the office generates one for a period from the district's data,
// edits its text, prints it from the app. Office only; drafts are kept on the server.
import { z } from 'zod';
import { toIsoDate } from '../../src/lib/domain/dates';
import { TEXT_LIMITS } from '../../src/lib/domain/input';
import type { Directory } from '../accounts/directory';
import { bulletinText } from '../stats/bulletin-text';
import type { BulletinDrafts } from '../stats/bulletin-drafts';
import type { DerivedCache } from '../stats/derived-cache';
import { attendedFor, scopeStatistics, type AttendedSource } from '../stats/scope-statistics';
import type { Auth } from './auth';
import { HttpError, readBody, send } from './json';
import type { Route } from './router';
import { checkPeriod, documentText, line } from './schemas';

export interface BulletinDeps {
	directory: Directory;
	derived: DerivedCache;
	drafts: BulletinDrafts;
	today?(): string;
	/** Who checked in on a duty day (the cadres taking part); none when not given. */
	attended?: AttendedSource;
}

const TITLE_MAX = 120;
// The period is held to the statistics' bounds: a bulletin is generated from them.
const generate = z
	.object({ from: z.unknown(), to: z.unknown(), title: line(TITLE_MAX).optional() })
	// Checked even when the title is refused, so that the answer names every bad field at once.
	// (`when` runs it on any input, one that is no object at all too: then the object's error says it.)
	.superRefine((b, ctx) => void (b && typeof b === 'object' && checkPeriod(b, ctx)), { when: () => true })
	.transform((b) => ({ ...b, from: b.from as string, to: b.to as string }));
const edit = z.object({ title: line(TITLE_MAX), body: documentText(TEXT_LIMITS.document) });

export function bulletinRoutes(deps: BulletinDeps, auth: Auth): Route[] {
	const { directory, derived, drafts } = deps;
	const today = deps.today ?? (() => toIsoDate(Date.now()));
	const found = <T>(x: Exclude<T, Promise<unknown>> | undefined | false): T => {
		if (!x) throw new HttpError(404, 'not-found');
		return x;
	};

	return [
		['GET', /^\/api\/bulletins$/, async ({ req, res }) => {
			await auth.office(req);
			send(res, 200, { bulletins: await drafts.list() });
		}],
		['POST', /^\/api\/bulletins$/, async ({ req, res }) => {
			const actor = await auth.office(req);
			const { from, to, title } = await readBody(req, generate);
			const stations = directory.listStations();
			const attended = await attendedFor(deps.attended, stations.map((s) => s.id), { from, to });
			const stats = await scopeStatistics(directory, derived, { kind: 'district', id: '', name: '', stations }, { from, to }, today(), attended);
			// One station at a time: a district's boards are not all held in memory at once.
			const parts = [];
			for (const s of stations) parts.push({ ...(await derived.board(s.id)), name: s.name, personal: await derived.residents(s.id) });
			const body = bulletinText({ stats, stations: parts });
			send(res, 201, await drafts.create(actor.id, { title: title ?? `一线工作简报（${from} 至 ${to}）`, from, to, body }));
		}],
		['GET', /^\/api\/bulletins\/([0-9a-z]+)$/, async ({ req, res, params }) => {
			await auth.office(req);
			send(res, 200, found(await drafts.get(params[0])));
		}],
		['PUT', /^\/api\/bulletins\/([0-9a-z]+)$/, async ({ req, res, params }) => {
			const actor = await auth.office(req);
			const body = await readBody(req, edit);
			send(res, 200, found(await drafts.update(actor.id, params[0], body)));
		}],
		['DELETE', /^\/api\/bulletins\/([0-9a-z]+)$/, async ({ req, res, params }) => {
			const actor = await auth.office(req);
			found(await drafts.remove(actor.id, params[0]));
			send(res, 204);
		}]
	];
}
