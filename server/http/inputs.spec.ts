// Every input of the API bounded and checked at the boundary (issue 7, item 1): periods and dates
// within the documented years and length, no control characters in any text field, unknown ids
// a 404 and malformed values a 400 — never a 500. Real server, real SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../src/lib/domain/ledger';
import { seedDistrict, writeEntry, type District } from '../files/test-district';
import { call, startApp, type RunningApp } from '../test-kit';

let srv: RunningApp;
let d: District;
const as = (token: string) => (method: string, path: string, body?: unknown) => call(srv.base, method, path, body, token);
const office = (method: string, path: string, body?: unknown) => as(d.people.office.token)(method, path, body);
const at = (day: string) => new Date(`${day}T09:00:00`).getTime();

let tier3 = '';
let tier4 = '';
let meeting = '';
let item = '';

beforeAll(async () => {
	srv = await startApp();
	d = await seedDistrict(srv);
	const escalate = (tier: 3 | 4): EventDraft => ({ type: 'escalated', tier, responsible: '街道城建科', deadline: '2026-03-20', text: '', ...(tier === 3 ? { departments: ['住建'] } : {}) });
	tier3 = await writeEntry(srv, d.stations.a.id, '2026-03-02', [escalate(3)], at('2026-03-02'));
	tier4 = await writeEntry(srv, d.stations.a.id, '2026-03-03', [escalate(3), escalate(4)], at('2026-03-03'));
	const opened = await office('POST', '/api/dispatch/meetings', { date: '2026-03-25' });
	meeting = opened.body.id;
	item = (await office('GET', `/api/dispatch/meetings/${meeting}`)).body.items.find((i: { entryId: string }) => i.entryId === tier4).id;
});
afterAll(() => srv.stop());

describe('periods', () => {
	it('answers a far-future period with a 400 at once, and the server goes on serving', async () => {
		const cadre = as(d.people.cadreA.token);
		const far = await cadre('GET', `/api/stats?scope=station:${d.stations.a.id}&from=9999-12-01&to=9999-12-31`);
		expect(far).toEqual({ status: 400, body: { error: 'invalid-input', fields: { from: 'out-of-range', to: 'out-of-range' } } });
		expect((await cadre('GET', '/api/me')).status).toBe(200);
	});

	it('bounds the period to the documented years and length', async () => {
		const stats = (q: string) => office('GET', `/api/stats?scope=district&${q}`);
		expect((await stats('from=1999-12-31&to=2000-01-31')).body.fields).toEqual({ from: 'out-of-range' });
		expect((await stats('from=2099-12-01&to=2100-01-01')).body.fields).toEqual({ to: 'out-of-range' });
		expect((await stats('from=2020-01-01&to=2024-12-31')).status).toBe(200);
		expect((await stats('from=2020-01-01&to=2025-01-01')).body.fields).toEqual({ to: 'period-too-long' });
		expect((await stats('from=20260-01-01&to=2026-01-01')).body.fields).toEqual({ from: 'invalid' });
	});

	it('holds bulletins and exports to the same rules', async () => {
		expect((await office('POST', '/api/bulletins', { from: '9999-12-01', to: '9999-12-31' })).body).toEqual({ error: 'invalid-input', fields: { from: 'out-of-range', to: 'out-of-range' } });
		expect((await office('POST', '/api/bulletins', { from: '2020-01-01', to: '2026-01-01' })).body.fields).toEqual({ to: 'period-too-long' });
		// Every bad field named at once: a title too long does not hide the period's error.
		expect((await office('POST', '/api/bulletins', { from: '2020-01-01', to: '2026-01-01', title: '简'.repeat(121) })).body.fields).toEqual({ title: 'too-long', to: 'period-too-long' });
		// A body that is JSON but no object is refused; `null` once left the request unanswered.
		for (const body of [null, 7, 'x', []]) {
			const answer = await office('POST', '/api/bulletins', body);
			expect([answer.status, answer.body.error]).toEqual([400, 'invalid-input']);
		}
		const csv = await fetch(`${srv.base}/api/exports/ledger.csv?scope=district&from=9999-12-01&to=9999-12-31`, { headers: { authorization: `Bearer ${d.people.office.token}` } });
		expect(csv.status).toBe(400);
	});
});

describe('dates, months and half-years', () => {
	it("refuses the cadre's file for a half-year or month out of range with a 400", async () => {
		const file = (q: string) => office('GET', `/api/files/${d.people.cadreA.id}?${q}`);
		expect(await file('half=0000-H1')).toEqual({ status: 400, body: { error: 'invalid-input', fields: { half: 'out-of-range' } } });
		expect((await file('half=9999-H2')).body.fields).toEqual({ half: 'out-of-range' });
		expect((await file('month=9999-12')).body.fields).toEqual({ month: 'out-of-range' });
		expect((await file('month=2026-13')).body.fields).toEqual({ month: 'invalid' });
		expect((await file('half=2026-H1')).status).toBe(200);
	});

	it('refuses dispatch meetings, optional actions and rating rounds far from now', async () => {
		expect((await office('POST', '/api/dispatch/meetings', { date: '9999-12-31' })).body.fields).toEqual({ date: 'out-of-range' });
		expect((await as(d.people.cadreA.token)('POST', `/api/files/${d.people.cadreA.id}/actions`, { date: '9999-12-31', text: '走访' })).body.fields).toEqual({ date: 'out-of-range' });
		expect((await office('POST', '/api/admin/ratings/rounds', { halfYear: '0000-H1', closesOn: '2099-01-01' })).body.fields).toMatchObject({ halfYear: 'out-of-range' });
		expect((await office('GET', '/api/admin/ratings/years/0000')).status).toBe(400);
		// Any number of digits: a year that is not four digits long is out of range too, not a missing page.
		expect((await office('GET', '/api/admin/ratings/years/abcd')).body).toEqual({ error: 'invalid-input', fields: { year: 'invalid' } });
		for (const year of ['999', '20255', '99999', '0'.repeat(40)]) expect(await office('GET', `/api/admin/ratings/years/${year}`)).toEqual({ status: 400, body: { error: 'invalid-input', fields: { year: 'out-of-range' } } });
		expect((await office('POST', '/api/admin/ratings/rounds', { halfYear: '2026-H2', closesOn: '2100-01-01' })).body.fields).toEqual({ closesOn: 'out-of-range' });
		expect((await office('GET', '/api/admin/ratings/years/2026')).status).toBe(200);
	});
});

describe('unknown ids', () => {
	it('answers 404 for an unknown street when making or unmaking a street leader', async () => {
		const path = `/api/admin/streets/zzzzzzzzzz/leaders/${d.people.leader.id}`;
		expect(await office('PUT', path)).toEqual({ status: 404, body: { error: 'not-found' } });
		expect(await office('DELETE', path)).toEqual({ status: 404, body: { error: 'not-found' } });
		expect((await office('PUT', `/api/admin/streets/${d.streets.west.id}/leaders/zzzzzzzzzz`)).status).toBe(404);
	});
});

describe('text fields', () => {
	const NUL = '甲\u0000乙';
	// Every text field the API stores, with a body that is right but for the NUL.
	const fields: [string, () => [string, string, Record<string, unknown>, string?]][] = [
		['street name', () => ['POST', '/api/admin/streets', { name: NUL }]],
		['station name (new)', () => ['POST', '/api/admin/stations', { name: NUL, streetId: d.streets.east.id, kind: 'community' }]],
		['station name (patch)', () => ['PATCH', `/api/admin/stations/${d.stations.b.id}`, { name: NUL }]],
		["person's name (new)", () => ['POST', '/api/admin/people', { phone: '13811112222', name: NUL, role: 'member', password: 'long-enough' }]],
		["person's unit", () => ['POST', '/api/admin/people', { phone: '13811112223', name: '甲', role: 'member', unit: NUL, password: 'long-enough' }]],
		["person's position", () => ['POST', '/api/admin/people', { phone: '13811112224', name: '甲', role: 'member', position: NUL, password: 'long-enough' }]],
		["person's name (patch)", () => ['PATCH', `/api/admin/people/${d.people.leader.id}`, { name: NUL }]],
		["person's unit (patch)", () => ['PATCH', `/api/admin/people/${d.people.leader.id}`, { unit: NUL }]],
		['leave reason', () => ['POST', '/api/duty/leave', { date: '2099-01-10', reason: NUL }, d.people.cadreA.token]],
		['optional action', () => ['POST', `/api/files/${d.people.cadreA.id}/actions`, { date: '2026-03-01', text: NUL }, d.people.cadreA.token]],
		['coordination note', () => ['POST', `/api/coordination/${d.stations.a.id}/entries/${tier3}/notes`, { text: NUL }, d.people.leader.token]],
		['dispatch decision', () => ['PUT', `/api/dispatch/meetings/${meeting}/items/${item}`, { decision: NUL, department: '住建局' }]],
		['dispatch department', () => ['PUT', `/api/dispatch/meetings/${meeting}/items/${item}`, { decision: '限期整改', department: NUL }]],
		['meeting minutes', () => ['PATCH', `/api/dispatch/meetings/${meeting}`, { minutes: NUL }]],
		['bulletin title', () => ['POST', '/api/bulletins', { from: '2026-03-01', to: '2026-03-31', title: NUL }]],
		["district's name", () => ['PUT', '/api/district', { name: NUL }]]
	];

	it.each(fields)('refuses a NUL in the %s with 400 control-characters, and stores nothing', async (_, make) => {
		const [method, path, body, token = d.people.office.token] = make();
		const res = await as(token)(method, path, body);
		expect(res.status).toBe(400);
		expect(res.body.error).toBe('invalid-input');
		expect(Object.values(res.body.fields)).toContain('control-characters');
		expect(JSON.stringify((await office('GET', '/api/admin/directory')).body)).not.toContain('\\u0000');
	});

	it('refuses other control characters and lone surrogates, but keeps line breaks in long text', async () => {
		for (const name of ['a\u001bb', 'a\nb', 'a\u007fb', 'a\u0085b', 'a\ud800b']) {
			expect((await office('POST', '/api/admin/streets', { name })).body.fields).toEqual({ name: 'control-characters' });
		}
		const bulletin = await office('POST', '/api/bulletins', { from: '2026-03-01', to: '2026-03-31' });
		const edited = await office('PUT', `/api/bulletins/${bulletin.body.id}`, { title: '第1期', body: '一、\n\t概况\r\n' });
		expect(edited.status).toBe(200);
		expect((await office('PUT', `/api/bulletins/${bulletin.body.id}`, { title: '第1期', body: 'a\u0000' })).body.fields).toEqual({ body: 'control-characters' });
	});

	it('refuses a body that is not UTF-8 as bad JSON, and stores nothing (a name was stored with U+FFFD in it)', async () => {
		const before = JSON.stringify((await office('GET', '/api/admin/directory')).body);
		const bytes = new Uint8Array([...new TextEncoder().encode('{"name":"北'), 0xff, 0xfe, ...new TextEncoder().encode('街道"}')]);
		const res = await fetch(`${srv.base}/api/admin/streets`, { method: 'POST', headers: { authorization: `Bearer ${d.people.office.token}`, 'content-type': 'application/json' }, body: bytes });
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({ error: 'bad-json' });
		expect(JSON.stringify((await office('GET', '/api/admin/directory')).body)).toBe(before);
	});

	it('reads the media type as a media type: any case is JSON, a longer name is not (415, nothing stored)', async () => {
		const post = (type: string, name: string) =>
			fetch(`${srv.base}/api/admin/streets`, { method: 'POST', headers: { authorization: `Bearer ${d.people.office.token}`, 'content-type': type }, body: JSON.stringify({ name }) });
		expect((await post('Application/JSON; charset=UTF-8', '南关街道')).status).toBe(201);
		for (const type of ['application/jsonp', 'application/json-patch+json', 'application/json5']) {
			const res = await post(type, `街道${type.length}`);
			expect(res.status, type).toBe(415);
			expect(await res.json()).toEqual({ error: 'json-required' });
		}
		const names = (await office('GET', '/api/admin/directory')).body.streets.map((s: { name: string }) => s.name);
		expect(names.filter((n: string) => n.startsWith('街道'))).toEqual([]);
	});

	it('names too-long and blank names the same way everywhere', async () => {
		expect((await office('POST', '/api/admin/streets', { name: 'x'.repeat(300) })).body.fields).toEqual({ name: 'too-long' });
		expect((await office('POST', '/api/admin/streets', { name: '   ' })).body.fields).toEqual({ name: 'required' });
		expect((await office('POST', '/api/admin/stations', { name: '新站', streetId: d.streets.east.id, kind: 'community', id: 'BAD ID!' })).body.fields).toEqual({ id: 'invalid' });
	});
});
