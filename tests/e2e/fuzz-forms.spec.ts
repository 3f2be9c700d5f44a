// Property-based fuzzing of the public forms through the real server and the built SvelteKit app
// (the fuzz suite's server/fuzz/*.spec.ts run without a build): generated url-encoded and
// multipart submissions of the resident's report form and the rater's one-time page, and
// generated reference lookups. For every case: no 5xx, no stack trace in the page, and the server
// still answers its health call in time. Cases per property: FUZZ_RUNS (README, "Tests").
import { test } from '@playwright/test';
import fc from 'fast-check';
import { formBody, type FormBody } from '../../server/fuzz/form-bodies';
import { hostileString, encodePart } from '../../server/fuzz/generators';
import { CaseCounter, fcOptions, httpRequest, leaksInternals, TimedOut, type Answer } from '../../server/fuzz/harness';
import { baseURL } from './chromium';
import { admin } from './world';

const counter = new CaseCounter();
const OFFICE = { phone: '13720000001', password: 'fuzz-office-pass' };
/** adapter-node's default BODY_SIZE_LIMIT: past it a body may be cut off after the 413. */
const BODY_LIMIT = 512 * 1024;
let stationId = '';
let rateTokens: string[] = [];

/** `npm run admin`, where "already there" is fine: a failed test's worker runs this hook again. */
const ensure = (...args: string[]) => {
	try {
		return admin(...args);
	} catch {
		return '';
	}
};

// Not serial: each property runs even when another found a defect.
test.beforeAll(async () => {
	ensure('street', 'add', '--name', '受试街道');
	stationId = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', '受试社区', '--street', '受试街道'))![1];
	ensure('person', 'add', '--role', 'office', '--phone', OFFICE.phone, '--name', '一线办', '--password', OFFICE.password);
	ensure('person', 'add', '--role', 'member', '--phone', '13720000002', '--name', '受试干部', '--password', 'fuzz-cadre-pass');
	admin('team', 'add', '--station', stationId, '--phone', '13720000002', '--role', 'cadre');
	// One-time rating links, when today's half-year can have a round (else the rater's page is fuzzed with made-up tokens only).
	const json = { 'content-type': 'application/json' };
	const session = JSON.parse((await httpRequest(baseURL(), 'POST', '/api/session', { headers: json, body: JSON.stringify(OFFICE) })).body);
	const auth = { ...json, authorization: `Bearer ${session.access}` };
	const today = new Date().toISOString().slice(0, 10);
	const halfYear = `${today.slice(0, 4)}-H${Number(today.slice(5, 7)) <= 6 ? 1 : 2}`;
	await httpRequest(baseURL(), 'POST', '/api/admin/ratings/rounds', { headers: auth, body: JSON.stringify({ halfYear, closesOn: `${Number(today.slice(0, 4)) + 1}-01-31` }) });
	const rounds = JSON.parse((await httpRequest(baseURL(), 'GET', '/api/admin/ratings/rounds', { headers: auth })).body).rounds as { id: string; halfYear: string }[];
	const round = rounds.find((r) => r.halfYear === halfYear);
	if (round) {
		const links = await httpRequest(baseURL(), 'POST', `/api/admin/ratings/rounds/${round.id}/links`, { headers: auth, body: JSON.stringify({ stationId, group: 'party-member', count: 20 }) });
		if (links.status === 201) rateTokens = (JSON.parse(links.body).urls as string[]).map((u) => u.split('/rate/')[1]);
	}
});

test.afterAll(() => {
	console.log(counter.summary('Public forms fuzz'));
});

const origin = () => fc.oneof({ arbitrary: fc.constant(baseURL()), weight: 8 }, { arbitrary: fc.constantFrom(undefined, 'null', 'https://evil.example', baseURL().replace('localhost', '127.0.0.1')), weight: 1 });

async function send(property: string, method: string, path: string, form: FormBody | null, originHeader: string | undefined): Promise<void> {
	counter.hit(property);
	const headers: Record<string, string> = {};
	if (form?.contentType) headers['content-type'] = form.contentType;
	if (originHeader) headers.origin = originHeader;
	const what = `${method} ${path.slice(0, 200)}${form ? ` ${form.kind} ${JSON.stringify(form.body.toString('utf8').slice(0, 300))}` : ''} origin=${originHeader}`;
	let answer: Answer | null = null;
	try {
		answer = await httpRequest(baseURL(), method, path, { headers, body: form?.body });
	} catch (error) {
		if (error instanceof TimedOut || (form?.body.length ?? 0) <= BODY_LIMIT) throw new Error(`${what}\n→ ${(error as Error).message}`);
	}
	if (answer && answer.status >= 500) throw new Error(`${what}\n→ ${answer.status} ${answer.body.slice(0, 300)}`);
	const leak = answer && leaksInternals(answer.body, `${form?.body.toString('utf8') ?? ''} ${path}`);
	if (leak) throw new Error(`${what}\n→ ${answer!.status} with internals in the page: ${leak}`);
	try {
		const health = await httpRequest(baseURL(), 'GET', '/api/me', { timeoutMs: 5000 });
		if (health.status !== 401) throw new Error(`health call answered ${health.status}`);
	} catch (error) {
		throw new Error(`${what}\n→ after the case the server is unwell: ${(error as Error).message}`);
	}
}

const station = () => fc.oneof({ arbitrary: fc.constant(stationId), weight: 8 }, { arbitrary: fc.oneof(fc.stringMatching(/^[0-9a-z]{1,40}$/), hostileString.map(encodePart)), weight: 1 });

test('the resident\'s report form takes any submission without a 5xx', async () => {
	test.setTimeout(60_000 + Number(process.env.FUZZ_RUNS || 50) * 1000);
	const property = 'report form';
	const cases = fc.record({ station: station(), action: fc.constantFrom('?/report', '?/report', '?/report', '', '?/nope', '?/report&x=%zz'), form: formBody(['content', 'place', 'name', 'phone', 'website']), origin: origin() });
	await fc.assert(fc.asyncProperty(cases, (c) => send(property, 'POST', `/p/${c.station}${c.action}`, c.form, c.origin)), fcOptions());
});

test('the rater\'s one-time page takes any submission without a 5xx', async () => {
	test.setTimeout(60_000 + Number(process.env.FUZZ_RUNS || 50) * 1000);
	const property = 'rating form';
	const token = fc.oneof({ arbitrary: rateTokens.length ? fc.constantFrom(...rateTokens) : fc.constant('A'.repeat(32)), weight: 6 }, { arbitrary: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{0,64}$/), hostileString.map(encodePart)), weight: 1 });
	const names = ['overall', 'attendance', 'pairing-help', 'problem-solving'];
	const cases = fc.record({ token, action: fc.constantFrom('', '', '?/default', '?/x'), form: formBody(names), origin: origin() });
	await fc.assert(fc.asyncProperty(cases, (c) => send(property, 'POST', `/rate/${c.token}${c.action}`, c.form, c.origin)), fcOptions());
});

test('reference lookups and public pages take any parameter without a 5xx', async () => {
	test.setTimeout(60_000 + Number(process.env.FUZZ_RUNS || 50) * 1000);
	const property = 'public pages';
	const cases = fc.record({
		path: fc.oneof(
			fc.tuple(station(), fc.oneof(hostileString.map(encodePart), fc.stringMatching(/^[A-Z0-9]{0,14}$/))).map(([s, ref]) => `/p/${s}/r?ref=${ref}`),
			fc.tuple(station(), fc.stringMatching(/^[0-9a-z]{1,40}$/)).map(([s, n]) => `/p/${s}/n/${n}`),
			fc.tuple(station(), fc.stringMatching(/^[0-9a-z]{1,40}$/)).map(([s, n]) => `/p/${s}/n/${n}/cards`),
			station().map((s) => `/p/${s}`),
			fc.constantFrom('/p/', '/p/%zz', '/rate/', '/rate/%00', '/p/x/r?ref=%zz', '//%zz/p/x', '/p/x/../../api/me', '/rate/' + 'A'.repeat(5000))
		)
	});
	await fc.assert(fc.asyncProperty(cases, (c) => send(property, 'GET', c.path, null, undefined)), fcOptions());
});
