// The station cadre's contact card for the duty-day notice, against the real server and SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDistrict, type District } from '../files/test-district';
import { call, startApp, type RunningApp } from '../test-kit';

let srv: RunningApp;
let d: District;

beforeAll(async () => {
	srv = await startApp();
	d = await seedDistrict(srv);
	await srv.app.directory.updatePerson('test', d.people.cadreA.id, { unit: '区住建局', position: '四级主任科员' });
});
afterAll(() => srv.stop());

describe("the station cadre's contact card", () => {
	it("gives the station's team the cadre's card, even when an assistant asks", async () => {
		const res = await call(srv.base, 'GET', `/api/stations/${d.stations.a.id}/cadre-card`, undefined, d.people.assistantA.token);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ name: '李驻点', unit: '区住建局', position: '四级主任科员', phone: d.people.cadreA.phone });
	});

	it('is refused to anyone not on the team, and says so when the station has no cadre', async () => {
		expect((await call(srv.base, 'GET', `/api/stations/${d.stations.a.id}/cadre-card`, undefined, d.people.cadreC.token)).status).toBe(403);
		expect((await call(srv.base, 'GET', `/api/stations/${d.stations.a.id}/cadre-card`)).status).toBe(401);
		expect((await call(srv.base, 'GET', `/api/stations/${d.stations.b.id}/cadre-card`, undefined, d.people.office.token)).body).toEqual({ error: 'no-cadre' });
		expect((await call(srv.base, 'GET', '/api/stations/nosuchstation/cadre-card', undefined, d.people.office.token)).status).toBe(404);
	});
});
