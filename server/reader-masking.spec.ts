// A board's readers outside the team (the street leader, the office) receive its text masked:
// the stock y-websocket client against the whole server, on a real SQLite file
// (docs/sync-protocol.md, "What readers receive"). The team and the lawyer, who write the board,
// receive it as typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, addIdea, appendEvent, boardParts } from '../src/lib/documents/board';
import { readReporter, setReporter } from '../src/lib/documents/contacts';
import { inboxOf } from '../src/lib/documents/inbox';
import { publicSource } from '../src/lib/server/bridge';
import { connectClient, waitFor } from './relay/test-kit';
import { startApp, stationWorld, type RunningApp } from './test-kit';

const RESIDENT = { name: '周红梅', phone: '13700001111' };
const REPORTER = { name: '吴建国', phone: '13655556666' };
const SECRETS = [RESIDENT.name, RESIDENT.phone, REPORTER.name, REPORTER.phone];

let srv: RunningApp;
let stationId = '';
const token: Record<string, string> = {};
const board = () => `board:${stationId}`;

/** Every string in a document's JSON: entries, timelines, ideas, reports. */
const textOf = (doc: Y.Doc) => JSON.stringify({ entries: boardParts(doc).entries.toJSON(), ideas: boardParts(doc).ideas.toJSON(), inbox: inboxOf(doc).toJSON() });

function expectMasked(doc: Y.Doc, whose: string) {
	const text = textOf(doc);
	for (const secret of SECRETS) expect(text.includes(secret), `${secret} in ${whose}`).toBe(false);
	const bytes = Buffer.from(Y.encodeStateAsUpdate(doc));
	for (const secret of SECRETS) expect(bytes.includes(Buffer.from(secret)), `${secret} in the bytes of ${whose}`).toBe(false);
}

/** A stock client's copy of the board, synced. */
async function copy(who: string, doc = new Y.Doc()) {
	const client = connectClient(srv.ws, board(), doc, { token: token[who] });
	await client.synced();
	return client;
}

let entry = '';
beforeAll(async () => {
	srv = await startApp({ YIXIAN_PUBLIC_URL: 'https://yixian.example.gov.cn' });
	const world = await stationWorld(srv, { cadre: { phone: '13900000001', role: 'cadre' }, lawyer: { phone: '13900000003', role: 'lawyer' }, leader: { phone: '13900000004', role: 'leader' } });
	stationId = world.stationId;
	Object.assign(token, world.token);

	// The team's app: an entry naming its reporter, who is in the contacts document.
	const team = await copy('cadre');
	const contacts = connectClient(srv.ws, `contacts:${stationId}`, new Y.Doc(), { token: token.cadre });
	await contacts.synced();
	setReporter(contacts.doc, 'e0', { ...RESIDENT, private: true });
	entry = addEntry(team.doc, { content: `${RESIDENT.name}反映楼道灯坏了，电话${RESIDENT.phone}`, place: '3号楼502室', category: 'infrastructure', receivedOn: '2026-03-02', visitId: '' }, '李驻点', 1);
	setReporter(contacts.doc, entry, { ...RESIDENT, private: true });
	appendEvent(team.doc, entry, { type: 'note', text: `已回电${RESIDENT.name}` }, '李驻点', 2);
	addIdea(team.doc, { title: `${RESIDENT.name}建议装感应灯`, detail: `电话 ${RESIDENT.phone}`, source: 'talk' }, '李驻点', 3);
	await waitFor(async () => textOf(await srv.app.relay.load(board())).includes('建议装感应灯'), 5000, 'the board stored');
	await waitFor(async () => readReporter(await srv.app.relay.load(`contacts:${stationId}`), entry).phone === RESIDENT.phone, 5000, 'the contacts stored');
	for (const c of [team, contacts]) c.provider.destroy();
}, 30_000);
afterAll(() => srv.stop());

describe('a fresh copy of the board', () => {
	it('reaches the street leader and the office with residents’ names and numbers masked', async () => {
		for (const who of ['leader', 'office']) {
			const reader = await copy(who);
			expectMasked(reader.doc, `the ${who}'s copy`);
			const e = boardParts(reader.doc).entries.get(entry)!;
			expect(e.get('content')).toBe('某某反映楼道灯坏了，电话***');
			expect(e.get('place')).toBe('3号楼502室');
			expect(e.get('receivedOn')).toBe('2026-03-02');
			expect((e.get('timeline') as Y.Array<{ type: string; text?: string }>).toArray().map((ev) => [ev.type, ev.text])).toEqual([['created', undefined], ['note', '已回电某某']]);
			reader.provider.destroy();
		}
	});

	it('reaches the team and the lawyer, who write it, as typed', async () => {
		for (const who of ['cadre', 'lawyer']) {
			const writer = await copy(who);
			expect(boardParts(writer.doc).entries.get(entry)!.get('content'), who).toBe(`${RESIDENT.name}反映楼道灯坏了，电话${RESIDENT.phone}`);
			writer.provider.destroy();
		}
	});
});

describe("a reader's live copy", () => {
	it('takes the team’s new text masked, with the name the team records a moment after it', async () => {
		const leader = await copy('leader');
		const team = await copy('cadre');
		const contacts = connectClient(srv.ws, `contacts:${stationId}`, new Y.Doc(), { token: token.cadre });
		await contacts.synced();
		// The board first, the contacts a moment later, as a phone sends them on two connections.
		const id = addEntry(team.doc, { content: `${REPORTER.name}说下水道堵了 ${REPORTER.phone}`, place: '', category: 'environment', receivedOn: '2026-03-03', visitId: '' }, '李驻点', 10);
		setReporter(contacts.doc, id, { ...REPORTER, private: false });
		// A resident's report from the public page (its contact goes to the contacts document first).
		expect((await publicSource()!.submitReport(stationId, { content: `我是${REPORTER.name}，路灯不亮`, place: '5号楼', ...REPORTER }, '203.0.113.9')).ok).toBe(true);
		await waitFor(() => boardParts(leader.doc).entries.has(id) && [...inboxOf(leader.doc).values()].length === 1, 5000, 'the leader sees the entry and the report');
		expect(boardParts(leader.doc).entries.get(id)!.get('content')).toBe('某某说下水道堵了 ***');
		expect([...inboxOf(leader.doc).values()][0].content).toBe('我是某某，路灯不亮');
		expectMasked(leader.doc, "the leader's live copy");
		// The same ids as the server's: the live copy is what a fresh one is.
		expect(Y.encodeStateVector(leader.doc)).toEqual(Y.encodeStateVector(await srv.app.relay.load(board())));
		const fresh = await copy('office');
		expect(JSON.parse(textOf(leader.doc))).toEqual(JSON.parse(textOf(fresh.doc)));
		fresh.provider.destroy();
		for (const c of [leader, team, contacts]) c.provider.destroy();
	});

	it('catches up after days away from the copy it kept, masked, with nothing doubled', async () => {
		const kept = new Y.Doc();
		const first = await copy('office', kept);
		first.provider.destroy();
		const team = await copy('cadre');
		appendEvent(team.doc, entry, { type: 'note', text: `又联系了${RESIDENT.name}` }, '李驻点', 20);
		await waitFor(async () => textOf(await srv.app.relay.load(board())).includes('又联系了'), 5000, 'the note stored');
		team.provider.destroy();
		const again = await copy('office', kept);
		await waitFor(() => textOf(kept).includes('又联系了'), 5000, 'the office catches up');
		const timeline = (boardParts(kept).entries.get(entry)!.get('timeline') as Y.Array<{ type: string; text?: string }>).toArray();
		expect(timeline.map((ev) => ev.text ?? ev.type)).toEqual(['created', '已回电某某', '又联系了某某']);
		expectMasked(kept, "the office's kept copy");
		again.provider.destroy();
	});
});
