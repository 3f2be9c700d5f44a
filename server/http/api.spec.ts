// The API against the real server and a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startApp, type RunningApp } from '../test-kit';

let srv: RunningApp;
let office = '';
const api = (method: string, path: string, body?: unknown, token = office) => call(srv.base, method, path, body, token);

beforeAll(async () => {
	srv = await startApp();
	await srv.app.directory.createPerson('test', { phone: '13900000000', name: '一线办', role: 'office', password: 'office-pass' });
	office = (await call(srv.base, 'POST', '/api/session', { phone: '13900000000', password: 'office-pass' })).body.access;
});
afterAll(() => srv.stop());

describe('signing in', () => {
	it('gives a session for the right phone and password, and refuses a wrong one', async () => {
		const ok = await call(srv.base, 'POST', '/api/session', { phone: '139 0000 0000', password: 'office-pass' });
		expect(ok.status).toBe(200);
		expect(ok.body).toMatchObject({ person: { name: '一线办', role: 'office' } });
		expect(ok.body.access).toMatch(/^ey/);
		expect(ok.body).not.toHaveProperty('person.password_hash');
		const bad = await call(srv.base, 'POST', '/api/session', { phone: '13900000000', password: 'nope' });
		expect(bad).toEqual({ status: 401, body: { error: 'invalid-credentials' } });
	});

	it('names the bad field and changes nothing', async () => {
		const res = await call(srv.base, 'POST', '/api/session', { phone: 'abc', password: '' });
		expect(res.status).toBe(400);
		expect(res.body.fields).toMatchObject({ phone: 'invalid' });
	});

	it('rotates the refresh token: a spent one is refused', async () => {
		const first = await call(srv.base, 'POST', '/api/session', { phone: '13900000000', password: 'office-pass' });
		const second = await call(srv.base, 'POST', '/api/session/refresh', { refresh: first.body.refresh });
		expect(second.status).toBe(200);
		expect(second.body.refresh).not.toBe(first.body.refresh);
		expect((await call(srv.base, 'POST', '/api/session/refresh', { refresh: first.body.refresh })).status).toBe(401);
		expect((await call(srv.base, 'POST', '/api/session/end', { refresh: second.body.refresh })).status).toBe(204);
		expect((await call(srv.base, 'POST', '/api/session/refresh', { refresh: second.body.refresh })).status).toBe(401);
	});

	it('refuses a missing, forged or expired token', async () => {
		expect((await call(srv.base, 'GET', '/api/me')).body).toEqual({ error: 'not-signed-in' });
		const forged = office.slice(0, -4) + 'AAAA';
		expect((await call(srv.base, 'GET', '/api/me', undefined, forged)).status).toBe(401);
		const short = await startApp({ YIXIAN_ACCESS_TTL: '1' });
		try {
			await short.app.directory.createPerson('test', { phone: '13900000009', name: 'x', role: 'member', password: 'member-pass' });
			const s = await call(short.base, 'POST', '/api/session', { phone: '13900000009', password: 'member-pass' });
			await new Promise((r) => setTimeout(r, 2100));
			expect((await call(short.base, 'GET', '/api/me', undefined, s.body.access)).body).toEqual({ error: 'token-expired' });
		} finally {
			await short.stop();
		}
	});

	it('reads the Authorization scheme in any case (RFC 9110: "bearer" is "Bearer"), and one token only', async () => {
		const me = (authorization: string) => fetch(`${srv.base}/api/me`, { headers: { authorization } });
		for (const given of [`Bearer ${office}`, `bearer ${office}`, `BEARER ${office}`, `Bearer  ${office}`]) expect((await me(given)).status).toBe(200);
		for (const wrong of [`Bearer ${office} ${office}`, `Basic ${office}`, `Bearer${office}`, 'Bearer ']) expect((await me(wrong)).status).toBe(401);
	});

	it('slows down repeated attempts for one phone number', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 8; i++) statuses.push((await call(srv.base, 'POST', '/api/session', { phone: '13911111111', password: 'guess-' + i })).status);
		expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
		expect(statuses.at(-1)).toBe(429);
	});
});

describe('the office directory', () => {
	it('sets up a street, a station and its team, and tells the member their stations', async () => {
		const street = (await api('POST', '/api/admin/streets', { name: '东关街道' })).body;
		const station = await api('POST', '/api/admin/stations', { name: '幸福社区', streetId: street.id, kind: 'community' });
		expect(station.status).toBe(201);
		const cadre = await api('POST', '/api/admin/people', { phone: '13900000001', name: '张干部', role: 'member', unit: '区民政局', position: '科长', password: 'cadre-pass' });
		expect(cadre.status).toBe(201);
		expect((await api('PUT', `/api/admin/stations/${station.body.id}/team/${cadre.body.id}`, { role: 'cadre' })).status).toBe(204);

		const session = await call(srv.base, 'POST', '/api/session', { phone: '13900000001', password: 'cadre-pass' });
		const me = await call(srv.base, 'GET', '/api/me', undefined, session.body.access);
		expect(me.body.stations).toEqual([
			expect.objectContaining({ id: station.body.id, name: '幸福社区', streetName: '东关街道', as: 'cadre', board: 'write', visits: 'write' })
		]);
		const dir = await api('GET', '/api/admin/directory');
		expect(dir.body.stations[0].team).toEqual([{ personId: cadre.body.id, name: '张干部', role: 'cadre' }]);
	});

	it('names the street leaders, and says when a password is too short', async () => {
		const streets = (await api('GET', '/api/admin/directory')).body.streets;
		const leader = (await api('POST', '/api/admin/people', { phone: '13900000005', name: '赵区长', role: 'leader', password: 'leader-pass' })).body;
		expect((await api('PUT', `/api/admin/streets/${streets[0].id}/leaders/${leader.id}`)).status).toBe(204);
		const after = (await api('GET', '/api/admin/directory')).body.streets;
		expect(after[0].leaders).toEqual([{ personId: leader.id, name: '赵区长' }]);
		const short = await api('POST', '/api/admin/people', { phone: '13900000006', name: 'x', role: 'member', password: 'short' });
		expect(short.body).toEqual({ error: 'invalid-input', fields: { password: 'too-short' } });
	});

	it('refuses directory calls from anyone but the office', async () => {
		const member = await call(srv.base, 'POST', '/api/session', { phone: '13900000001', password: 'cadre-pass' });
		expect((await call(srv.base, 'GET', '/api/admin/directory', undefined, member.body.access)).status).toBe(403);
		expect((await call(srv.base, 'POST', '/api/admin/streets', { name: 'x' }, member.body.access)).status).toBe(403);
	});

	it('answers a taken phone number with a conflict', async () => {
		const res = await api('POST', '/api/admin/people', { phone: '13900000001', name: '重复', role: 'member', password: 'whatever1' });
		expect(res).toEqual({ status: 409, body: { error: 'phone-taken' } });
	});

	it('signs a person out everywhere when the password is reset, and refuses them when disabled', async () => {
		const p = (await api('POST', '/api/admin/people', { phone: '13900000002', name: '李助理', role: 'member', password: 'first-pass' })).body;
		const s = await call(srv.base, 'POST', '/api/session', { phone: '13900000002', password: 'first-pass' });
		expect((await api('POST', `/api/admin/people/${p.id}/password`, { password: 'second-pass' })).status).toBe(204);
		expect((await call(srv.base, 'POST', '/api/session/refresh', { refresh: s.body.refresh })).status).toBe(401);
		expect((await call(srv.base, 'POST', '/api/session', { phone: '13900000002', password: 'first-pass' })).status).toBe(401);
		expect((await call(srv.base, 'POST', '/api/session', { phone: '13900000002', password: 'second-pass' })).status).toBe(200);

		expect((await api('PATCH', `/api/admin/people/${p.id}`, { disabled: true })).status).toBe(200);
		expect((await call(srv.base, 'POST', '/api/session', { phone: '13900000002', password: 'second-pass' })).body).toEqual({ error: 'disabled' });
	});

	it('keeps the office from locking itself out', async () => {
		const me = (await api('GET', '/api/me')).body.person;
		expect((await api('PATCH', `/api/admin/people/${me.id}`, { disabled: true })).body).toEqual({ error: 'cannot-demote-self' });
	});

	it('audits every change', async () => {
		const actions = ((await srv.app.db.query('SELECT action FROM audit')) as { action: string }[]).map((r) => r.action);
		expect(actions).toEqual(expect.arrayContaining(['street.create', 'station.create', 'person.create', 'team.assign', 'person.password', 'person.update']));
	});
});
