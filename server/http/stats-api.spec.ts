// Statistics, the ledger export and bulletins against the real server, on hand-made data whose
// right answers are written here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDistrict, writeEntry, type District } from '../files/test-district';
import { call, startApp, type RunningApp } from '../test-kit';

let srv: RunningApp;
let d: District;
const as = (token: string) => (method: string, path: string, body?: unknown) => call(srv.base, method, path, body, token);
const at = (day: string) => new Date(`${day}T09:00:00`).getTime();
const PERIOD = 'from=2026-03-01&to=2026-04-30';

beforeAll(async () => {
	srv = await startApp();
	d = await seedDistrict(srv);
	const { a, c } = d.stations;
	await writeEntry(srv, a.id, '2026-03-02', [{ type: 'note', text: '已查看' }, { type: 'solved', text: '已修复' }], at('2026-03-02'), { reporterName: '陈阿姨', reporterPhone: '13712345678' });
	await writeEntry(srv, a.id, '2026-03-10', [{ type: 'escalated', tier: 2, responsible: '王科长', deadline: '2026-03-20', text: '' }], at('2026-03-10'), { content: '=HYPERLINK("x")' });
	await writeEntry(srv, a.id, '2026-04-01', [{ type: 'closed', reason: 'duplicate', text: '重复' }], at('2026-04-01'));
	await writeEntry(srv, a.id, '2025-12-01', [], at('2025-12-01'));
	await writeEntry(srv, c.id, '2026-03-15', [{ type: 'solved', text: '已清理' }, { type: 'feedback', text: '满意', satisfaction: 'satisfied' }], at('2026-03-15'), { content: '垃圾清运不及时' });
});
afterAll(() => srv.stop());

describe('statistics', () => {
	it('sums the district from its stations and recomputes the rates', async () => {
		const res = await as(d.people.office.token)('GET', `/api/stats?scope=district&${PERIOD}`);
		expect(res.status).toBe(200);
		expect(res.body.ledger).toMatchObject({ collected: 4, solved: 2, closed: 1, open: 1, overdue: 1, responded: 4, satisfied: 1, feedbackAnswered: 1 });
		expect(res.body.ledger.byTier).toEqual({ 1: 3, 2: 1, 3: 0, 4: 0 });
		expect(res.body.rates).toMatchObject({ resolution: 0.5, satisfaction: 1, response: 1 });
		// Solved the same day (0 days) and closed the same day (0 days): tier 1 averages 0.
		expect(res.body.averageDays).toEqual({ 1: 0, 2: null, 3: null, 4: null });
		expect(res.body.stations.map((s: { name: string; collected: number }) => [s.name, s.collected])).toEqual(
			expect.arrayContaining([['幸福社区', 3], ['和平社区', 0], ['建设社区', 1]])
		);
	});

	it('gives a street leader their streets and stations, and nothing else', async () => {
		const leader = as(d.people.leader.token);
		expect((await leader('GET', `/api/stats?scope=district&${PERIOD}`)).status).toBe(403);
		expect((await leader('GET', `/api/stats?scope=street:${d.streets.west.id}&${PERIOD}`)).status).toBe(403);
		const east = await leader('GET', `/api/stats?scope=street:${d.streets.east.id}&${PERIOD}`);
		expect(east.body.ledger).toMatchObject({ collected: 3, solved: 1, overdue: 1 });
		expect(east.body.scope).toEqual({ kind: 'street', id: d.streets.east.id, name: '东关街道' });
		expect((await leader('GET', `/api/stats?scope=station:${d.stations.a.id}&${PERIOD}`)).status).toBe(200);
	});

	it('gives a team member their station only', async () => {
		const member = as(d.people.assistantA.token);
		expect((await member('GET', `/api/stats?scope=station:${d.stations.a.id}&${PERIOD}`)).body.ledger.collected).toBe(3);
		expect((await member('GET', `/api/stats?scope=station:${d.stations.c.id}&${PERIOD}`)).status).toBe(403);
		expect((await member('GET', `/api/stats?scope=street:${d.streets.east.id}&${PERIOD}`)).status).toBe(403);
		const scopes = await member('GET', '/api/stats/scopes');
		expect(scopes.body).toMatchObject({ district: false, streets: [], stations: [{ id: d.stations.a.id }] });
	});

	it('names a bad period or scope', async () => {
		const office = as(d.people.office.token);
		expect((await office('GET', '/api/stats?scope=district&from=2026-05-01&to=2026-04-01')).body).toEqual({ error: 'invalid-input', fields: { to: 'before-from' } });
		expect((await office('GET', '/api/stats?from=2026-05-01')).body.fields).toEqual({ scope: 'required' });
		expect((await office('GET', '/api/stats?scope=street:zzzzzzzzzz&' + PERIOD)).status).toBe(404);
	});

	it('sees a new entry at once: the cache follows the stored state', async () => {
		const office = as(d.people.office.token);
		await office('GET', `/api/stats?scope=district&${PERIOD}`);
		await writeEntry(srv, d.stations.b.id, '2026-04-02', [], at('2026-04-02'));
		expect((await office('GET', `/api/stats?scope=district&${PERIOD}`)).body.ledger.collected).toBe(5);
	});
});

describe('the ledger as CSV', () => {
	const csv = async (token: string, query: string) => {
		const res = await fetch(`${srv.base}/api/exports/ledger.csv?${query}`, { headers: { authorization: `Bearer ${token}` } });
		return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
	};
	const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

	it('starts with a BOM and the documented header, and shows reporters to the station team', async () => {
		const res = await csv(d.people.assistantA.token, `scope=station:${d.stations.a.id}`);
		expect(res.status).toBe(200);
		expect(res.type).toBe('text/csv; charset=utf-8');
		expect([...res.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = text(res.bytes).slice(1).split('\r\n');
		expect(lines[0]).toBe('街道,驻点,编号,受理日期,类别,问题内容,地点,办理层级,状态,是否逾期,责任人,办结时限,办结日期,办理结果,关闭原因,反馈情况,群众满意度,重办次数,反映人,联系电话');
		expect(lines).toHaveLength(4 + 2);
		expect(lines[1]).toMatch(/^东关街道,幸福社区,\w{6},2025-12-01,基础设施,/);
		expect(lines.find((l) => l.includes('陈阿姨'))).toContain('13712345678');
		// A formula is defused, and quoted because it holds quotes.
		expect(lines.find((l) => l.includes('HYPERLINK'))).toContain(`"'=HYPERLINK(""x"")"`);
	});

	it("leaves reporters out for a street leader, and filters by the period", async () => {
		const res = await csv(d.people.leader.token, `scope=street:${d.streets.east.id}&${PERIOD}`);
		const body = text(res.bytes);
		expect(body).not.toContain('陈阿姨');
		expect(body).not.toContain('13712345678');
		expect(body).not.toContain('2025-12-01');
		expect(body.split('\r\n').filter(Boolean)).toHaveLength(1 + 4);
		expect((await csv(d.people.leader.token, 'scope=district')).status).toBe(403);
		expect((await csv('', 'scope=district')).status).toBe(401);
	});
});

describe('bulletins', () => {
	it('are generated by the office from the figures, edited and kept', async () => {
		const office = as(d.people.office.token);
		expect((await as(d.people.leader.token)('POST', '/api/bulletins', { from: '2026-03-01', to: '2026-04-30' })).status).toBe(403);
		const made = await office('POST', '/api/bulletins', { from: '2026-03-01', to: '2026-03-31' });
		expect(made.status).toBe(201);
		expect(made.body.title).toBe('一线工作简报（2026-03-01 至 2026-03-31）');
		expect(made.body.body).toContain('共收集群众反映问题 3 件，已解决 2 件（解决率 66.7%）');
		expect(made.body.body).toContain('【现场办结】建设社区：垃圾清运不及时。办理结果：已清理');
		expect(made.body.body).not.toContain('陈阿姨');
		const edited = await office('PUT', `/api/bulletins/${made.body.id}`, { title: '第1期', body: '改过的正文' });
		expect(edited.body).toMatchObject({ title: '第1期', body: '改过的正文' });
		expect((await office('GET', '/api/bulletins')).body.bulletins).toEqual([expect.objectContaining({ id: made.body.id, title: '第1期' })]);
		expect((await office('PUT', `/api/bulletins/${made.body.id}`, { title: '', body: '' })).body.fields).toEqual({ title: 'required' });
		expect((await office('DELETE', `/api/bulletins/${made.body.id}`)).status).toBe(204);
		expect((await office('GET', `/api/bulletins/${made.body.id}`)).status).toBe(404);
	});
});
