// Residents' personal data only where its readers may see it (issue 8, items 1 and 2): the stock
// y-websocket client against the whole server, on a real SQLite file, restarted for the migration.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, appendEvent, boardParts } from '../src/lib/documents/board';
import { contactsParts, readInboxContact, readReporter, setReporter } from '../src/lib/documents/contacts';
import { inboxOf } from '../src/lib/documents/inbox';
import { findPersonalData, isEmpty } from '../src/lib/documents/personal-data';
import { publicSource } from '../src/lib/server/bridge';
import { createApp, type App } from './app';
import { loadConfig } from './config';
import { connectClient, rawSocket, waitFor } from './relay/test-kit';
import { call } from './test-kit';

// Every string a Yjs update carries: struct contents (strings, JSON, any) and map keys.
function stringsOf(update: Uint8Array): string[] {
	const out: string[] = [];
	const walk = (v: unknown): void => {
		if (typeof v === 'string') out.push(v);
		else if (Array.isArray(v)) v.forEach(walk);
		else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push(k), walk(x));
	};
	for (const struct of Y.decodeUpdate(update).structs) {
		if (!(struct instanceof Y.Item)) continue;
		if (struct.parentSub) out.push(struct.parentSub);
		const c = struct.content as unknown as { str?: string; arr?: unknown[]; key?: string; value?: unknown };
		if (typeof c.str === 'string') out.push(c.str);
		if (Array.isArray(c.arr)) walk(c.arr);
		if (typeof c.key === 'string') (out.push(c.key), walk(c.value));
	}
	return out;
}

/** No secret anywhere in the update: neither in a decoded string nor in its raw bytes. */
function expectNone(update: Uint8Array, secrets: string[], whose: string) {
	const strings = stringsOf(update);
	const bytes = Buffer.from(update);
	for (const secret of secrets) {
		expect(strings.filter((s) => s.includes(secret)), `${secret} in ${whose}`).toEqual([]);
		expect(bytes.includes(Buffer.from(secret)), `${secret} in the bytes of ${whose}`).toBe(false);
	}
}

interface Server {
	app: App;
	base: string;
	ws: string;
	stop(): Promise<void>;
}

async function serve(dir: string): Promise<Server> {
	const app = await createApp(loadConfig({ YIXIAN_DATA_DIR: dir, YIXIAN_PUBLIC_URL: 'https://yixian.example.gov.cn' }));
	await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
	const port = (app.server.address() as AddressInfo).port;
	return { app, base: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}/sync`, stop: () => app.close() };
}

const PASS = 'pass-word-1';
const RESIDENT = { name: '王秀英', phone: '13812345678' };
const VISITOR = { name: '赵大爷', phone: '13987654321' };
const PROPOSER = '钱奶奶';
const OLD_APP = { name: '孙阿姨', phone: '13611112222' };
const SECRETS = [RESIDENT.name, RESIDENT.phone, VISITOR.name, VISITOR.phone, PROPOSER];

const dir = mkdtempSync(join(tmpdir(), 'yixian-personal-'));
let srv: Server;
let stationId = '';
const token: Record<string, string> = {};

const signIn = async (phone: string) => (await call(srv.base, 'POST', '/api/session', { phone, password: PASS })).body.access as string;
const names = () => ({ board: `board:${stationId}`, contacts: `contacts:${stationId}` });

/** A fresh stock client's copy of a document, disconnected once synced. */
async function freshCopy(docName: string, who: string): Promise<Y.Doc> {
	const client = connectClient(srv.ws, docName, new Y.Doc(), { token: token[who] });
	await client.synced();
	client.provider.destroy();
	return client.doc;
}

/** What a board of schema 1 held: the reporter on the entry, the contact on the inbox item, the proposer on the idea. */
function writeOldLayout(doc: Y.Doc) {
	doc.transact(() => {
		boardParts(doc).meta.set('schema', 1);
		const entry = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({ id: 'oldentry01', content: '楼道灯坏了', place: '3号楼', category: 'infrastructure', receivedOn: '2026-03-02', reporterName: RESIDENT.name, reporterPhone: RESIDENT.phone, reporterPrivate: true, visitId: '', createdAt: 1, createdBy: '李驻点' }))
			entry.set(k, v);
		const timeline = new Y.Array<unknown>();
		timeline.push([{ id: 'ev00000001', at: 1, by: '李驻点', type: 'created' }]);
		entry.set('timeline', timeline);
		boardParts(doc).entries.set('oldentry01', entry);
		inboxOf(doc).set('oldinbox01', { id: 'oldinbox01', ref: 'ABCDEF', content: '垃圾没人收', place: '', name: VISITOR.name, phone: VISITOR.phone, receivedAt: 2, status: 'new', entryId: '', decidedBy: '', decidedAt: 0, reason: '' });
		const idea = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({ id: 'oldidea001', title: '楼道装感应灯', detail: '', source: 'talk', proposer: PROPOSER, createdAt: 3, createdBy: '李驻点' })) idea.set(k, v);
		const history = new Y.Array<unknown>();
		history.push([{ stage: 'collected', at: 3, by: '李驻点', note: '' }]);
		idea.set('history', history);
		boardParts(doc).ideas.set('oldidea001', idea);
	});
}

beforeAll(async () => {
	srv = await serve(dir);
	const d = srv.app.directory;
	await d.createPerson('test', { phone: '13900000000', name: '一线办', role: 'office', password: PASS });
	token.office = await signIn('13900000000');
	const street = (await call(srv.base, 'POST', '/api/admin/streets', { name: '东关街道' }, token.office)).body;
	stationId = (await call(srv.base, 'POST', '/api/admin/stations', { name: '幸福社区', streetId: street.id, kind: 'community' }, token.office)).body.id;
	const people = { cadre: '13900000001', liaison: '13900000002', lawyer: '13900000003', leader: '13900000004' };
	const ids: Record<string, string> = {};
	for (const [role, phone] of Object.entries(people)) ids[role] = (await d.createPerson('test', { phone, name: role, role: role === 'leader' ? 'leader' : 'member', password: PASS })).id;
	await d.assign('test', ids.cadre, stationId, 'cadre');
	await d.assign('test', ids.liaison, stationId, 'liaison');
	await d.assign('test', ids.lawyer, stationId, 'lawyer');
	await d.setLeader('test', ids.leader, street.id, true);
	// A board stored before the move: the server restarts on it below.
	const old = new Y.Doc();
	writeOldLayout(old);
	await srv.app.relay.log.append(names().board, Y.encodeStateAsUpdate(old), 'schema-1 app');
	await srv.stop();
	srv = await serve(dir);
	for (const [role, phone] of Object.entries({ office: '13900000000', ...people })) token[role] = await signIn(phone);
}, 30_000);
afterAll(async () => {
	await srv.stop();
	rmSync(dir, { recursive: true, force: true });
});

describe('a board stored before the move (schema 1)', () => {
	it('is migrated at start: the server\'s board and a leader\'s fresh copy hold no name or phone', async () => {
		expectNone(Y.encodeStateAsUpdate((await srv.app.relay.load(names().board))), SECRETS, "the server's board");
		expectNone(Y.encodeStateAsUpdate(await freshCopy(names().board, 'leader')), SECRETS, "the leader's board");
		const board = await freshCopy(names().board, 'cadre');
		expect(boardParts(board).entries.get('oldentry01')?.get('content')).toBe('楼道灯坏了');
		expect(inboxOf(board).get('oldinbox01')).toMatchObject({ ref: 'ABCDEF', content: '垃圾没人收', status: 'new' });
		expect(boardParts(board).meta.get('schema')).toBe(2);
	});

	it('keeps every moved value in the team\'s contacts document', async () => {
		const contacts = await freshCopy(names().contacts, 'liaison');
		expect(readReporter(contacts, 'oldentry01')).toEqual({ ...RESIDENT, private: true });
		expect(readInboxContact(contacts, 'oldinbox01')).toEqual(VISITOR);
		expect(contactsParts(contacts).proposers.get('oldidea001')).toBe(PROPOSER);
	});
});

describe('the contacts document', () => {
	it('is refused to the lawyer, the street leader and the office (4403), and open to the team', async () => {
		for (const who of ['lawyer', 'leader', 'office']) {
			const { closed } = await rawSocket(srv.ws, `${names().contacts}?token=${token[who]}`);
			expect((await closed).code, who).toBe(4403);
		}
		await freshCopy(names().contacts, 'cadre');
	});

	it('is listed with the right in GET /api/me', async () => {
		const me = async (who: string) => (await call(srv.base, 'GET', '/api/me', undefined, token[who])).body.stations[0];
		expect(await me('cadre')).toMatchObject({ board: 'write', visits: 'write', contacts: 'write' });
		expect(await me('lawyer')).toMatchObject({ board: 'write', contacts: null });
		expect(await me('leader')).toMatchObject({ board: 'read', contacts: null });
		expect(await me('office')).toMatchObject({ board: 'read', contacts: null });
	});
});

describe("a leader's live copy of the board", () => {
	it('holds no name or phone of a ledger entry, a resident\'s report or an idea', async () => {
		const leader = connectClient(srv.ws, names().board, new Y.Doc(), { token: token.leader });
		const board = connectClient(srv.ws, names().board, new Y.Doc(), { token: token.cadre });
		const contacts = connectClient(srv.ws, names().contacts, new Y.Doc(), { token: token.cadre });
		await Promise.all([leader.synced(), board.synced(), contacts.synced()]);
		// The team's app: the entry in the board, its reporter in the contacts document.
		const id = addEntry(board.doc, { content: '下水道堵了', place: '', category: 'environment', receivedOn: '2026-03-03', visitId: '' }, '李驻点', 10);
		setReporter(contacts.doc, id, { name: RESIDENT.name, phone: RESIDENT.phone, private: true });
		appendEvent(board.doc, id, { type: 'note', text: '已联系物业' }, '李驻点', 11);
		// A resident's report from the public page.
		const sent = await publicSource()!.submitReport(stationId, { content: '路灯不亮', place: '5号楼', ...VISITOR }, '203.0.113.9');
		expect(sent.ok).toBe(true);
		await waitFor(() => [...inboxOf(leader.doc).values()].some((i) => i.content === '路灯不亮') && !!boardParts(leader.doc).entries.get(id)?.get('timeline'), 3000, 'the leader sees both');
		await waitFor(() => readInboxContact(contacts.doc, [...inboxOf(board.doc).values()].find((i) => i.content === '路灯不亮')?.id ?? '').name === VISITOR.name, 3000, 'the contact reaches the team');
		expectNone(Y.encodeStateAsUpdate(leader.doc), SECRETS, "the leader's live board");
		expectNone(Y.encodeStateAsUpdate(await freshCopy(names().board, 'lawyer')), SECRETS, "the lawyer's board");
		for (const c of [leader, board, contacts]) c.provider.destroy();
	});

	it('loses a name an old app writes into the board again: the server moves it on', async () => {
		const old = connectClient(srv.ws, names().board, new Y.Doc(), { token: token.cadre });
		await old.synced();
		// The app of before the move, back after a week offline: a corrected phone and a new entry with its reporter.
		old.doc.transact(() => {
			boardParts(old.doc).entries.get('oldentry01')!.set('reporterPhone', OLD_APP.phone);
			const entry = new Y.Map<unknown>();
			for (const [k, v] of Object.entries({ id: 'oldapp0001', content: '门禁坏了', place: '', category: 'other', receivedOn: '2026-03-04', reporterName: OLD_APP.name, reporterPhone: '', reporterPrivate: true, visitId: '', createdAt: 20, createdBy: '李驻点' }))
				entry.set(k, v);
			entry.set('timeline', Y.Array.from([{ id: 'ev00000002', at: 20, by: '李驻点', type: 'created' }]));
			boardParts(old.doc).entries.set('oldapp0001', entry);
		});
		await waitFor(async () => isEmpty(findPersonalData((await srv.app.relay.load(names().board)))), 3000, 'the server to move them');
		await waitFor(() => isEmpty(findPersonalData(old.doc)), 3000, 'the old app to receive the deletion');
		old.provider.destroy();
		expectNone(Y.encodeStateAsUpdate(await freshCopy(names().board, 'leader')), [...SECRETS, OLD_APP.name, OLD_APP.phone], "the leader's board");
		const contacts = await freshCopy(names().contacts, 'cadre');
		expect(readReporter(contacts, 'oldentry01')).toEqual({ name: RESIDENT.name, phone: OLD_APP.phone, private: true });
		expect(readReporter(contacts, 'oldapp0001')).toEqual({ name: OLD_APP.name, phone: '', private: true });
	});
});
