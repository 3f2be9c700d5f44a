// Issue 8 item 4: everything the server derives from documents skips a record it cannot read and
// answers normally. Malformed records are written straight into the server's copies (the relay's
// own write path, which no rule checks: as if stored before the rules existed), next to good ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardParts } from '../src/lib/documents/board';
import { inboxOf } from '../src/lib/documents/inbox';
import { noticesOf } from '../src/lib/documents/notices';
import { visitLogParts } from '../src/lib/documents/visit-log';
import { docNames } from '../src/lib/domain/station';
import { seedDistrict, writeEntry, writeVisits, type District } from './files/test-district';
import { createPublicSource } from './public/public-source';
import { call, startApp, type RunningApp } from './test-kit';

let srv: RunningApp;
let d: District;
const today = new Date();
const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const month = day(0).slice(0, 7);
const PERIOD = `from=${day(-40)}&to=${day(40)}`;

function brokenEntry(fill: (m: Y.Map<unknown>) => void): Y.Map<unknown> {
	const m = new Y.Map<unknown>();
	fill(m);
	return m;
}

beforeAll(async () => {
	srv = await startApp();
	d = await seedDistrict(srv);
	const { a, c } = d.stations;
	const at = today.getTime() - 3_600_000;
	// Good records, so that every view has something to show next to the bad ones.
	await writeEntry(srv, a.id, day(0), [{ type: 'escalated', tier: 3, responsible: '王科长', deadline: day(5), text: '', departments: ['城管'] }], at);
	await writeEntry(srv, a.id, day(0), [{ type: 'escalated', tier: 4, responsible: '区政府', deadline: day(5), text: '' }], at);
	await writeEntry(srv, a.id, day(0), [{ type: 'solved', text: '已修好' }], at);
	await writeEntry(srv, c.id, day(0), [{ type: 'escalated', tier: 4, responsible: '区政府', deadline: day(5), text: '' }], at);
	await writeVisits(srv, a.id, '李驻点', day(0), 3);
	await srv.app.relay.change(docNames(a.id).board, (doc) => {
		const { entries, ideas, meta } = boardParts(doc);
		const anyEntries = entries as Y.Map<unknown>;
		anyEntries.set('bad0000001', 'not a record');
		anyEntries.set('bad0000002', 42);
		anyEntries.set('bad0000003', brokenEntry((m) => (m.set('id', 'bad0000003'), m.set('content', 7), m.set('timeline', 'x'))));
		anyEntries.set('bad0000004', brokenEntry((m) => {
			m.set('id', 'bad0000004');
			m.set('receivedOn', { not: 'a day' });
			const timeline = new Y.Array<unknown>();
			timeline.push([null, 5, 'text', { type: 'escalated', tier: 'high', at: 'soon' }, { id: 'e', type: 'solved', at: at, by: null }]);
			m.set('timeline', timeline);
		}));
		anyEntries.set('bad0000005', brokenEntry((m) => m.set('timeline', new Y.Array())));
		(ideas as Y.Map<unknown>).set('badidea001', 'not an idea');
		(ideas as Y.Map<unknown>).set('badidea002', brokenEntry((m) => (m.set('history', 3), m.set('title', 9))));
		(noticesOf(doc) as Y.Map<unknown>).set('badnotice1', 12);
		(noticesOf(doc) as Y.Map<unknown>).set('badnotice2', brokenEntry((m) => (m.set('status', 'posted'), m.set('date', 5), m.set('contact', 'x'))));
		(inboxOf(doc) as Y.Map<unknown>).set('badinbox01', null);
		(inboxOf(doc) as Y.Map<unknown>).set('badinbox02', { ref: 5, status: 'accepted', entryId: 'bad0000001' });
		meta.set('kind', 99);
		(doc.getArray('categories') as Y.Array<unknown>).push([null, 5]);
	}, 'test:malformed');
	await srv.app.relay.change(docNames(a.id).visits, (doc) => {
		const parts = visitLogParts(doc);
		(parts.visits as Y.Map<unknown>).set('badvisit01', 'x');
		(parts.visits as Y.Map<unknown>).set('badvisit02', { visitor: 5, date: null });
		(parts.ties as Y.Map<unknown>).set('badtie0001', [1, 2]);
		(parts.help as Y.Map<unknown>).set('badhelp001', null);
	}, 'test:malformed');
	await srv.app.relay.change(docNames(a.id).contacts, (doc) => {
		(doc.getMap('reporters') as Y.Map<unknown>).set('bad0000003', 'x');
		(doc.getMap('proposers') as Y.Map<unknown>).set('badidea001', 5);
		(doc.getMap('inbox') as Y.Map<unknown>).set('badinbox02', null);
	}, 'test:malformed');
});
afterAll(() => srv.stop());

const as = (token: string) => (method: string, path: string, body?: unknown) => call(srv.base, method, path, body, token);
async function text(path: string, token: string) {
	const res = await fetch(srv.base + path, { headers: { authorization: `Bearer ${token}` } });
	return { status: res.status, body: await res.text() };
}

describe('server views over a board, visit log and contacts holding malformed records', () => {
	it('statistics and the ledger CSV answer 200 and count the good entries', async () => {
		const office = as(d.people.office.token);
		for (const scope of ['district', `street:${d.streets.east.id}`, `station:${d.stations.a.id}`]) {
			const res = await office('GET', `/api/stats?scope=${scope}&${PERIOD}`);
			expect(res.status, scope).toBe(200);
		}
		expect((await office('GET', `/api/stats?scope=station:${d.stations.a.id}&${PERIOD}`)).body.ledger.collected).toBe(3);
		const csv = await text(`/api/exports/ledger.csv?scope=district&${PERIOD}`, d.people.office.token);
		expect(csv.status).toBe(200);
		expect(csv.body).toContain('已修好');
		expect((await text(`/api/exports/ledger.csv?scope=station:${d.stations.a.id}&${PERIOD}`, d.people.cadreA.token)).status).toBe(200);
	});

	it('coordination, the dispatch agenda and the meeting answer 200', async () => {
		const coordination = await as(d.people.leader.token)('GET', '/api/coordination');
		expect(coordination.status).toBe(200);
		expect(coordination.body.entries.length).toBe(1);
		const office = as(d.people.office.token);
		expect((await office('GET', '/api/coordination')).status).toBe(200);
		const dispatch = await office('GET', '/api/dispatch');
		expect(dispatch.status).toBe(200);
		const meeting = await office('POST', '/api/dispatch/meetings', {});
		expect(meeting.status).toBe(201);
		const opened = await office('GET', `/api/dispatch/meetings/${meeting.body.id}`);
		expect(opened.status).toBe(200);
		expect(opened.body.items.length).toBe(2);
	});

	it('bulletins and cadres\' files answer 200', async () => {
		const office = as(d.people.office.token);
		const bulletin = await office('POST', '/api/bulletins', { from: day(-40), to: day(40) });
		expect(bulletin.status).toBe(201);
		expect((await office('GET', '/api/files')).status).toBe(200);
		expect((await office('GET', `/api/files/${d.people.cadreA.id}?month=${month}`)).status).toBe(200);
		const half = `${month.slice(0, 4)}-H${Number(month.slice(5)) <= 6 ? 1 : 2}`;
		expect((await office('GET', `/api/files/${d.people.cadreA.id}?half=${half}`)).status).toBe(200);
	});

	it('the public pages\' source reads the station, its notices and reports', async () => {
		const source = createPublicSource(srv.config.publicUrl, srv.app.directory, srv.app.relay);
		const station = await source.station(d.stations.a.id);
		expect(station).not.toBeNull();
		expect(await source.notice(d.stations.a.id, 'badnotice2')).toBeNull();
		await expect(source.report(d.stations.a.id, 'ABCDEF', '127.0.0.1')).resolves.not.toBe('too-many');
	});
});
