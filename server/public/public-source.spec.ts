// Public pages' data from the server's copy of a board, and residents' reports reaching the team live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendEvent, addEntry } from '../../src/lib/documents/board';
import { readInboxContact, setReporter } from '../../src/lib/documents/contacts';
import { addRecord } from '../../src/lib/documents/visit-log';
import { inboxOf } from '../../src/lib/documents/inbox';
import { addNotice, setPosted } from '../../src/lib/documents/notices';
import { publicSource } from '../../src/lib/server/bridge';
import { connectClient, waitFor } from '../relay/test-kit';
import { call, startApp, type RunningApp } from '../test-kit';
import { openDb } from '../db';
import { Directory } from '../accounts/directory';

let srv: RunningApp;
let stationId = '';
let token = '';

beforeAll(async () => {
	srv = await startApp({ YIXIAN_PUBLIC_URL: 'https://yixian.example.gov.cn' });
	const d = srv.app.directory;
	const cadre = await d.createPerson('t', { phone: '13900000001', name: '张干部', role: 'member', password: 'cadre-pass' });
	const office = await d.createPerson('t', { phone: '13900000000', name: '一线办', role: 'office', password: 'office-pass' });
	const officeToken = (await call(srv.base, 'POST', '/api/session', { phone: '13900000000', password: 'office-pass' })).body.access;
	const street = (await call(srv.base, 'POST', '/api/admin/streets', { name: '东关街道' }, officeToken)).body;
	stationId = (await call(srv.base, 'POST', '/api/admin/stations', { name: '幸福社区', streetId: street.id, kind: 'community' }, officeToken)).body.id;
	await d.assign('t', cadre.id, stationId, 'cadre');
	void office;
	token = (await call(srv.base, 'POST', '/api/session', { phone: '13900000001', password: 'cadre-pass' })).body.access;
});
afterAll(() => srv.stop());

const contact = { name: '张干部', unit: '区民政局', position: '科长', phone: '13900000001' };

describe('the public source', () => {
	it('sees a station another process (the admin CLI) just added, without waiting for the poll', async () => {
		const db = await openDb(srv.config.dbFile);
		const other = await Directory.open(db);
		const street = await other.createStreet('cli', '西关街道');
		const station = await other.createStation('cli', { name: '新建社区', streetId: street.id, kind: 'community' });
		await db.close();
		const source = publicSource()!;
		await source.fresh();
		expect((await source.station(station.id))?.name).toBe('新建社区');
	});

	it("shows a station's posted notice and its solved problems, and nothing for an unknown station", async () => {
		const team = connectClient(srv.ws, `board:${stationId}`, new Y.Doc(), { token });
		await team.synced();
		const id = addNotice(team.doc, { title: '驻点公告', date: '2026-12-10', time: '14:00', place: '党群服务中心', onDuty: '张干部', topics: '', contact }, '张干部', 1);
		const entry = addEntry(team.doc, { content: '王秀英家门口路灯坏了', place: '3号楼', category: 'infrastructure', receivedOn: '2026-11-01', visitId: '' }, '张干部', 2);
		await srv.app.relay.change(`contacts:${stationId}`, (d) => setReporter(d, entry, { name: '王秀英', phone: '13811112222' }), 'test');
		appendEvent(team.doc, entry, { type: 'solved', text: '已修好，已回复13811112222' }, '张干部', 3);
		const source = publicSource()!;
		expect(await source.notice(stationId, id)).toBeNull();
		setPosted(team.doc, id, true, '张干部', 4);
		await waitFor(async () => (await source.notice(stationId, id)) !== null, 3000, 'the posted notice');
		const page = (await source.station(stationId))!;
		expect(page.name).toBe('幸福社区');
		expect(page.solved.map((s) => [s.content, s.outcome])).toEqual([['某某家门口路灯坏了', '已修好，已回复***']]);
		expect(JSON.stringify(page)).not.toMatch(/王秀英|13811112222|3号楼/);
		expect(source.publicUrl).toBe('https://yixian.example.gov.cn');
		expect(await source.station('zzzzzzzzzzzz')).toBeNull();
		team.provider.destroy();
	});

	it('masks the names the visit log holds too: a household visited, a person paired with', async () => {
		const team = connectClient(srv.ws, `board:${stationId}`, new Y.Doc(), { token });
		await team.synced();
		await srv.app.relay.change(`visits:${stationId}`, (d) => {
			addRecord(d, 'visits', { visitor: '张干部', date: '2026-11-02', household: '刘奶奶', address: '5号楼', peopleMet: 1, notes: '' }, 5);
			addRecord(d, 'ties', { visitor: '张干部', name: '赵大爷', group: 'difficulty', contact: '13733334444', notes: '', since: '2026-01-01', ended: false }, 5);
		}, 'test');
		const entry = addEntry(team.doc, { content: '刘奶奶家水管老化漏水，赵大爷也反映过', place: '', category: 'infrastructure', receivedOn: '2026-11-02', visitId: '' }, '张干部', 6);
		appendEvent(team.doc, entry, { type: 'solved', text: '已更换水管，并告知刘奶奶家人' }, '张干部', 7);
		const source = publicSource()!;
		await waitFor(async () => ((await source.station(stationId))?.solved.length ?? 0) >= 2, 3000, 'the solved entry');
		const page = JSON.stringify(await source.station(stationId));
		expect(page).toContain('某某家水管老化漏水');
		expect(page).not.toMatch(/刘奶奶|赵大爷/);
		team.provider.destroy();
	});

	it("puts a resident's report in the team's inbox, live, and answers its reference", async () => {
		const team = connectClient(srv.ws, `board:${stationId}`, new Y.Doc(), { token });
		await team.synced();
		const source = publicSource()!;
		const outcome = await source.submitReport(stationId, { content: '楼道堆物', place: '', name: '赵大爷', phone: '13900002222' }, '10.0.0.1');
		expect(outcome.ok).toBe(true);
		const ref = outcome.ok ? outcome.ref : '';
		await waitFor(() => [...inboxOf(team.doc).values()].some((i) => i.ref === ref), 3000, 'the report in the inbox');
		const item = [...inboxOf(team.doc).values()].find((i) => i.ref === ref)!;
		expect(item).toMatchObject({ content: '楼道堆物', status: 'new' });
		// The contact is the team's: in contacts:<station>, not in the board a leader reads.
		expect(JSON.stringify(item)).not.toMatch(/赵大爷|13900002222/);
		expect(readInboxContact((await srv.app.relay.load(`contacts:${stationId}`)), item.id)).toEqual({ name: '赵大爷', phone: '13900002222' });
		expect(await source.report(stationId, ref, '127.0.0.1')).toMatchObject({ ref, state: 'received' });
		// stored, not only in memory
		const stored = await srv.app.db.query("SELECT sender FROM updates WHERE doc = ? AND sender LIKE 'public:%'", [`board:${stationId}`]);
		expect(stored).toEqual([{ sender: 'public:10.0.0.1' }]);
		team.provider.destroy();
	});

	it('refuses a bad report naming the field, and slows down one address', async () => {
		const source = publicSource()!;
		expect(await source.submitReport(stationId, { content: '', place: '', name: '', phone: 'x' }, '10.0.0.2')).toEqual({
			ok: false,
			error: 'invalid',
			fields: { content: 'required', phone: 'invalid' }
		});
		const results: boolean[] = [];
		for (let i = 0; i < 7; i++) results.push((await source.submitReport(stationId, { content: '反映', place: '', name: '', phone: '' }, '10.0.0.3')).ok);
		expect(results).toEqual([true, true, true, true, true, false, false]);
		expect(await source.submitReport('zzzzzzzzzzzz', { content: 'x', place: '', name: '', phone: '' }, '10.0.0.4')).toEqual({ ok: false, error: 'unknown-station' });
	});
});
