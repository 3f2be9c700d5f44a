// The district calendar over HTTP, against the real server and a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../src/lib/domain/calendar';
import { call, startApp, type RunningApp } from '../test-kit';

let srv: RunningApp;
let office = '';
let member = '';

beforeAll(async () => {
	srv = await startApp();
	await srv.app.directory.createPerson('test', { phone: '13900000000', name: '一线办', role: 'office', password: 'office-pass' });
	await srv.app.directory.createPerson('test', { phone: '13900000001', name: '王干部', role: 'member', password: 'member-pass' });
	office = (await call(srv.base, 'POST', '/api/session', { phone: '13900000000', password: 'office-pass' })).body.access;
	member = (await call(srv.base, 'POST', '/api/session', { phone: '13900000001', password: 'member-pass' })).body.access;
});
afterAll(() => srv.stop());

const audit = async () => (await srv.app.db.query("SELECT actor, detail FROM audit WHERE action = 'calendar.set' ORDER BY id")) as { actor: string; detail: string }[];

describe('the district calendar', () => {
	it('is the defaults until the office sets it, for anyone signed in and no one else', async () => {
		expect(await call(srv.base, 'GET', '/api/calendar', undefined, member)).toEqual({ status: 200, body: DEFAULT_CALENDAR });
		expect((await call(srv.base, 'GET', '/api/calendar')).status).toBe(401);
	});

	it('is changed by the office only, audited, and read back by everyone', async () => {
		const next = { dutyDay: 12, dutyDayPart: 'morning', announceDaysBefore: 3, dispatchDay: 26 };
		expect((await call(srv.base, 'PUT', '/api/calendar', next, member)).status).toBe(403);
		expect(await audit()).toEqual([]);
		expect(await call(srv.base, 'PUT', '/api/calendar', next, office)).toEqual({ status: 200, body: next });
		expect((await call(srv.base, 'GET', '/api/calendar', undefined, member)).body).toEqual(next);
		expect(await audit()).toHaveLength(1);
		expect(JSON.parse((await audit())[0].detail)).toEqual(next);
	});

	it('names every bad field and changes nothing', async () => {
		const before = (await call(srv.base, 'GET', '/api/calendar', undefined, member)).body;
		const res = await call(srv.base, 'PUT', '/api/calendar', { dutyDay: 31, dutyDayPart: 'night', announceDaysBefore: 0, dispatchDay: 12 }, office);
		expect(res).toEqual({
			status: 400,
			body: { error: 'invalid-input', fields: { dutyDay: 'invalid', dutyDayPart: 'invalid', announceDaysBefore: 'invalid' } }
		});
		expect((await call(srv.base, 'GET', '/api/calendar', undefined, member)).body).toEqual(before);
		expect(await audit()).toHaveLength(1);
	});
});

describe("the district's name", () => {
	it('is empty until the office sets it; read by anyone signed in, changed by the office only, audited', async () => {
		expect(await call(srv.base, 'GET', '/api/district', undefined, member)).toEqual({ status: 200, body: { name: '' } });
		expect((await call(srv.base, 'GET', '/api/district')).status).toBe(401);
		expect((await call(srv.base, 'PUT', '/api/district', { name: '城东区' }, member)).status).toBe(403);
		expect(await call(srv.base, 'PUT', '/api/district', { name: ' 城东区一线办 ' }, office)).toEqual({ status: 200, body: { name: '城东区' } });
		expect((await call(srv.base, 'GET', '/api/district', undefined, member)).body).toEqual({ name: '城东区' });
		expect((await srv.app.db.query("SELECT detail FROM audit WHERE action = 'district.set'"))).toEqual([{ detail: '{"name":"城东区"}' }]);
		// The calendar itself is untouched by the name.
		expect(Object.keys((await call(srv.base, 'GET', '/api/calendar', undefined, member)).body)).not.toContain('name');
	});

	it('names the field when too long and keeps the old name', async () => {
		expect(await call(srv.base, 'PUT', '/api/district', { name: '区'.repeat(21) }, office)).toEqual({ status: 400, body: { error: 'invalid-input', fields: { name: 'too-long' } } });
		expect(await call(srv.base, 'PUT', '/api/district', {}, office)).toEqual({ status: 400, body: { error: 'invalid-input', fields: { name: 'required' } } });
		expect((await call(srv.base, 'GET', '/api/district', undefined, member)).body).toEqual({ name: '城东区' });
		expect(await call(srv.base, 'PUT', '/api/district', { name: 5 }, office)).toEqual({ status: 400, body: { error: 'invalid-input', fields: { name: 'invalid' } } });
	});

	it('counts the 20 characters without the 一线办 it drops', async () => {
		const name = '一二三四五六七八九十一二三四五六七八';
		expect(await call(srv.base, 'PUT', '/api/district', { name: `${name}一线办` }, office)).toEqual({ status: 200, body: { name } });
		expect(await call(srv.base, 'PUT', '/api/district', { name: '城东区' }, office)).toEqual({ status: 200, body: { name: '城东区' } });
	});

	it("clears the name with '' or only 一线办 (the form's field is optional; the sheet then prints 区一线办)", async () => {
		for (const name of ['', ' 一线办']) {
			expect(await call(srv.base, 'PUT', '/api/district', { name: '城东区' }, office)).toEqual({ status: 200, body: { name: '城东区' } });
			expect(await call(srv.base, 'PUT', '/api/district', { name }, office)).toEqual({ status: 200, body: { name: '' } });
		}
	});
});
