// The rating against the real server and a real SQLite file: the office's API, and the rater's
// page's bridge (installed by the app, as the SvelteKit route uses it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toIsoDate, addDays } from '../../src/lib/domain/dates';
import { halfYearOf } from '../../src/lib/domain/half-year';
import { ratingSource, type RatingSource } from '../../src/lib/server/rating-bridge';
import { call, startApp, type RunningApp } from '../test-kit';

let srv: RunningApp;
let office = '';
let member = '';
let stationId = '';
let cadreId = '';
let bare = '';
let rater: RatingSource;
const api = (method: string, path: string, body?: unknown, token = office) => call(srv.base, method, path, body, token);
// The server's clock, moved to a fixed day (YIXIAN_TEST_NOW, running on from there): the rounds and
// the year's figures are the same whatever day the tests run, a midnight or a half-year's end too.
const NOW = Date.parse('2026-05-12T04:00:00Z');
const today = toIsoDate(NOW);
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const audit = async () => (await srv.app.db.query("SELECT actor, action, detail FROM audit WHERE action LIKE 'rating.%' ORDER BY id")) as { actor: string; action: string; detail: string }[];

beforeAll(async () => {
	srv = await startApp({ YIXIAN_PUBLIC_URL: 'https://yixian.example', NODE_ENV: 'test', YIXIAN_TEST_NOW: new Date(NOW).toISOString() });
	const d = srv.app.directory;
	await d.createPerson('test', { phone: '13900000000', name: '一线办', role: 'office', password: 'office-pass' });
	const cadre = await d.createPerson('test', { phone: '13900000001', name: '李驻点', role: 'member', password: 'member-pass' });
	cadreId = cadre.id;
	const street = await d.createStreet('test', '东关街道');
	stationId = (await d.createStation('test', { name: '幸福社区', streetId: street.id, kind: 'community' })).id;
	bare = (await d.createStation('test', { name: '无人社区', streetId: street.id, kind: 'community' })).id;
	await d.assign('test', cadre.id, stationId, 'cadre');
	office = (await call(srv.base, 'POST', '/api/session', { phone: '13900000000', password: 'office-pass' })).body.access;
	member = (await call(srv.base, 'POST', '/api/session', { phone: '13900000001', password: 'member-pass' })).body.access;
	rater = ratingSource()!;
});
afterAll(() => srv.stop());

describe('the office opens a round', () => {
	it('refuses anyone but the office', async () => {
		expect((await call(srv.base, 'GET', '/api/admin/ratings/rounds')).status).toBe(401);
		expect((await api('GET', '/api/admin/ratings/rounds', undefined, member)).status).toBe(403);
		expect((await api('POST', '/api/admin/ratings/rounds', { halfYear: halfYearOf(today), closesOn: today }, member)).status).toBe(403);
	});

	it('names the bad fields and opens nothing', async () => {
		const res = await api('POST', '/api/admin/ratings/rounds', { halfYear: '2026-H3', closesOn: '2000-01-01' });
		expect(res).toEqual({ status: 400, body: { error: 'invalid-input', fields: { halfYear: 'invalid', closesOn: 'in-past' } } });
		expect((await api('GET', '/api/admin/ratings/rounds')).body.rounds).toEqual([]);
	});

	it('opens one round per half-year, audited', async () => {
		const res = await api('POST', '/api/admin/ratings/rounds', { halfYear: halfYearOf(today), closesOn: addDays(today, 14) });
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ halfYear: halfYearOf(today), open: true, closedAt: null, submissions: 0 });
		const again = await api('POST', '/api/admin/ratings/rounds', { halfYear: halfYearOf(today), closesOn: addDays(today, 14) });
		expect(again).toMatchObject({ status: 409, body: { error: 'round-exists' } });
		expect((await audit()).map((a) => a.action)).toEqual(['rating.round.open']);
	});
});

describe('one-time links', () => {
	let roundId = '';
	let urls: string[] = [];

	beforeAll(async () => {
		roundId = (await api('GET', '/api/admin/ratings/rounds')).body.rounds[0].id;
	});

	it('issues links for the station cadre, as URLs given once; the server keeps only hashes', async () => {
		const res = await api('POST', `/api/admin/ratings/rounds/${roundId}/links`, { stationId, group: 'party-member', count: 3 });
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ cadre: { id: cadreId, name: '李驻点' }, station: { id: stationId, name: '幸福社区' }, group: 'party-member' });
		urls = res.body.urls;
		expect(urls).toHaveLength(3);
		for (const url of urls) expect(url).toMatch(/^https:\/\/yixian\.example\/rate\/[A-Za-z0-9_-]{32}$/);
		const stored = JSON.stringify((await srv.app.db.query('SELECT * FROM rating_links')));
		for (const url of urls) expect(stored).not.toContain(tokenOf(url));
		const detail = await api('GET', `/api/admin/ratings/rounds/${roundId}`);
		expect(detail.body.links).toEqual([{ stationId, stationName: '幸福社区', cadreId, cadreName: '李驻点', group: 'party-member', issued: 3, used: 0 }]);
	});

	it('refuses a station without a cadre, one that does not exist, and bad counts', async () => {
		expect((await api('POST', `/api/admin/ratings/rounds/${roundId}/links`, { stationId: bare, group: 'party-member', count: 1 })).body.error).toBe('no-cadre');
		// An id of the right form that names no station: 404, as everywhere in the API.
		const unknown = await api('POST', `/api/admin/ratings/rounds/${roundId}/links`, { stationId: 'abcdef1234', group: 'party-member', count: 1 });
		expect(unknown).toEqual({ status: 404, body: { error: 'not-found' } });
		const bad = await api('POST', `/api/admin/ratings/rounds/${roundId}/links`, { stationId, group: 'neighbours', count: 0 });
		expect(bad.body).toEqual({ error: 'invalid-input', fields: { group: 'invalid', count: 'too-short' } });
	});

	it('shows the rater who and what they rate, without spending the link', async () => {
		const view = await rater.link(tokenOf(urls[0]), '10.0.0.1');
		expect(view).toMatchObject({ state: 'open', cadreName: '李驻点', stationName: '幸福社区', streetName: '东关街道', group: 'party-member' });
		expect((await rater.link(tokenOf(urls[0]), '10.0.0.1')).state).toBe('open');
	});

	it('takes one submission per link and never an edit', async () => {
		const token = tokenOf(urls[0]);
		expect(await rater.submit(token, { items: { attendance: 'satisfied', 'pairing-help': '', 'problem-solving': 'dissatisfied' }, overall: 'satisfied' }, '10.0.0.1')).toEqual({ ok: true });
		expect(await rater.submit(token, { items: {}, overall: 'dissatisfied' }, '10.0.0.1')).toEqual({ ok: false, error: 'used' });
		expect(await rater.link(token, '10.0.0.1')).toEqual({ state: 'used' });
		const rows = (await srv.app.db.query('SELECT cadre_id, attendance, pairing_help, problem_solving, overall FROM rating_submissions'));
		expect(rows).toEqual([{ cadre_id: cadreId, attendance: 'satisfied', pairing_help: null, problem_solving: 'dissatisfied', overall: 'satisfied' }]);
		// Even code that tries cannot change a submitted form.
		await expect(srv.app.db.run("UPDATE rating_submissions SET overall = 'dissatisfied'")).rejects.toThrow(/final/);
		await expect(srv.app.db.run('DELETE FROM rating_submissions')).rejects.toThrow(/final/);
	});

	it('refuses a form without the overall answer and keeps the link unspent', async () => {
		const token = tokenOf(urls[1]);
		expect(await rater.submit(token, { items: { attendance: 'great' }, overall: '' }, '10.0.0.1')).toEqual({ ok: false, error: 'invalid', fields: { attendance: 'invalid', overall: 'required' } });
		expect((await rater.link(token, '10.0.0.1')).state).toBe('open');
		expect(await rater.submit(token, { items: {}, overall: 'basically-satisfied' }, '10.0.0.1')).toEqual({ ok: true });
	});

	it('says an unknown link is unknown, and stops answering an address that keeps guessing', async () => {
		expect(await rater.link('x'.repeat(32), '10.0.0.9')).toEqual({ state: 'unknown' });
		expect(await rater.link('not even a token', '10.0.0.9')).toEqual({ state: 'unknown' });
		for (let i = 0; i < 25; i++) await rater.link(`guess${String(i).padStart(27, '0')}`, '10.0.0.9');
		expect(await rater.link(tokenOf(urls[2]), '10.0.0.9')).toEqual({ state: 'too-many' });
		expect((await rater.link(tokenOf(urls[2]), '10.0.0.2')).state).toBe('open');
	});

	it('shows the results with the flags, audited', async () => {
		const res = await api('GET', `/api/admin/ratings/rounds/${roundId}/results`);
		expect(res.status).toBe(200);
		expect(res.body.round).toMatchObject({ open: true, submissions: 2 });
		const [row] = res.body.results;
		expect(row).toMatchObject({ cadre: cadreId, name: '李驻点', stationName: '幸福社区', submissions: 2, rank: 1, flags: [] });
		expect(row.overall).toMatchObject({ satisfied: 1, basicallySatisfied: 1, answers: 2, rate: 1 });
		expect(row.items['problem-solving']).toMatchObject({ dissatisfied: 1, rate: 0 });
		const csv = await fetch(`${srv.base}/api/admin/ratings/rounds/${roundId}/results.csv`, { headers: { authorization: `Bearer ${office}` } });
		expect(csv.headers.get('content-type')).toContain('text/csv');
		const text = await csv.text();
		expect(text).toContain('"李驻点","幸福社区","2","100.0%","","0.0%","100.0%",""');
		expect((await api('GET', `/api/admin/ratings/rounds/${roundId}/results`, undefined, member)).status).toBe(403);
	});

	it('closes the round: submissions and new links are refused, and it stays closed', async () => {
		const closed = await api('POST', `/api/admin/ratings/rounds/${roundId}/close`);
		expect(closed.body).toMatchObject({ open: false });
		expect(closed.body.closedAt).toBeGreaterThan(0);
		expect(await rater.link(tokenOf(urls[2]), '10.0.0.3')).toEqual({ state: 'closed' });
		expect(await rater.submit(tokenOf(urls[2]), { items: {}, overall: 'satisfied' }, '10.0.0.3')).toEqual({ ok: false, error: 'closed' });
		expect((await api('POST', `/api/admin/ratings/rounds/${roundId}/links`, { stationId, group: 'party-member', count: 1 })).body.error).toBe('round-closed');
		expect((await api('POST', `/api/admin/ratings/rounds/${roundId}/close`)).body.error).toBe('round-closed');
		expect((await api('GET', `/api/admin/ratings/rounds/${roundId}`)).body.links[0]).toMatchObject({ issued: 3, used: 2 });
	});

	it('wrote an audit row for every action, none naming a rater', async () => {
		const rows = await audit();
		expect(rows.map((a) => a.action)).toEqual([
			'rating.round.open',
			'rating.links.issue',
			'rating.link.use',
			'rating.link.use',
			'rating.results.view',
			'rating.results.export',
			'rating.round.close'
		]);
		expect(rows.filter((a) => a.action === 'rating.link.use').every((a) => a.actor === 'rater' && !a.detail.includes('10.0.0'))).toBe(true);
		expect(JSON.parse(rows[1].detail)).toMatchObject({ round: roundId, station: stationId, cadre: cadreId, group: 'party-member', count: 3 });
	});

	it('gives the year ranking; without an H1 and H2 at 90% nobody is in the top ten', async () => {
		const res = await api('GET', `/api/admin/ratings/years/${today.slice(0, 4)}`);
		expect(res.body.ranking).toHaveLength(1);
		expect(res.body.ranking[0]).toMatchObject({ name: '李驻点', rank: 1, eligible: false });
		expect(res.body.topTen).toEqual([]);
	});
});
