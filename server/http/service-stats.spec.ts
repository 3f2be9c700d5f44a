// The seed's service figures in statistics and the bulletin (issue 9, item 3), on the real server
// with its clock on a duty day (the 10th): cards handed out on the duty day (the board's record) and
// left at visits, help person-times (help records and visits), and the cadres taking part — those
// who checked in on the duty day or visited or helped — for the period and to date (累计).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDutyDay } from '../../src/lib/documents/duty-days';
import { addRecord } from '../../src/lib/documents/visit-log';
import { docNames } from '../../src/lib/domain/station';
import { seedDistrict, type District } from '../files/test-district';
import { call, startApp, type RunningApp } from '../test-kit';

let srv: RunningApp;
let d: District;
const as = (token: string) => (method: string, path: string, body?: unknown) => call(srv.base, method, path, body, token);
const JUNE = 'from=2026-06-01&to=2026-06-30';

beforeAll(async () => {
	srv = await startApp({ NODE_ENV: 'test', YIXIAN_TEST_NOW: '2026-06-10T04:00:00.000Z' });
	d = await seedDistrict(srv);
	const { a } = d.stations;
	const t = Date.UTC(2026, 5, 10, 4);
	await srv.app.relay.change(docNames(a.id).board, (doc) => {
		setDutyDay(doc, { date: '2026-05-10', cards: 80 }, '李驻点', t - 31 * 86_400_000);
		setDutyDay(doc, { date: '2026-06-10', cards: 120 }, '李驻点', t);
	}, 'test');
	await srv.app.relay.change(docNames(a.id).visits, (doc) => {
		addRecord(doc, 'visits', { visitor: '李驻点', date: '2026-06-03', household: '3-201', address: '', peopleMet: 2, notes: '', cardsLeft: 2, peopleHelped: 1 }, t);
		addRecord(doc, 'visits', { visitor: '李驻点', date: '2026-05-03', household: '3-202', address: '', peopleMet: 1, notes: '', cardsLeft: 5, peopleHelped: 0 }, t);
		addRecord(doc, 'help', { tieId: 't1', by: '张助理', date: '2026-06-05', kind: 'living', text: '送米面油', people: 3 }, t);
		addRecord(doc, 'help', { tieId: 't1', by: '张助理', date: '2026-05-05', kind: 'job', text: '介绍工作' }, t); // no count: one person-time
	}, 'test');
	// The cadre of the other street checks in on today's duty day: taking part without a visit.
	expect((await as(d.people.cadreC.token)('POST', '/api/duty/attendance')).status).toBe(200);
});
afterAll(() => srv.stop());

describe('service figures', () => {
	it('gives the district\'s cards, person-times and cadres taking part, for the period and to date', async () => {
		const res = await as(d.people.office.token)('GET', `/api/stats?scope=district&${JUNE}`);
		expect(res.status).toBe(200);
		expect(res.body.service).toEqual({ cardsOnDutyDays: 120, cardsOnVisits: 2, cards: 122, helpRecorded: 3, helpOnVisits: 1, helpTimes: 4, cadres: 3 });
		expect(res.body.serviceToDate).toMatchObject({ cards: 207, helpTimes: 5, cadres: 3 });
		const row = (name: string) => res.body.stations.find((s: { name: string }) => s.name === name);
		expect(row('幸福社区')).toMatchObject({ cards: 122, helpTimes: 4, cadres: 2 });
		expect(row('建设社区')).toMatchObject({ cards: 0, helpTimes: 0, cadres: 1 });
		// Counts only: no person's id or name.
		expect(JSON.stringify(res.body.service)).not.toMatch(new RegExp(`${d.people.cadreC.id}|李驻点`));
	});

	it('counts a street only from its own stations', async () => {
		const east = await as(d.people.leader.token)('GET', `/api/stats?scope=street:${d.streets.east.id}&${JUNE}`);
		expect(east.body.service).toMatchObject({ cards: 122, helpTimes: 4, cadres: 2 });
		const may = await as(d.people.office.token)('GET', `/api/stats?scope=district&from=2026-05-01&to=2026-05-31`);
		expect(may.body.service).toMatchObject({ cards: 85, helpTimes: 1, cadres: 2 });
		expect(may.body.serviceToDate).toMatchObject({ cards: 85, helpTimes: 1 });
	});

	it('states them in the bulletin as the seed does', async () => {
		const res = await as(d.people.office.token)('POST', '/api/bulletins', { from: '2026-06-01', to: '2026-06-30' });
		expect(res.status).toBe(201);
		expect(res.body.body).toContain('本期参与驻点服务干部 3 人，发放连心卡 122 张，帮扶 4 人次。');
		// As of the server's day (the 10th), the period still running: not as of its end to come.
		expect(res.body.body).toContain('截至 2026-06-10，累计参与干部 3 人，累计发放连心卡 207 张，累计帮扶 5 人次。');
		expect(res.body.body).toContain('调度会提交区委常委会、区政府常务会集体研究 0 件');
	});
});
