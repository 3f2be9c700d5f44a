// An entry's history as the server recorded it (issue 8, item 6): the stock y-websocket client
// against the whole server on a real SQLite file, the server's clock moved by YIXIAN_TEST_NOW.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, appendEvent, boardParts, updateFacts } from '../../src/lib/documents/board';
import { setReporter } from '../../src/lib/documents/contacts';
import type { EntryHistoryAnswer } from '../../src/lib/domain/entry-history';
import { createApp, type App } from '../app';
import { loadConfig, type Config } from '../config';
import { UpdateStore } from '../relay/store';
import { connectClient, waitFor } from '../relay/test-kit';
import { call } from '../test-kit';

const PASS = 'pass-word-1';
const NOW = Date.parse('2026-03-10T06:00:00Z');
const RESIDENT = { name: '王秀英', phone: '13812345678' };
const STATION = 'oldstation01';
const BOARD = `board:${STATION}`;
const OLD_TIME = Date.parse('2026-02-01T02:00:00Z');

const dir = mkdtempSync(join(tmpdir(), 'yixian-history-'));
const env = { YIXIAN_DATA_DIR: dir, NODE_ENV: 'test', YIXIAN_TEST_NOW: new Date(NOW).toISOString() };
let config: Config;
let app: App;
let base = '';
let ws = '';
const token: Record<string, string> = {};
const ids: Record<string, string> = {};

async function serve() {
	app = await createApp(config);
	await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
	const port = (app.server.address() as AddressInfo).port;
	base = `http://127.0.0.1:${port}`;
	ws = `ws://127.0.0.1:${port}/sync`;
}

const history = async (who: string, entryId: string) => call(base, 'GET', `/api/stations/${STATION}/entries/${entryId}/history`, undefined, token[who]);

/** Updates stored by an app before the history was kept: an entry created, then edited; another only in a compacted row. */
function storeOldUpdates() {
	const store = new UpdateStore(config.dbFile);
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	doc.transact(() => {
		boardParts(doc).meta.set('schema', 2);
		boardParts(doc).meta.set('name', '幸福社区');
	});
	doc.transact(() => {
		const entry = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({ id: 'compacted01', content: '早就有的问题', place: '', category: 'other', receivedOn: '2026-01-05', visitId: '', createdAt: 1, createdBy: '李驻点' })) entry.set(k, v);
		entry.set('timeline', Y.Array.from([{ id: 'evcompact1', at: 1, by: '李驻点', type: 'created' }]));
		boardParts(doc).entries.set('compacted01', entry);
	});
	store.append(BOARD, Y.mergeUpdates(updates.splice(0)), '(compacted)', OLD_TIME - 1000);
	doc.transact(() => {
		const entry = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({ id: 'oldentry01', content: '旧的内容', place: '3号楼', category: 'other', receivedOn: '2026-02-01', visitId: '', createdAt: 2, createdBy: '李驻点' })) entry.set(k, v);
		entry.set('timeline', Y.Array.from([{ id: 'evold00001', at: 2, by: '李驻点', type: 'created' }]));
		boardParts(doc).entries.set('oldentry01', entry);
	});
	store.append(BOARD, updates.pop()!, 'oldcadre00#3', OLD_TIME);
	doc.transact(() => boardParts(doc).entries.get('oldentry01')!.set('content', '改过的内容'));
	store.append(BOARD, updates.pop()!, 'oldcadre00#4', OLD_TIME + 60_000);
	store.close();
}

beforeAll(async () => {
	config = loadConfig(env);
	storeOldUpdates();
	await serve();
	const d = app.directory;
	const people = { office: '13900000000', cadre: '13900000001', leader: '13900000004', lawyer: '13900000003', stranger: '13900000005' };
	for (const [who, phone] of Object.entries(people)) {
		ids[who] = (await d.createPerson('test', { phone, name: `${who}-name`, role: who === 'office' ? 'office' : who === 'leader' ? 'leader' : 'member', password: PASS })).id;
		token[who] = (await call(base, 'POST', '/api/session', { phone, password: PASS })).body.access;
	}
	const street = await d.createStreet('test', '东关街道');
	await d.createStation('test', { id: STATION, name: '幸福社区', streetId: street.id, kind: 'community' });
	await d.assign('test', ids.cadre, STATION, 'cadre');
	await d.assign('test', ids.lawyer, STATION, 'lawyer');
	await d.setLeader('test', ids.leader, street.id, true);
}, 30_000);

afterAll(async () => {
	await app.close();
	rmSync(dir, { recursive: true, force: true });
});

describe("an entry's history", () => {
	let entryId = '';
	let answer: EntryHistoryAnswer;

	it('records every change of facts (before → after) and every event, with the sender and the server\'s time', async () => {
		const board = connectClient(ws, BOARD, new Y.Doc(), { token: token.cadre });
		const contacts = connectClient(ws, `contacts:${STATION}`, new Y.Doc(), { token: token.cadre });
		await Promise.all([board.synced(), contacts.synced()]);
		entryId = addEntry(board.doc, { content: '路灯不亮', place: '5号楼', category: 'infrastructure', receivedOn: '2026-03-09', visitId: '' }, '李驻点', 1);
		setReporter(contacts.doc, entryId, { name: RESIDENT.name, phone: RESIDENT.phone, private: true });
		updateFacts(board.doc, entryId, { content: `路灯不亮，请回电 ${RESIDENT.phone}`, place: '6号楼' });
		appendEvent(board.doc, entryId, { type: 'note', text: '已联系物业' }, '李驻点', 2);
		await waitFor(async () => (await app.relay.load(BOARD)).getMap('entries').has(entryId) && ((await app.relay.load(BOARD)).getMap<Y.Map<unknown>>('entries').get(entryId)!.get('timeline') as Y.Array<unknown>).length === 2, 5000, 'the server has the note');
		const res = await history('cadre', entryId);
		expect(res.status).toBe(200);
		answer = res.body;
		const kinds = answer.items.map((i) => (i.kind === 'fact' ? `${i.field}` : i.kind === 'event' ? `event:${i.event.type}` : i.kind));
		expect(kinds).toEqual(['created', 'event:created', 'content', 'place', 'event:note']);
		const content = answer.items.find((i) => i.kind === 'fact' && i.field === 'content');
		expect(content).toMatchObject({ before: '路灯不亮', after: `路灯不亮，请回电 ${RESIDENT.phone}`, by: 'cadre-name', backfilled: false });
		expect(answer.items.find((i) => i.kind === 'created')).toMatchObject({ facts: { content: '路灯不亮', place: '5号楼', category: 'infrastructure' } });
		for (const item of answer.items) {
			// The server's clock (YIXIAN_TEST_NOW, running on), not the client's `at` (1, 2).
			expect(item.receivedAt).toBeGreaterThanOrEqual(NOW);
			expect(item.receivedAt).toBeLessThan(NOW + 120_000);
			expect(item.by).toBe('cadre-name');
		}
		expect(answer).toMatchObject({ unrecorded: [], createdRecorded: true, canRestore: false });
		for (const c of [board, contacts]) c.provider.destroy();
	});

	it('never holds a resident\'s name; for readers outside the team, numbers typed into text are masked', async () => {
		expect(JSON.stringify(answer)).not.toContain(RESIDENT.name);
		for (const who of ['leader', 'lawyer', 'office']) {
			const res = await history(who, entryId);
			expect(res.status, who).toBe(200);
			const text = JSON.stringify(res.body);
			expect(text, who).not.toContain(RESIDENT.name);
			expect(text, who).not.toContain(RESIDENT.phone);
			expect(res.body.items.find((i: { field?: string }) => i.field === 'content').after, who).toBe('路灯不亮，请回电 ***');
		}
	});

	it('is refused to whoever may not read the board, and answers 404 for an unknown entry', async () => {
		expect((await history('stranger', entryId)).status).toBe(403);
		expect((await call(base, 'GET', `/api/stations/${STATION}/entries/${entryId}/history`)).status).toBe(401);
		expect((await history('cadre', 'nosuchentry')).status).toBe(404);
	});

	it('shows entries stored before it was kept: backfilled with the stored sender and time, or "recorded before history was kept"', async () => {
		const old = (await history('cadre', 'oldentry01')).body as EntryHistoryAnswer;
		expect(old.items.map((i) => [i.kind, i.receivedAt, i.backfilled])).toEqual([
			['created', OLD_TIME, true],
			['event', OLD_TIME, true],
			['fact', OLD_TIME + 60_000, true]
		]);
		expect(old.items[2]).toMatchObject({ field: 'content', before: '旧的内容', after: '改过的内容', by: null });
		const compacted = (await history('cadre', 'compacted01')).body as EntryHistoryAnswer;
		expect(compacted).toMatchObject({ items: [], createdRecorded: false, unrecorded: [{ id: 'evcompact1', type: 'created', by: '李驻点' }] });
	});
});

describe('an office restore', () => {
	it('writes the earlier facts through the relay: a connected stock client and a fresh one see them, and the history records it as the office\'s', async () => {
		const entryId = ((await app.relay.load(BOARD)).getMap<Y.Map<unknown>>('entries').get('oldentry01')!).get('id') as string;
		const watcher = connectClient(ws, BOARD, new Y.Doc(), { token: token.cadre });
		await watcher.synced();
		const before = (await history('office', entryId)).body as EntryHistoryAnswer;
		const created = before.items.find((i) => i.kind === 'created')!;
		expect((await call(base, 'POST', `/api/stations/${STATION}/entries/${entryId}/restore`, { version: created.updateId }, token.leader)).status).toBe(403);
		expect((await call(base, 'POST', `/api/stations/${STATION}/entries/${entryId}/restore`, { version: created.updateId }, token.cadre)).status).toBe(403);
		expect((await call(base, 'POST', `/api/stations/${STATION}/entries/${entryId}/restore`, { version: 999999 }, token.office)).status).toBe(404);
		const res = await call(base, 'POST', `/api/stations/${STATION}/entries/${entryId}/restore`, { version: created.updateId }, token.office);
		expect(res.status).toBe(200);
		const entry = () => boardParts(watcher.doc).entries.get(entryId);
		await waitFor(() => entry()?.get('content') === '旧的内容', 5000, 'the connected client sees the restored facts');
		const last = (res.body as EntryHistoryAnswer).items.at(-1)!;
		expect(last).toMatchObject({ kind: 'fact', field: 'content', before: '改过的内容', after: '旧的内容', by: 'office-name', restoredFrom: created.updateId, backfilled: false });
		expect(last.receivedAt).toBeGreaterThanOrEqual(NOW);
		// Nothing left to restore to that version.
		expect((await call(base, 'POST', `/api/stations/${STATION}/entries/${entryId}/restore`, { version: created.updateId }, token.office)).status).toBe(409);
		watcher.provider.destroy();
		// Stored: a fresh client after a restart gets it.
		await app.close();
		await serve();
		token.cadre = (await call(base, 'POST', '/api/session', { phone: '13900000001', password: PASS })).body.access;
		const fresh = connectClient(ws, BOARD, new Y.Doc(), { token: token.cadre });
		await fresh.synced();
		expect(boardParts(fresh.doc).entries.get(entryId)?.get('content')).toBe('旧的内容');
		fresh.provider.destroy();
		// The history was not built again from the stored updates at the restart.
		const after = (await history('cadre', entryId)).body as EntryHistoryAnswer;
		expect(after.items).toEqual((res.body as EntryHistoryAnswer).items);
	});
});
