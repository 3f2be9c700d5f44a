// Duty-day attendance, leave and the cadre's file against the real server and SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, dutyDate, shiftMonth } from '../../src/lib/domain/calendar';
import { monthOf, toIsoDate } from '../../src/lib/domain/dates';
import { createCalendarStore } from '../calendar/calendar-store';
import { seedDistrict, writeVisits, type District } from '../files/test-district';
import { call, startApp, type RunningApp } from '../test-kit';

let srv: RunningApp;
let d: District;
const as = (token: string) => (method: string, path: string, body?: unknown) => call(srv.base, method, path, body, token);
// The server runs on a fixed day (server/clock.ts), the 10th: the calendar's duty day, any day of the year.
const NOW = '2026-06-10T04:00:00.000Z';
const today = toIsoDate(Date.parse(NOW));
const month = monthOf(today);
const nextDuty = dutyDate(DEFAULT_CALENDAR, shiftMonth(month, 1));

beforeAll(async () => {
	srv = await startApp({ NODE_ENV: 'test', YIXIAN_TEST_NOW: NOW });
	d = await seedDistrict(srv);
});
afterAll(() => srv.stop());

describe('leave for a duty day', () => {
	it('is asked by the cadre for a coming duty day, with a reason', async () => {
		const cadre = as(d.people.cadreA.token);
		const missing = await cadre('POST', '/api/duty/leave', { date: nextDuty, reason: ' ' });
		expect(missing).toEqual({ status: 400, body: { error: 'invalid-input', fields: { reason: 'required' } } });
		const notDuty = await cadre('POST', '/api/duty/leave', { date: `${shiftMonth(month, 1)}-11`, reason: '出差' });
		expect(notDuty.body.fields).toEqual({ date: 'not-duty-day' });
		const past = await cadre('POST', '/api/duty/leave', { date: dutyDate(DEFAULT_CALENDAR, shiftMonth(month, -1)), reason: '出差' });
		expect(past.body.fields).toEqual({ date: 'past' });
		// Only the duty days GET /api/duty/me offers (this month's and the next two): not one of 2099.
		for (const far of [dutyDate(DEFAULT_CALENDAR, shiftMonth(month, 3)), '2099-12-10']) {
			const refused = await cadre('POST', '/api/duty/leave', { date: far, reason: '出差' });
			expect(refused).toEqual({ status: 400, body: { error: 'invalid-input', fields: { date: 'too-far' } } });
		}
		const ok = await cadre('POST', '/api/duty/leave', { date: nextDuty, reason: '参加区里培训' });
		expect(ok.status).toBe(201);
		expect(ok.body).toMatchObject({ date: nextDuty, reason: '参加区里培训', decision: 'pending', personId: d.people.cadreA.id });
		expect((await cadre('POST', '/api/duty/leave', { date: nextDuty, reason: '再请一次' })).body).toEqual({ error: 'already-asked' });
	});

	it('is refused to anyone who is not a station cadre', async () => {
		expect((await as(d.people.assistantA.token)('POST', '/api/duty/leave', { date: nextDuty, reason: 'x' })).body).toEqual({ error: 'not-a-cadre' });
		expect((await as(d.people.office.token)('POST', '/api/duty/attendance')).body).toEqual({ error: 'not-a-cadre' });
		expect((await call(srv.base, 'POST', '/api/duty/leave', { date: nextDuty, reason: 'x' })).status).toBe(401);
	});

	it('is decided by the office only, once, and audited', async () => {
		const list = await as(d.people.office.token)('GET', '/api/duty/leave');
		expect(list.body.leave).toHaveLength(1);
		const leave = list.body.leave[0];
		expect(leave).toMatchObject({ personName: '李驻点', stationName: '幸福社区', decision: 'pending' });
		expect((await as(d.people.cadreA.token)('POST', `/api/duty/leave/${leave.id}/decision`, { decision: 'approved' })).status).toBe(403);
		expect((await as(d.people.leader.token)('GET', '/api/duty/leave')).status).toBe(403);
		const ok = await as(d.people.office.token)('POST', `/api/duty/leave/${leave.id}/decision`, { decision: 'approved', note: '同意' });
		expect(ok.body).toMatchObject({ decision: 'approved', decidedBy: d.people.office.id, decisionNote: '同意' });
		expect((await as(d.people.office.token)('POST', `/api/duty/leave/${leave.id}/decision`, { decision: 'refused' })).body).toEqual({ error: 'already-decided' });
		const actions = (await srv.app.db.query("SELECT action FROM audit WHERE action LIKE 'duty.%' ORDER BY id")).map((r) => (r as { action: string }).action);
		expect(actions).toEqual(['duty.leave-ask', 'duty.leave-approve']);
	});

	it('counts as on leave in that month of the cadre\'s file', async () => {
		const file = await as(d.people.cadreA.token)('GET', `/api/files/${d.people.cadreA.id}?month=${shiftMonth(month, 1)}`);
		expect(file.status).toBe(200);
		expect(file.body.file.dutyDay).toEqual({ date: nextDuty, status: 'on-leave', outcome: 'met' });
		expect(file.body.station).toMatchObject({ name: '幸福社区' });
	});
});

describe('withdrawing a leave request', () => {
	const later = dutyDate(DEFAULT_CALENDAR, shiftMonth(month, 2));

	it('is the cadre\'s way back while the request is pending: gone from the office\'s list, audited, asked again', async () => {
		const cadre = as(d.people.cadreA.token);
		const asked = await cadre('POST', '/api/duty/leave', { date: later, reason: '原定出差' });
		expect(asked.status).toBe(201);
		// Nobody else withdraws it: another cadre, the assistant, the office.
		expect((await as(d.people.cadreC.token)('DELETE', `/api/duty/leave/${asked.body.id}`)).status).toBe(404);
		expect((await as(d.people.assistantA.token)('DELETE', `/api/duty/leave/${asked.body.id}`)).body).toEqual({ error: 'not-a-cadre' });
		expect((await as(d.people.office.token)('DELETE', `/api/duty/leave/${asked.body.id}`)).status).toBe(403);
		expect((await call(srv.base, 'DELETE', `/api/duty/leave/${asked.body.id}`)).status).toBe(401);

		expect((await cadre('DELETE', `/api/duty/leave/${asked.body.id}`)).status).toBe(204);
		expect((await cadre('DELETE', `/api/duty/leave/${asked.body.id}`)).body).toEqual({ error: 'not-found' });
		const office = (await as(d.people.office.token)('GET', '/api/duty/leave')).body.leave as { id: string }[];
		expect(office.map((l) => l.id)).not.toContain(asked.body.id);
		expect((await cadre('GET', '/api/duty/me')).body.leave.map((l: { id: string }) => l.id)).not.toContain(asked.body.id);
		const audit = await srv.app.db.query<{ actor: string; detail: string }>("SELECT actor, detail FROM audit WHERE action = 'duty.leave-withdraw'");
		expect(audit).toHaveLength(1);
		expect(audit[0].actor).toBe(d.people.cadreA.id);
		expect(JSON.parse(audit[0].detail)).toMatchObject({ id: asked.body.id, date: later, reason: '原定出差' });

		// The day is free to ask for again.
		expect((await cadre('POST', '/api/duty/leave', { date: later, reason: '改期培训' })).status).toBe(201);
	});

	it('is refused once the office decided', async () => {
		const decided = (await as(d.people.office.token)('GET', '/api/duty/leave')).body.leave.find((l: { date: string }) => l.date === nextDuty);
		expect(decided.decision).toBe('approved');
		expect(await as(d.people.cadreA.token)('DELETE', `/api/duty/leave/${decided.id}`)).toEqual({ status: 409, body: { error: 'already-decided' } });
		const file = await as(d.people.cadreA.token)('GET', `/api/files/${d.people.cadreA.id}?month=${shiftMonth(month, 1)}`);
		expect(file.body.file.dutyDay.status).toBe('on-leave');
	});
});

describe('checking in on the duty day', () => {
	it('is refused on any other day', async () => {
		await createCalendarStore(srv.app.db).set('test', { ...DEFAULT_CALENDAR, dutyDay: Number(today.slice(8)) === 1 ? 2 : 1 });
		expect((await as(d.people.cadreA.token)('POST', '/api/duty/attendance')).body).toEqual({ error: 'not-duty-day' });
	});

	it('is recorded once and shows in the file as attended', async () => {
		await createCalendarStore(srv.app.db).set('test', { ...DEFAULT_CALENDAR, dutyDay: Number(today.slice(8)) });
		const cadre = as(d.people.cadreA.token);
		expect((await cadre('GET', '/api/duty/me')).body).toMatchObject({ dutyDay: { date: today, isToday: true }, checkedIn: false });
		const first = await cadre('POST', '/api/duty/attendance');
		expect(first.body).toMatchObject({ date: today });
		const again = await cadre('POST', '/api/duty/attendance');
		expect(again.body.at).toBe(first.body.at);
		expect((await cadre('GET', '/api/duty/me')).body.checkedIn).toBe(true);
		const file = await cadre('GET', `/api/files/${d.people.cadreA.id}`);
		expect(file.body.file.dutyDay).toMatchObject({ date: today, status: 'attended', outcome: 'met' });
		expect((await cadre('POST', '/api/duty/leave', { date: today, reason: '临时有事' })).body).toEqual({ error: 'already-attended' });
		expect((await cadre('GET', '/api/duty/me')).body.upcoming).not.toContain(today);
	});
});

describe("the cadre's file", () => {
	it('counts households visited from the visit log against 50', async () => {
		await writeVisits(srv, d.stations.a.id, '李驻点', today, 12);
		await writeVisits(srv, d.stations.a.id, '张助理', today, 30);
		const file = await as(d.people.cadreA.token)('GET', `/api/files/${d.people.cadreA.id}?month=${month}`);
		expect(file.body.file.visits).toMatchObject({ households: 12, target: 50, met: false });
	});

	it('keeps optional actions the cadre writes, and only the cadre', async () => {
		const cadre = as(d.people.cadreA.token);
		const added = await cadre('POST', `/api/files/${d.people.cadreA.id}/actions`, { date: today, text: '组织居民议事会' });
		expect(added.status).toBe(201);
		expect((await as(d.people.cadreC.token)('POST', `/api/files/${d.people.cadreA.id}/actions`, { date: today, text: 'x' })).status).toBe(403);
		// An account of what was done: never dated after today (nothing stored).
		const tomorrow = toIsoDate(Date.parse(NOW) + 86_400_000);
		for (const date of [tomorrow, '2099-12-31'])
			expect(await cadre('POST', `/api/files/${d.people.cadreA.id}/actions`, { date, text: '明天的议事会' }), date).toEqual({ status: 400, body: { error: 'invalid-input', fields: { date: 'in-future' } } });
		const file = await cadre('GET', `/api/files/${d.people.cadreA.id}?month=${month}`);
		expect(file.body.file.optionalActions).toEqual([{ id: added.body.id, date: today, text: '组织居民议事会', createdAt: added.body.createdAt }]);
	});

	it('is read by the cadre and the office only; the office lists every cadre and sees the half-year', async () => {
		expect((await as(d.people.cadreC.token)('GET', `/api/files/${d.people.cadreA.id}`)).status).toBe(403);
		expect((await as(d.people.leader.token)('GET', `/api/files/${d.people.cadreA.id}`)).status).toBe(403);
		expect((await as(d.people.cadreA.token)('GET', '/api/files')).status).toBe(403);
		const list = await as(d.people.office.token)('GET', '/api/files');
		expect(list.body.cadres.map((c: { name: string }) => c.name).sort()).toEqual(['李驻点', '赵驻点']);
		const half = `${today.slice(0, 4)}-H${Number(today.slice(5, 7)) <= 6 ? 1 : 2}`;
		const file = await as(d.people.office.token)('GET', `/api/files/${d.people.cadreA.id}?half=${half}`);
		expect(file.body.file.months).toHaveLength(6);
		expect(file.body.file.totals.households).toBe(12);
		expect(file.body.file.totals.optionalActions).toBe(1);
		expect((await as(d.people.office.token)('GET', `/api/files/${d.people.cadreA.id}?half=2026-H3`)).body.fields).toEqual({ half: 'invalid' });
		expect((await as(d.people.office.token)('GET', `/api/files/${d.people.assistantA.id}`)).body).toEqual({ error: 'not-a-cadre' });
	});

	it('does not count a duty day before the cadre was assigned as absent', async () => {
		const { directory } = srv.app;
		const station = await directory.createStation('test', { name: '新建社区', streetId: d.streets.west.id, kind: 'community' });
		const newcomer = await directory.createPerson('test', { phone: '13800009999', name: '钱驻点', role: 'member', password: 'test-pass-1' });
		await directory.assign('test', newcomer.id, station.id, 'cadre');
		const office = as(d.people.office.token);
		const before = await office('GET', `/api/files/${newcomer.id}?month=${shiftMonth(month, -1)}`);
		expect(before.body.file.dutyDay).toMatchObject({ status: 'not-assigned', outcome: 'not-counted' });
		expect(before.body.file.missed).toEqual([]);
		const half = await office('GET', `/api/files/${newcomer.id}?half=${today.slice(0, 4)}-H1`);
		expect(half.body.file.totals.dutyDaysAbsent).toBe(0);
	});
});
