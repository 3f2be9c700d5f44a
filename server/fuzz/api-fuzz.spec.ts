// Property-based fuzzing of every API route against the real server (its own process, a real
// SQLite file, a seeded district): generated paths, ids, query parameters, bodies and headers,
// sent as every role and as a stranger. For every case: no 5xx, no stack trace or source path in
// the answer, no 2xx to a caller without the right, and afterwards the server still answers
// within its deadline with its memory under the bound. Cases per property: FUZZ_RUNS (README).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { bodyText, contentType, encodePart, extraHeaders, forgedTokens, hostileString, queryString, withControlChar, CONTROL_CHARS } from './generators';
import { CaseCounter, fcOptions, FuzzServer, leaksInternals, TimedOut, timeLimit, type Answer } from './harness';
import { pathOf, ROLES, ROUTES, type Role, type RouteSpec } from './routes';

const server = new FuzzServer();
const counter = new CaseCounter();

beforeAll(() => server.start(), 90_000);
afterAll(async () => {
	console.log(`${counter.summary('API fuzz')}\n  server restarts after a failed case: ${server.restarts}; peak RSS growth ${server.peakRssGrowthMb.toFixed(0)} MB`);
	await server.stop();
}, 30_000);

const MAX_BODY = 64 * 1024;
/** Node's own limit on a request's head (--max-http-header-size): over it Node answers 431 and may reset. */
const MAX_HEAD = 16 * 1024;
const headSize = (c: Case) => c.path.length + c.query.length + Object.entries(c.headers).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v) + 4, 0);

const w = () => server.world;

interface Case {
	role: Role;
	/** The token is the role's real one (else forged, garbage or absent). */
	credential: boolean;
	path: string;
	query: string;
	headers: Record<string, string>;
	body: string | undefined;
}

const show = (c: Case, route: RouteSpec) =>
	`${route.method} ${c.path}${c.query} as ${c.role}${c.credential ? '' : ' (no valid token)'} headers=${JSON.stringify(c.headers).slice(0, 300)} body=${JSON.stringify(c.body?.slice(0, 300))}${(c.body?.length ?? 0) > 300 ? `…(${c.body!.length} chars)` : ''}`;

/** A caller: a role with its real token most of the time, else a forged or broken one. */
type Caller = { role: Role; credential: boolean; authorization?: string };
function caller(route: RouteSpec): fc.Arbitrary<Caller> {
	const preferred = route.as ?? (route.who === 'office' ? ['office'] : []);
	const role = fc.oneof(...ROLES.map((r) => ({ arbitrary: fc.constant(r), weight: preferred.includes(r) ? 6 : 1 })));
	return role.chain((role): fc.Arbitrary<Caller> => {
		if (role === 'anonymous') {
			const office = w().tokens.office;
			return fc.oneof(fc.constant(undefined), fc.constantFrom(...forgedTokens(office, w().ids.office)).map((t) => `Bearer ${t}`), hostileString).map((authorization) => ({ role, credential: false, authorization }));
		}
		const token = w().tokens[role];
		return fc.oneof(
			{ arbitrary: fc.constantFrom(...Array<string>(7).fill(`Bearer ${token}`), `bearer ${token}`).map((authorization) => ({ role, credential: true, authorization })), weight: 8 },
			{ arbitrary: fc.constantFrom(...forgedTokens(token, w().ids[role === 'cadre' ? 'cadre' : 'office'])).map((t) => ({ role, credential: false, authorization: `Bearer ${t}` })), weight: 1 },
			{ arbitrary: fc.constantFrom('Bearer', 'Bearer ', `Basic ${token}`, `Bearer ${token} ${token}`).map((authorization) => ({ role, credential: false, authorization })), weight: 1 }
		);
	});
}

function caseOf(route: RouteSpec): fc.Arbitrary<Case> {
	const ids = w().ids;
	const withBody = route.method !== 'GET' && route.method !== 'DELETE';
	return fc
		.record({
			who: caller(route),
			path: pathOf(route, ids),
			query: queryString(route.query?.(ids) ?? fc.constant({})),
			body: withBody ? bodyText(route.body?.(ids) ?? null) : fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, { arbitrary: bodyText(null), weight: 1 }),
			type: contentType,
			extra: extraHeaders
		})
		.map(({ who, path, query, body, type, extra }) => {
			const headers: Record<string, string> = { ...extra };
			if (who.authorization !== undefined) headers.authorization = who.authorization;
			if (type !== undefined && body !== undefined) headers['content-type'] = type;
			return { role: who.role, credential: who.credential, path, query, headers, body };
		});
}

/** Sends one case and checks what every answer must be; throws with the case and the server's log. */
async function send(route: RouteSpec, c: Case, property: string): Promise<Answer | null> {
	await server.ensureUp();
	counter.hit(property);
	let answer: Answer | null = null;
	try {
		answer = await server.request(route.method, c.path + c.query, { headers: c.headers, body: c.body });
	} catch (error) {
		// A body over the limit may be cut off mid-send once the 413 is out: the client's write fails, not the server.
		const oversized = ((c.body?.length ?? 0) > MAX_BODY || headSize(c) > MAX_HEAD) && !(error instanceof TimedOut);
		if (!oversized) {
			const why = await server.unwell();
			throw new Error(`${show(c, route)}\n→ ${(error as Error).message}${why ? `\n→ ${why}` : ''}\n--- server log ---\n${server.stderrTail()}`);
		}
	}
	if (process.env.FUZZ_TRACE) console.log(`${answer?.status ?? 'no answer'} ${show(c, route).slice(0, 400)}`);
	const fail = (what: string) => {
		throw new Error(`${show(c, route)}\n→ ${what}\n--- server log ---\n${server.stderrTail()}`);
	};
	if (answer) {
		if (answer.status >= 500) fail(`${answer.status} ${answer.body.slice(0, 300)}`);
		const leak = leaksInternals(answer.body, `${c.body ?? ''} ${c.path}${c.query}`);
		if (leak) fail(`${answer.status} with internals in the body: ${leak}`);
		const ok = answer.status >= 200 && answer.status < 300;
		if (ok && route.who !== 'anyone' && !c.credential) fail(`${answer.status} without a valid token`);
		if (ok && route.who === 'office' && c.role !== 'office') fail(`${answer.status} for ${c.role} on an office route`);
	}
	const why = await server.unwell();
	if (why) fail(`after the case: ${why}`);
	return answer;
}

/** Control characters anywhere in what came back. */
function controlIn(value: unknown): string | null {
	if (typeof value === 'string') return CONTROL_CHARS.find((c) => value.includes(c)) ?? null;
	if (value && typeof value === 'object') for (const v of Object.values(value)) {
		const found = controlIn(v);
		if (found) return found;
	}
	return null;
}

// First, before the general properties below change the world: their writes (closing the
// meeting, deleting the bulletin) would otherwise make these answer 404/409 before any check.
describe('text with control characters is refused or cleaned, never stored as sent', () => {
	for (const route of ROUTES.filter((r) => r.text)) {
		const property = `control characters: ${route.method} ${route.path}`;
		it(property, async () => {
			const ids = w().ids;
			await server.ensureUp();
			const path = firstPath(route);
			const text = route.text!;
			const cases = fc.record({
				field: fc.constantFrom(...text.fields),
				spoilt: fc.constantFrom('正常的文字内容', 'Normal text').chain(withControlChar),
				phone: fc.integer({ min: 0, max: 99_999_999 })
			});
			await fc.assert(
				fc.asyncProperty(cases, async ({ field, spoilt, phone }) => {
					const body: Record<string, unknown> = { ...route.body!(ids), [field]: spoilt };
					if ('phone' in body) body.phone = `136${String(phone).padStart(8, '0')}`; // a new person each time
					const c: Case = { role: text.as, credential: true, path, query: '', headers: { authorization: `Bearer ${w().tokens[text.as]}`, 'content-type': 'application/json' }, body: JSON.stringify(body) };
					const answer = await send(route, c, property);
					if (!answer || answer.status < 200 || answer.status >= 300 || !answer.body) return;
					const kept = controlIn(JSON.parse(answer.body));
					if (kept) throw new Error(`${show(c, route)}\n→ ${answer.status}: ${JSON.stringify(kept)} in field ${field} was accepted and stored: ${answer.body.slice(0, 200)}`);
				}),
				fcOptions()
			);
		}, timeLimit(400));
	}
});

describe('every route, as every role, with generated input', () => {
	for (const route of ROUTES) {
		const property = `${route.method} ${route.path}`;
		it(property, async () => {
			await server.ensureUp();
			const examples = (route.regressions?.(w().ids) ?? []).map((r): [Case] => [
				{
					role: r.as,
					credential: true,
					path: r.path ?? route.path,
					query: r.query ?? '',
					headers: { authorization: `Bearer ${w().tokens[r.as]}`, ...(r.body === undefined ? {} : { 'content-type': 'application/json' }) },
					body: r.body === undefined ? undefined : JSON.stringify(r.body)
				}
			]);
			await fc.assert(fc.asyncProperty(caseOf(route), (c) => send(route, c, property).then(() => {})), { ...fcOptions(), examples });
		}, timeLimit(400));
	}

	it('paths no route answers, with any method', async () => {
		const property = 'unknown paths';
		const cases = fc.record({
			method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND'),
			path: fc.oneof(
				fc.array(fc.oneof(fc.constantFrom('api', 'admin', 'sync', 'p', 'rate', '..', '.', '%2e%2e', '%00', '%', '%zz', ''), hostileString.map(encodePart)), { minLength: 1, maxLength: 5 }).map((p) => '/' + p.join('/')),
				fc.constantFrom('/api', '/api/', '//api/me', '/api/me/', '/API/me', '/api/me%00', '/api/me?x', '/api/files/..%2f..%2fetc%2fpasswd', '/api/stats/', '/sync', '/sync/board:x')
			)
		});
		await server.ensureUp();
		await fc.assert(
			fc.asyncProperty(cases, async ({ method, path }) => {
				const route: RouteSpec = { method, path, who: 'signed-in' };
				await send(route, { role: 'office', credential: true, path, query: '', headers: { authorization: `Bearer ${w().tokens.office}` }, body: undefined }, property);
			}),
			fcOptions()
		);
	}, timeLimit(400));
});

/** The route's path with a real target for every slot (for the properties that need one). */
function firstPath(route: RouteSpec): string {
	const ids = w().ids;
	const known: Record<string, string> = {
		station: route.writes ? ids.victimStation : ids.stationA,
		street: ids.victimStreet,
		person: route.writes ? ids.victimPerson : ids.cadre,
		entry: route.path.includes('dispatch') ? ids.tier4 : ids.tier3,
		round: ids.round,
		meeting: ids.meeting,
		bulletin: ids.bulletin,
		year: '2025'
	};
	return route.path.replace(/:([a-z]+)/g, (_, name: string) => known[name] || 'abc123def');
}
