// The fuzz suite's list of routes (routes.ts) is the server's: every route the API answers is
// fuzzed, and nothing in the list is a route that no longer exists. The routes are built here the
// way server/app.ts builds them; a feature added there must be added here too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Directory } from '../accounts/directory';
import { openDb } from '../db';
import { filesFeature } from '../files/files-feature';
import { accountRoutes } from '../http/api';
import { stationContactRoutes } from '../http/station-contact-api';
import { createAuth } from '../http/auth';
import { calendarRoutes } from '../http/calendar-api';
import { escalationRoutes } from '../http/escalation-api';
import { historyRoutes } from '../http/history-api';
import { ratingRoutes } from '../http/ratings-api';
import type { Route } from '../http/router';
import { ROUTES } from './routes';

const dir = mkdtempSync(join(tmpdir(), 'yixian-fuzz-routes-'));
const db = await openDb(join(dir, 'routes.db'));
afterAll(async () => {
	await db.close();
	rmSync(dir, { recursive: true, force: true });
});

async function serverRoutes(): Promise<Route[]> {
	const directory = await Directory.open(db);
	const auth = createAuth(directory, {} as never);
	const unused = {} as never; // the handlers are never called here: only their patterns are read
	return [
		...accountRoutes({ directory, tokens: unused, refreshDays: 1, initStation: async () => {}, clientAddress: () => '' }, auth),
		...ratingRoutes({ ratings: unused, directory, publicUrl: '' }, auth),
		...calendarRoutes(unused, auth),
		...filesFeature({ db, directory, relay: unused }, auth),
		...escalationRoutes({ db, directory, docs: unused }, auth),
		...stationContactRoutes(directory, auth),
		...historyRoutes({ db, directory, relay: unused }, auth)
	];
}

/** A path of the spec with every slot filled by an id of the server's shape. */
const sample = (path: string) => path.replace(/:year/g, '2025').replace(/:[a-z]+/g, 'abc123def');

const routes = await serverRoutes();

describe('the fuzz suite covers every API route', () => {

	it('fuzzes every route the server has', async () => {
		const missing = routes
			.filter(([method, pattern]) => !ROUTES.some((r) => r.method === method && pattern.test(sample(r.path))))
			.map(([method, pattern]) => `${method} ${pattern.source}`);
		expect(missing).toEqual([]);
	});

	it('lists no route the server does not have', async () => {
		const stale = ROUTES.filter((r) => !routes.some(([method, pattern]) => method === r.method && pattern.test(sample(r.path)))).map((r) => `${r.method} ${r.path}`);
		expect(stale).toEqual([]);
	});
});
