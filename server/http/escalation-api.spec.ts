// Escalation on the real server: the street leader's tier-3 list and notes, and the office's
// dispatch meeting whose decisions land in the entry's timeline on a connected client, live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, appendEvent, boardParts, initBoard, readEntry } from '../../src/lib/documents/board';
import type { EventDraft } from '../../src/lib/domain/ledger';
import { docNames } from '../../src/lib/domain/station';
import { connectClient, waitFor } from '../relay/test-kit';
import { SERVER_TIMELINE_MAX } from './entry-step';
import { call, startApp, type RunningApp } from '../test-kit';

let srv: RunningApp;
const tokens: Record<string, string> = {};
let stationA = '';
let stationB = '';
const entries: Record<string, string> = {};

const api = (who: string, method: string, path: string, body?: unknown) => call(srv.base, method, path, body, tokens[who]);

async function person(key: string, phone: string, name: string, role: 'office' | 'leader' | 'member') {
	const p = await srv.app.directory.createPerson('test', { phone, name, role, password: 'secret-pass' });
	tokens[key] = (await call(srv.base, 'POST', '/api/session', { phone, password: 'secret-pass' })).body.access;
	return p;
}

/** An entry on a station's board, escalated step by step as a team would. */
async function entryOn(stationId: string, content: string, steps: EventDraft[]): Promise<string> {
	let id = '';
	await srv.app.relay.change(docNames(stationId).board, (doc) => {
		id = addEntry(doc, { content, place: '', category: 'old-estate', receivedOn: '2025-03-01', visitId: '' }, '王干部', Date.UTC(2025, 2, 1));
		steps.forEach((s, i) => appendEvent(doc, id, s, '王干部', Date.UTC(2025, 2, 2 + i)));
	}, 'test');
	return id;
}

const tier3: EventDraft = { type: 'escalated', tier: 3, responsible: '街道城建科', deadline: '2025-03-20', text: '', departments: ['住建', '城管'] };
const tier4: EventDraft = { type: 'escalated', tier: 4, responsible: '一线办', deadline: '2025-04-30', text: '涉及跨区道路规划，街道协调无果' };

beforeAll(async () => {
	srv = await startApp();
	const d = srv.app.directory;
	await person('office', '13900000001', '一线办', 'office');
	const leaderA = await person('leaderA', '13900000002', '赵区长', 'leader');
	const leaderB = await person('leaderB', '13900000003', '钱区长', 'leader');
	const cadre = await person('cadre', '13900000004', '王干部', 'member');
	const streetA = await d.createStreet('test', '南门街道');
	const streetB = await d.createStreet('test', '北门街道');
	stationA = (await d.createStation('test', { name: '团结社区', streetId: streetA.id, kind: 'community' })).id;
	stationB = (await d.createStation('test', { name: '和平社区', streetId: streetB.id, kind: 'community' })).id;
	for (const id of [stationA, stationB]) {
		await srv.app.relay.change(docNames(id).board, (doc) => initBoard(doc, { name: id === stationA ? '团结社区' : '和平社区', street: '', kind: 'community' }, 0), 'test');
	}
	await d.setLeader('test', leaderA.id, streetA.id, true);
	await d.setLeader('test', leaderB.id, streetB.id, true);
	await d.assign('test', cadre.id, stationA, 'cadre');
	entries.a3 = await entryOn(stationA, '加装电梯协调', [tier3]);
	entries.b3 = await entryOn(stationB, '积水点改造', [tier3]);
	entries.a4 = await entryOn(stationA, '断头路打通', [tier3, tier4]);
	entries.b4 = await entryOn(stationB, '菜市场搬迁', [tier4]);
	entries.a2 = await entryOn(stationA, '路灯', [{ type: 'escalated', tier: 2, responsible: '社区', deadline: '2025-03-20', text: '' }]);
});
afterAll(() => srv.stop());

describe("the street leader's list", () => {
	it('lists only open tier-3 entries of the streets the leader leads, with departments, and no resident data', async () => {
		const res = await api('leaderA', 'GET', '/api/coordination');
		expect(res.status).toBe(200);
		expect(res.body.entries.map((e: { entryId: string }) => e.entryId)).toEqual([entries.a3]);
		expect(res.body.entries[0]).toMatchObject({ stationName: '团结社区', departments: ['住建', '城管'], responsible: '街道城建科', deadline: '2025-03-20', tier: 3 });
		expect(typeof res.body.entries[0].overdue).toBe('boolean');
		expect(JSON.stringify(res.body)).not.toMatch(/王阿姨|13800000000/);
	});

	it('shows the office every street, and refuses a team member', async () => {
		const office = await api('office', 'GET', '/api/coordination');
		expect(office.body.entries.map((e: { entryId: string }) => e.entryId).sort()).toEqual([entries.a3, entries.b3].sort());
		expect((await api('cadre', 'GET', '/api/coordination')).status).toBe(403);
		expect((await call(srv.base, 'GET', '/api/coordination')).status).toBe(401);
	});

	it("lets the leader add a coordination note in their own street's tier-3 entry, with their name", async () => {
		const res = await api('leaderA', 'POST', `/api/coordination/${stationA}/entries/${entries.a3}/notes`, { text: '已召集住建、城管会诊' });
		expect(res.status).toBe(201);
		const entry = readEntry(boardParts((await srv.app.relay.load(docNames(stationA).board))).entries.get(entries.a3)!);
		expect(entry.timeline.at(-1)).toMatchObject({ type: 'note', text: '已召集住建、城管会诊', by: '赵区长' });
	});

	it('stops a leader’s notes short of the bound on a timeline: the team keeps room for its own steps', async () => {
		// created, escalated, then notes up to one below the server's share of the bound.
		const notes = Array.from({ length: SERVER_TIMELINE_MAX - 3 }, (): EventDraft => ({ type: 'note', text: '跟进' }));
		const id = await entryOn(stationA, '老旧小区加装电梯', [tier3, ...notes]);
		const note = () => api('leaderA', 'POST', `/api/coordination/${stationA}/entries/${id}/notes`, { text: '再次协调' });
		expect((await note()).status).toBe(201);
		expect(await note()).toMatchObject({ status: 409, body: { error: 'timeline-full' } });
		const board = async () => boardParts(await srv.app.relay.load(docNames(stationA).board)).entries.get(id)!;
		expect(readEntry(await board()).timeline).toHaveLength(SERVER_TIMELINE_MAX);
		// The cadre's own step still passes the relay's rules.
		const client = connectClient(srv.ws, docNames(stationA).board, new Y.Doc(), { token: tokens.cadre });
		await client.synced();
		appendEvent(client.doc, id, { type: 'solved', text: '电梯已开工' }, '王干部', Date.UTC(2025, 5, 1));
		await waitFor(async () => readEntry(await board()).status === 'solved', 5000, 'the solve on the server');
		client.provider.destroy();
	});

	it("refuses a note on another street's entry, on a non-tier-3 entry, from the office, and an empty note", async () => {
		expect((await api('leaderA', 'POST', `/api/coordination/${stationB}/entries/${entries.b3}/notes`, { text: 'x' })).status).toBe(403);
		expect((await api('leaderA', 'POST', `/api/coordination/${stationA}/entries/${entries.a2}/notes`, { text: 'x' })).body).toEqual({ error: 'not-coordinated' });
		expect((await api('office', 'POST', `/api/coordination/${stationA}/entries/${entries.a3}/notes`, { text: 'x' })).status).toBe(403);
		const empty = await api('leaderA', 'POST', `/api/coordination/${stationA}/entries/${entries.a3}/notes`, { text: ' ' });
		expect(empty).toMatchObject({ status: 400, body: { fields: { text: 'required' } } });
	});
});

describe('the dispatch meeting', () => {
	let meetingId = '';

	it('refuses everyone but the office', async () => {
		for (const who of ['leaderA', 'cadre']) {
			expect((await api(who, 'GET', '/api/dispatch')).status).toBe(403);
			expect((await api(who, 'POST', '/api/dispatch/meetings', {})).status).toBe(403);
		}
		expect((await call(srv.base, 'GET', '/api/dispatch')).status).toBe(401);
	});

	it("builds the agenda from every station's open tier-4 entries, with a snapshot of each", async () => {
		const overview = await api('office', 'GET', '/api/dispatch');
		expect(overview.body).toMatchObject({ meetings: [], pending: 2 });
		expect(overview.body.nextDate).toMatch(/^\d{4}-\d{2}-25$/);
		const opened = await api('office', 'POST', '/api/dispatch/meetings', { date: '2025-03-25' });
		expect(opened).toMatchObject({ status: 201, body: { date: '2025-03-25', status: 'open' } });
		meetingId = opened.body.id;
		expect((await api('office', 'POST', '/api/dispatch/meetings', {})).body).toEqual({ error: 'meeting-open' });
		const { body } = await api('office', 'GET', `/api/dispatch/meetings/${meetingId}`);
		expect(body.items.map((i: { entryId: string }) => i.entryId).sort()).toEqual([entries.a4, entries.b4].sort());
		const a4 = body.items.find((i: { entryId: string }) => i.entryId === entries.a4);
		// Why it came up to the meeting: the note of its escalation to tier 4.
		expect(a4.snapshot).toMatchObject({ stationName: '团结社区', content: '断头路打通', tier: 4, departments: ['住建', '城管'], responsible: '一线办', escalationNote: '涉及跨区道路规划，街道协调无果' });
		expect(JSON.stringify(body)).not.toMatch(/王阿姨|13800000000/);
	});

	it('adds an entry escalated to tier 4 after the meeting was opened', async () => {
		entries.late = await entryOn(stationB, '学校周边交通', [tier4]);
		const { body } = await api('office', 'GET', `/api/dispatch/meetings/${meetingId}`);
		expect(body.items.map((i: { entryId: string }) => i.entryId)).toContain(entries.late);
	});

	it("writes the decision into the entry's timeline, seen live by a connected team member", async () => {
		const client = connectClient(srv.ws, docNames(stationA).board, new Y.Doc(), { token: tokens.cadre });
		await client.synced();
		const { body } = await api('office', 'GET', `/api/dispatch/meetings/${meetingId}`);
		const item = body.items.find((i: { entryId: string }) => i.entryId === entries.a4);
		const res = await api('office', 'PUT', `/api/dispatch/meetings/${meetingId}/items/${item.id}`, { decision: '区交通局牵头，6月底前打通', department: '区交通局' });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ decision: '区交通局牵头，6月底前打通', department: '区交通局', decidedBy: '一线办', current: { responsible: '区交通局' } });
		const onPhone = () => readEntry(boardParts(client.doc).entries.get(entries.a4)!);
		await waitFor(() => onPhone().decision !== null, 5000, 'the decision on the phone');
		expect(onPhone().decision).toMatchObject({ decision: '区交通局牵头，6月底前打通', department: '区交通局', meetingDate: '2025-03-25' });
		expect(onPhone().responsible).toBe('区交通局');
		expect(onPhone().timeline.at(-1)).toMatchObject({ type: 'decided', by: '一线办' });
		client.provider.destroy();
	});

	it('names a missing field and changes nothing', async () => {
		const { body } = await api('office', 'GET', `/api/dispatch/meetings/${meetingId}`);
		const item = body.items.find((i: { entryId: string }) => i.entryId === entries.b4);
		const res = await api('office', 'PUT', `/api/dispatch/meetings/${meetingId}/items/${item.id}`, { decision: '', department: '' });
		expect(res).toMatchObject({ status: 400, body: { fields: { decision: 'required', department: 'required' } } });
		const entry = readEntry(boardParts((await srv.app.relay.load(docNames(stationB).board))).entries.get(entries.b4)!);
		expect(entry.decision).toBeNull();
	});

	it('closes the meeting with its minutes, exports them, and refuses decisions afterwards', async () => {
		const closed = await api('office', 'POST', `/api/dispatch/meetings/${meetingId}/close`, { minutes: '会议由一线办主持。' });
		expect(closed.body).toMatchObject({ status: 'closed', minutes: '会议由一线办主持。', closedBy: '一线办' });
		const { body } = await api('office', 'GET', `/api/dispatch/meetings/${meetingId}`);
		const res = await api('office', 'PUT', `/api/dispatch/meetings/${meetingId}/items/${body.items[0].id}`, { decision: 'x', department: 'y' });
		expect(res.body).toEqual({ error: 'meeting-closed' });
		const csv = await fetch(`${srv.base}/api/dispatch/meetings/${meetingId}/minutes.csv`, { headers: { authorization: `Bearer ${tokens.office}` } });
		expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
		const text = await csv.text();
		expect(text).toContain('区交通局牵头，6月底前打通');
		expect(text).toContain('会议由一线办主持。');
		expect(text).not.toMatch(/王阿姨|13800000000/);
		expect((await api('leaderA', 'GET', `/api/dispatch/meetings/${meetingId}/minutes.csv`)).status).toBe(403);
	});

	it('puts only undecided entries on the next agenda, and one sent back to work after its decision', async () => {
		expect((await api('office', 'GET', '/api/dispatch')).body).toMatchObject({ pending: 2 });
		const next = await api('office', 'POST', '/api/dispatch/meetings', { date: '2025-04-25' });
		const listed = async () => ((await api('office', 'GET', `/api/dispatch/meetings/${next.body.id}`)).body.items as { entryId: string }[]).map((i) => i.entryId).sort();
		expect(await listed()).toEqual([entries.b4, entries.late].sort());
		// Solved as decided, and the resident not satisfied (重办): the meeting takes it up again.
		await srv.app.relay.change(docNames(stationA).board, (doc) => {
			appendEvent(doc, entries.a4, { type: 'solved', text: '已打通' }, '王干部', Date.now() + 1000);
			appendEvent(doc, entries.a4, { type: 'feedback', text: '只修了一半', satisfaction: 'dissatisfied' }, '王干部', Date.now() + 2000);
		}, 'test');
		expect(await listed()).toEqual([entries.a4, entries.b4, entries.late].sort());
		await api('office', 'POST', `/api/dispatch/meetings/${next.body.id}/close`, {});
	});

	it('audits every step', async () => {
		const actions = ((await srv.app.db.query("SELECT action FROM audit WHERE action LIKE 'dispatch.%' OR action LIKE 'coordination.%'")) as { action: string }[]).map((r) => r.action);
		expect(actions).toEqual(expect.arrayContaining(['coordination.note', 'dispatch.open', 'dispatch.agenda.add', 'dispatch.decide', 'dispatch.close']));
	});
});
