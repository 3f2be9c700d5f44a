// Issue 8 item 5: one source of truth per fact. A station's name, street and kind, and a person's
// name, unit and position, are the directory's; an office rename through the API shows on the
// public page, the notice (poster) and its contact cards, the bulletin, the statistics and the
// ledger CSV at once, while the board's own copy (meta) still holds the old name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardParts } from '../src/lib/documents/board';
import { addNotice, setPosted } from '../src/lib/documents/notices';
import { docNames } from '../src/lib/domain/station';
import { seedDistrict, writeEntry, type District } from './files/test-district';
import { createPublicSource } from './public/public-source';
import { call, startApp, type RunningApp } from './test-kit';

let srv: RunningApp;
let d: District;
let noticeId = '';
const today = new Date();
const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const PERIOD = `from=${day(-40)}&to=${day(40)}`;

beforeAll(async () => {
	srv = await startApp();
	d = await seedDistrict(srv);
	const { a } = d.stations;
	await writeEntry(srv, a.id, day(0), [{ type: 'solved', text: '已换灯泡' }], today.getTime() - 3_600_000, { content: '楼道灯坏了' });
	const cadre = d.people.cadreA;
	await srv.app.relay.change(docNames(a.id).board, (doc) => {
		const contact = { name: cadre.name, unit: '区民政局', position: '科长', phone: cadre.phone };
		noticeId = addNotice(doc, { title: '幸福社区驻点工作日公告', date: day(3), time: '14:00–17:30', place: '社区党群服务中心', onDuty: cadre.name, topics: '', contact }, cadre.name, Date.now());
		setPosted(doc, noticeId, true, cadre.name, Date.now());
	}, 'test');
});
afterAll(() => srv.stop());

const office = (method: string, path: string, body?: unknown) => call(srv.base, method, path, body, d.people.office.token);

describe('an office rename shows everywhere, without anyone opening the board', () => {
	it('renames the station and its cadre through the API', async () => {
		const west = d.streets.west.id;
		expect((await office('PATCH', `/api/admin/stations/${d.stations.a.id}`, { name: '幸福新村', streetId: west })).status).toBe(200);
		expect((await office('PATCH', `/api/admin/people/${d.people.cadreA.id}`, { name: '李新名', unit: '区住建局', position: '副局长' })).status).toBe(200);
		// The board's copy was not touched (and is not read): it still says the old name.
		expect(boardParts((await srv.app.relay.load(docNames(d.stations.a.id).board))).meta.get('name')).toBe('幸福社区');
	});

	it('the public page, the notice (poster) and its contact cards', async () => {
		const source = createPublicSource(srv.config.publicUrl, srv.app.directory, srv.app.relay);
		const page = (await source.station(d.stations.a.id))!;
		expect(page).toMatchObject({ name: '幸福新村', street: '西关街道' });
		expect(page.notices[0].contact).toMatchObject({ name: '李新名', unit: '区住建局', position: '副局长', phone: d.people.cadreA.phone });
		const notice = (await source.notice(d.stations.a.id, noticeId))!;
		expect(notice.station.name).toBe('幸福新村');
		expect(notice.notice.contact.name).toBe('李新名');
		expect(notice.notice.onDuty).toBe('李新名');
		// What the team typed stays as typed (the title), and who posted it stays in its history.
		expect(notice.notice.title).toBe('幸福社区驻点工作日公告');
	});

	it('the bulletin, the statistics and the ledger CSV', async () => {
		const bulletin = await office('POST', '/api/bulletins', { from: day(-40), to: day(40) });
		expect(bulletin.status).toBe(201);
		expect(bulletin.body.body).toContain('幸福新村');
		expect(bulletin.body.body).not.toContain('幸福社区');
		const stats = await office('GET', `/api/stats?scope=station:${d.stations.a.id}&${PERIOD}`);
		expect(stats.status).toBe(200);
		expect(stats.body.scope.name).toBe('幸福新村');
		expect(JSON.stringify(stats.body)).not.toContain('幸福社区');
		const scopes = await office('GET', '/api/stats/scopes');
		expect(scopes.body.stations.find((s: { id: string }) => s.id === d.stations.a.id)).toMatchObject({ name: '幸福新村', streetName: '西关街道' });
		const csv = await fetch(`${srv.base}/api/exports/ledger.csv?scope=station:${d.stations.a.id}&${PERIOD}`, { headers: { authorization: `Bearer ${d.people.office.token}` } });
		const text = await csv.text();
		expect(text).toContain('幸福新村');
		expect(text).not.toContain('幸福社区');
	});

	it("the app's station list (GET /api/me)", async () => {
		const me = await call(srv.base, 'GET', '/api/me', undefined, d.people.cadreA.token);
		expect(me.body.person.name).toBe('李新名');
		expect(me.body.stations.find((s: { id: string }) => s.id === d.stations.a.id)).toMatchObject({ name: '幸福新村', streetName: '西关街道' });
	});
});
