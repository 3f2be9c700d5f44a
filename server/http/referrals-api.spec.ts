// Referring a dispatch-meeting entry on to 区委常委会 / 区政府常务会 (issue 9, item 4) on the real
// server, its clock set to the 25th (YIXIAN_TEST_NOW): the referral and later its outcome land in
// the entry's timeline on a team member's phone (the stock y-websocket client), the office's list
// shows open referrals with their age in days by the server's clock, and statistics count them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, appendEvent, boardParts, initBoard, readEntry } from '../../src/lib/documents/board';
import type { EventDraft } from '../../src/lib/domain/ledger';
import { docNames } from '../../src/lib/domain/station';
import { toIsoDate } from '../../src/lib/domain/dates';
import { shiftedClock } from '../clock';
import { connectClient, waitFor } from '../relay/test-kit';
import { call, startApp, type RunningApp } from '../test-kit';

const START = '2026-06-25T02:00:00.000Z'; // the 25th, 10:00 in Shanghai
const DAY = 86_400_000;
let srv: RunningApp;
let clockOffset = 0;
const tokens: Record<string, string> = {};
let station = '';
const entries: Record<string, string> = {};
let meetingId = '';

const api = (who: string, method: string, path: string, body?: unknown) => call(srv.base, method, path, body, tokens[who]);

async function person(key: string, phone: string, name: string, role: 'office' | 'leader' | 'member') {
	const p = await srv.app.directory.createPerson('test', { phone, name, role, password: 'secret-pass' });
	tokens[key] = (await call(srv.base, 'POST', '/api/session', { phone, password: 'secret-pass' })).body.access;
	return p;
}

async function entryOn(content: string, steps: EventDraft[]): Promise<string> {
	let id = '';
	await srv.app.relay.change(docNames(station).board, (doc) => {
		id = addEntry(doc, { content, place: '', category: 'transport', receivedOn: '2026-05-02', visitId: '' }, '王干部', Date.UTC(2026, 4, 2));
		steps.forEach((s, i) => appendEvent(doc, id, s, '王干部', Date.UTC(2026, 4, 3 + i)));
	}, 'test');
	return id;
}
const tier4: EventDraft = { type: 'escalated', tier: 4, responsible: '一线办', deadline: '2026-07-31', text: '涉及规划调整，区级层面才能决定' };

beforeAll(async () => {
	// The server's clock starts on the 25th (as YIXIAN_TEST_NOW does); days pass when the test moves it, never by waiting.
	const base = shiftedClock(Date.parse(START));
	srv = await startApp({}, { clock: { now: () => base.now() + clockOffset, today: () => toIsoDate(base.now() + clockOffset) } });
	const d = srv.app.directory;
	await person('office', '13900000001', '一线办', 'office');
	const cadre = await person('cadre', '13900000004', '王干部', 'member');
	const street = await d.createStreet('test', '南门街道');
	station = (await d.createStation('test', { name: '团结社区', streetId: street.id, kind: 'community' })).id;
	await srv.app.relay.change(docNames(station).board, (doc) => initBoard(doc, { name: '团结社区', street: '', kind: 'community' }, 0), 'test');
	await d.assign('test', cadre.id, station, 'cadre');
	entries.road = await entryOn('断头路打通', [tier4]);
	entries.market = await entryOn('菜市场搬迁', [tier4]);
	entries.light = await entryOn('路灯', [{ type: 'escalated', tier: 2, responsible: '社区', deadline: '2026-07-20', text: '' }]);
	meetingId = (await api('office', 'POST', '/api/dispatch/meetings', {})).body.id;
});
afterAll(() => srv.stop());

const itemOf = async (entryId: string) => (await api('office', 'GET', `/api/dispatch/meetings/${meetingId}`)).body.items.find((i: { entryId: string }) => i.entryId === entryId);

describe('referring an entry on from the dispatch meeting', () => {
	it('writes the referral into the entry\'s timeline, seen live by a team member\'s phone', async () => {
		const phone = connectClient(srv.ws, docNames(station).board, new Y.Doc(), { token: tokens.cadre });
		await phone.synced();
		const item = await itemOf(entries.road);
		const res = await api('office', 'POST', `/api/dispatch/meetings/${meetingId}/items/${item.id}/referral`, { body: 'standing-committee', note: '需区委常委会研究规划调整' });
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ body: 'standing-committee', referredOn: '2026-06-25', referredBy: '一线办', open: true, ageDays: 0, content: '断头路打通', stationName: '团结社区' });
		const onPhone = () => readEntry(boardParts(phone.doc).entries.get(entries.road)!);
		await waitFor(() => onPhone().referral !== null, 5000, 'the referral on the phone');
		expect(onPhone().referral).toMatchObject({ body: 'standing-committee', note: '需区委常委会研究规划调整', meetingDate: '2026-06-25', on: '2026-06-25', by: '一线办', outcome: null });
		expect(onPhone().timeline.at(-1)).toMatchObject({ type: 'referred', by: '一线办' });
		expect(onPhone().status).toBe('open');
		// The meeting's agenda shows it.
		expect((await itemOf(entries.road)).referral).toMatchObject({ body: 'standing-committee', referredOn: '2026-06-25', settledOn: '' });
		phone.provider.destroy();
	});

	it('refuses a second referral while one is open, an unknown body, and anyone but the office', async () => {
		const item = await itemOf(entries.road);
		expect((await api('office', 'POST', `/api/dispatch/meetings/${meetingId}/items/${item.id}/referral`, { body: 'executive-meeting' })).body).toEqual({ error: 'already-referred' });
		const market = await itemOf(entries.market);
		const bad = await api('office', 'POST', `/api/dispatch/meetings/${meetingId}/items/${market.id}/referral`, { body: 'politburo' });
		expect(bad).toMatchObject({ status: 400, body: { error: 'invalid-input', fields: { body: expect.any(String) } } });
		expect((await api('cadre', 'POST', `/api/dispatch/meetings/${meetingId}/items/${market.id}/referral`, { body: 'executive-meeting' })).status).toBe(403);
		expect((await api('cadre', 'GET', '/api/dispatch/referrals')).status).toBe(403);
		const entry = readEntry(boardParts((await srv.app.relay.load(docNames(station).board))).entries.get(entries.market)!);
		expect(entry.referral).toBeNull();
	});

	it('lists open referrals with their age in days by the server\'s clock', async () => {
		const market = await itemOf(entries.market);
		expect((await api('office', 'POST', `/api/dispatch/meetings/${meetingId}/items/${market.id}/referral`, { body: 'executive-meeting', note: '资金需区政府统筹' })).status).toBe(201);
		clockOffset = 12 * DAY; // 2026-07-07
		const list = await api('office', 'GET', '/api/dispatch/referrals');
		expect(list.body.today).toBe('2026-07-07');
		expect(list.body.open.map((r: { entryId: string; ageDays: number; body: string }) => [r.entryId, r.body, r.ageDays])).toEqual([
			[entries.road, 'standing-committee', 12],
			[entries.market, 'executive-meeting', 12]
		]);
		expect(list.body.settled).toEqual([]);
	});

	it('records the outcome in the timeline; the referral leaves the open list; statistics count referred and settled', async () => {
		const { body } = await api('office', 'GET', '/api/dispatch/referrals');
		const road = body.open.find((r: { entryId: string }) => r.entryId === entries.road);
		const missing = await api('office', 'POST', `/api/dispatch/referrals/${road.id}/outcome`, { outcome: '' });
		expect(missing).toMatchObject({ status: 400, body: { fields: { outcome: 'required' } } });
		const res = await api('office', 'POST', `/api/dispatch/referrals/${road.id}/outcome`, { outcome: '常委会研究同意调整规划，由区住建局实施', department: '区住建局' });
		expect(res.body).toMatchObject({ open: false, settledOn: '2026-07-07', ageDays: 12, department: '区住建局', current: { responsible: '区住建局', status: 'open' } });
		expect((await api('office', 'POST', `/api/dispatch/referrals/${road.id}/outcome`, { outcome: '再次' })).body).toEqual({ error: 'already-settled' });
		const entry = readEntry(boardParts((await srv.app.relay.load(docNames(station).board))).entries.get(entries.road)!);
		expect(entry.referral?.outcome).toMatchObject({ text: '常委会研究同意调整规划，由区住建局实施', department: '区住建局', on: '2026-07-07', by: '一线办' });
		expect(entry.timeline.at(-1)).toMatchObject({ type: 'referral-settled' });

		clockOffset = 20 * DAY; // 2026-07-15: the open one has aged, the settled one keeps its age
		const list = await api('office', 'GET', '/api/dispatch/referrals');
		expect(list.body.open.map((r: { entryId: string; ageDays: number }) => [r.entryId, r.ageDays])).toEqual([[entries.market, 20]]);
		expect(list.body.settled.map((r: { entryId: string; ageDays: number }) => [r.entryId, r.ageDays])).toEqual([[entries.road, 12]]);

		const stats = await api('office', 'GET', '/api/stats?scope=district&from=2026-06-01&to=2026-06-30');
		expect(stats.body.ledger).toMatchObject({ referred: 2, referralsSettled: 1 });
		expect((await api('office', 'GET', '/api/stats?scope=district&from=2026-07-01&to=2026-07-31')).body.ledger).toMatchObject({ referred: 0, referralsSettled: 0 });
		const audit = (await srv.app.db.query<{ action: string }>("SELECT action FROM audit WHERE action LIKE 'dispatch.refer%' ORDER BY id")).map((r) => r.action);
		expect(audit).toEqual(['dispatch.refer', 'dispatch.refer', 'dispatch.referral-outcome']);
	});

	it('refuses a referral once the meeting is closed', async () => {
		await api('office', 'POST', `/api/dispatch/meetings/${meetingId}/close`, {});
		const item = await itemOf(entries.market);
		expect((await api('office', 'POST', `/api/dispatch/meetings/${meetingId}/items/${item.id}/referral`, { body: 'standing-committee' })).body).toEqual({ error: 'meeting-closed' });
	});
});

describe('the office\'s step is judged against the entry as it is when written', () => {
	/** The office's next write to the board is preceded by the cadre solving `entryId`: after any check the route made. */
	function solvedJustBeforeTheWrite(entryId: string) {
		const relay = srv.app.relay;
		const change = relay.change;
		relay.change = async (docName, edit, sender, options) => {
			relay.change = change;
			await change(docNames(station).board, (doc) => appendEvent(doc, entryId, { type: 'solved', text: '居民自行协商解决' }, '王干部', Date.now()), 'test');
			return change(docName, edit, sender, options);
		};
	}
	const timelineOf = async (entryId: string) => readEntry(boardParts(await srv.app.relay.load(docNames(station).board)).entries.get(entryId)!).timeline.map((e) => e.type);

	it('refuses a decision or a referral on an entry the cadre solved between the route\'s check and its write', async () => {
		const open = await api('office', 'POST', '/api/dispatch/meetings', { date: '2026-07-25' });
		expect(open.status).toBe(201);
		const meeting = open.body.id;
		const decided = await entryOn('小区停车难', [tier4]);
		const referred = await entryOn('学校扩建', [tier4]);
		const items = (await api('office', 'GET', `/api/dispatch/meetings/${meeting}`)).body.items as { id: string; entryId: string }[];
		const itemFor = (entryId: string) => items.find((i) => i.entryId === entryId)!.id;

		solvedJustBeforeTheWrite(decided);
		const decision = await api('office', 'PUT', `/api/dispatch/meetings/${meeting}/items/${itemFor(decided)}`, { decision: '由区交通局牵头解决', department: '区交通局' });
		expect(decision).toMatchObject({ status: 409, body: { error: 'entry-not-open' } });
		expect(await timelineOf(decided)).toEqual(['created', 'escalated', 'solved']);

		solvedJustBeforeTheWrite(referred);
		const referral = await api('office', 'POST', `/api/dispatch/meetings/${meeting}/items/${itemFor(referred)}/referral`, { body: 'standing-committee' });
		expect(referral).toMatchObject({ status: 409, body: { error: 'entry-not-open' } });
		expect(await timelineOf(referred)).toEqual(['created', 'escalated', 'solved']);
		expect((await api('office', 'GET', '/api/dispatch/referrals')).body.open.map((r: { entryId: string }) => r.entryId)).not.toContain(referred);
	});
});
