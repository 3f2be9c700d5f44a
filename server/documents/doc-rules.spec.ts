// Each rule of issue 8 item 3, tried with the stock y-websocket client against the real relay
// (real SQLite file): the breaking update closes its connection with 4422, nothing of it is stored,
// and a peer's copy is unchanged.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, appendEvent, boardParts, readEntry } from '../../src/lib/documents/board';
import { addRecord, visitLogParts } from '../../src/lib/documents/visit-log';
import { contactsParts } from '../../src/lib/documents/contacts';
import { inboxOf } from '../../src/lib/documents/inbox';
import { CloseCode } from '../relay/types';
import { waitFor } from '../relay/test-kit';
import { rulesRelayKit } from './rules-test-kit';

const BOARD = 'board:station0001';
const VISITS = 'visits:station0001';
const CONTACTS = 'contacts:station0001';
const NOW = Date.UTC(2026, 0, 5, 9);

const { relay, client } = rulesRelayKit();

/** A board with one entry, a peer connected to it; returns what a test needs to break it. */
async function boardWithEntry() {
	const running = await relay();
	const owner = client(running.url, BOARD);
	await owner.synced();
	const id = addEntry(owner.doc, { content: '路灯不亮', place: '3号楼', category: 'infrastructure', receivedOn: '2026-01-05', visitId: '' }, '王干部', NOW);
	appendEvent(owner.doc, id, { type: 'note', text: '已联系物业' }, '王干部', NOW + 1);
	const peer = client(running.url, BOARD);
	await waitFor(() => timeline(peer.doc, id).length === 2, 5000, 'peer has the entry');
	await waitFor(async () => (await running.relay.log.count(BOARD)) >= 2, 5000, 'stored');
	const breaker = client(running.url, BOARD);
	await waitFor(() => timeline(breaker.doc, id).length === 2, 5000, 'breaker has the entry');
	return { running, owner, peer, breaker, id };
}

const timeline = (doc: Y.Doc, id: string) => (boardParts(doc).entries.get(id)?.get('timeline') as Y.Array<unknown> | undefined)?.toArray() ?? [];

/** The breaking change is refused: 4422, nothing stored, the peer's copy and the server's unchanged. */
async function expectRefused(setup: Awaited<ReturnType<typeof boardWithEntry>>, docName: string, breakIt: () => void) {
	const { running, peer, breaker } = setup;
	const stored = (await running.relay.log.count(docName));
	const before = JSON.stringify(peer.doc.toJSON());
	breakIt();
	await waitFor(() => breaker.closes.includes(CloseCode.refused), 5000, 'the refusal');
	breaker.provider.destroy(); // the stock client would send the same change again on reconnecting
	await running.relay.log.settled();
	expect((await running.relay.log.count(docName))).toBe(stored);
	expect(JSON.stringify(peer.doc.toJSON())).toBe(before);
	const server = (await running.relay.load(docName));
	for (const [name, type] of peer.doc.share) (type instanceof Y.Array ? server.getArray(name) : server.getMap(name)); // roots toJSON shows
	expect(server.toJSON()).toEqual(JSON.parse(before));
}

describe('relay: a board update that breaks the board\'s rules is refused whole (4422)', () => {
	it('refuses deleting a timeline event', async () => {
		const setup = await boardWithEntry();
		await expectRefused(setup, BOARD, () => (boardParts(setup.breaker.doc).entries.get(setup.id)!.get('timeline') as Y.Array<unknown>).delete(1, 1));
	});

	it('refuses rewriting a timeline event (delete and insert in one transaction)', async () => {
		const setup = await boardWithEntry();
		const list = boardParts(setup.breaker.doc).entries.get(setup.id)!.get('timeline') as Y.Array<Record<string, unknown>>;
		const old = list.get(0);
		await expectRefused(setup, BOARD, () =>
			setup.breaker.doc.transact(() => {
				list.delete(0, 1);
				list.insert(0, [{ ...old, at: 0, by: '别人' }]);
			})
		);
	});

	it('refuses replacing an entry\'s timeline, and replacing the entry', async () => {
		const setup = await boardWithEntry();
		await expectRefused(setup, BOARD, () => boardParts(setup.breaker.doc).entries.get(setup.id)!.set('timeline', new Y.Array()));
	});

	it('refuses a value that is not a record in entries', async () => {
		const setup = await boardWithEntry();
		await expectRefused(setup, BOARD, () => (boardParts(setup.breaker.doc).entries as Y.Map<unknown>).set('x', 'not a record'));
	});

	it('refuses an event of no documented type, and a fact of the wrong type', async () => {
		const setup = await boardWithEntry();
		await expectRefused(setup, BOARD, () =>
			(boardParts(setup.breaker.doc).entries.get(setup.id)!.get('timeline') as Y.Array<unknown>).push([{ id: 'e1', at: NOW, by: 'x', type: 'erased' }])
		);
		const again = await boardWithEntry();
		await expectRefused(again, BOARD, () => boardParts(again.breaker.doc).entries.get(again.id)!.set('content', 42));
	});

	it('refuses an escalation to tier 1 (on-site: there is nothing to escalate to) or past tier 4', async () => {
		const setup = await boardWithEntry();
		await expectRefused(setup, BOARD, () =>
			appendEvent(setup.breaker.doc, setup.id, { type: 'escalated', tier: 1 as never, responsible: '社区主任', deadline: '2026-01-20', text: '' }, '王干部', NOW + 2)
		);
		const again = await boardWithEntry();
		await expectRefused(again, BOARD, () =>
			appendEvent(again.breaker.doc, again.id, { type: 'escalated', tier: 5 as never, responsible: '社区主任', deadline: '2026-01-20', text: '' }, '王干部', NOW + 2)
		);
	});

	it('refuses a field only the server writes: a dispatch decision, a resident\'s report', async () => {
		const setup = await boardWithEntry();
		await expectRefused(setup, BOARD, () =>
			appendEvent(setup.breaker.doc, setup.id, { type: 'decided', decision: '由城管处理', department: '城管', meetingDate: '2026-01-05' }, '假冒', NOW + 2)
		);
		const again = await boardWithEntry();
		await expectRefused(again, BOARD, () =>
			inboxOf(again.breaker.doc).set('fake', { id: 'fake', ref: 'ABCDEF', content: 'x', place: '', receivedAt: NOW, status: 'new', entryId: '', decidedBy: '', decidedAt: 0, reason: '' })
		);
	});

	it('refuses an oversized text', async () => {
		const setup = await boardWithEntry();
		await expectRefused(setup, BOARD, () => appendEvent(setup.breaker.doc, setup.id, { type: 'note', text: '长'.repeat(2001) }, '王干部', NOW + 3));
	});

	it('takes a closed entry reopened by the team, and refuses an oversized reason for it', async () => {
		const setup = await boardWithEntry();
		appendEvent(setup.owner.doc, setup.id, { type: 'closed', reason: 'duplicate', text: '' }, '王干部', NOW + 3);
		appendEvent(setup.owner.doc, setup.id, { type: 'reopened', text: '不是重复：另一处路灯' }, '王干部', NOW + 4);
		await waitFor(() => timeline(setup.peer.doc, setup.id).length === 4, 5000, 'the reopen relayed');
		expect(readEntry(boardParts(setup.peer.doc).entries.get(setup.id)!).status).toBe('open');
		await expectRefused(setup, BOARD, () => appendEvent(setup.breaker.doc, setup.id, { type: 'reopened', text: '长'.repeat(2001) }, '王干部', NOW + 5));
	});

	it('takes a solved entry reopened by the team with the handling it undoes, and refuses that as anything but a number', async () => {
		const setup = await boardWithEntry();
		appendEvent(setup.owner.doc, setup.id, { type: 'solved', text: '已修好' }, '王干部', NOW + 3);
		appendEvent(setup.owner.doc, setup.id, { type: 'reopened', text: '记错了条目', handledAt: NOW + 3 }, '王干部', NOW + 4);
		await waitFor(() => timeline(setup.peer.doc, setup.id).length === 4, 5000, 'the reopen relayed');
		expect(readEntry(boardParts(setup.peer.doc).entries.get(setup.id)!).status).toBe('open');
		await expectRefused(setup, BOARD, () => appendEvent(setup.breaker.doc, setup.id, { type: 'reopened', text: '再开', handledAt: '昨天' as never }, '王干部', NOW + 5));
	});

	it('lets the owner keep working after another connection was refused', async () => {
		const setup = await boardWithEntry();
		await expectRefused(setup, BOARD, () => (boardParts(setup.breaker.doc).entries.get(setup.id)!.get('timeline') as Y.Array<unknown>).delete(0, 1));
		appendEvent(setup.owner.doc, setup.id, { type: 'solved', text: '已修好' }, '王干部', NOW + 4);
		await waitFor(() => timeline(setup.peer.doc, setup.id).length === 3, 5000, 'the owner\'s next edit');
		expect(setup.owner.closes).toEqual([]);
	});
});

describe('relay: the visit log\'s and the contacts\' rules', () => {
	it('refuses deleting or rewriting a help record', async () => {
		const running = await relay();
		const owner = client(running.url, VISITS);
		await owner.synced();
		const help = addRecord(owner.doc, 'help', { tieId: 't1', by: '王干部', date: '2026-01-05', kind: 'living', text: '送米面油' }, NOW);
		const peer = client(running.url, VISITS);
		const breaker = client(running.url, VISITS);
		await waitFor(() => visitLogParts(breaker.doc).help.has(help.id) && visitLogParts(peer.doc).help.has(help.id), 5000, 'synced');
		const setup = { running, peer, breaker, owner, id: help.id };
		await expectRefused(setup, VISITS, () => visitLogParts(breaker.doc).help.delete(help.id));
		const again = client(running.url, VISITS);
		await waitFor(() => visitLogParts(again.doc).help.has(help.id), 5000, 'synced');
		await expectRefused({ ...setup, breaker: again }, VISITS, () => visitLogParts(again.doc).help.set(help.id, { ...help, text: '改写' }));
	});

	it('refuses a client changing the contact the server wrote for a report', async () => {
		const running = await relay();
		await running.relay.change(CONTACTS, (d) => contactsParts(d).inbox.set('r1', { name: '李居民', phone: '13800000000' }), 'server:test');
		const peer = client(running.url, CONTACTS);
		const breaker = client(running.url, CONTACTS);
		await waitFor(() => contactsParts(breaker.doc).inbox.has('r1') && contactsParts(peer.doc).inbox.has('r1'), 5000, 'synced');
		const setup = { running, peer, breaker, owner: peer, id: 'r1' };
		await expectRefused(setup, CONTACTS, () => contactsParts(breaker.doc).inbox.set('r1', { name: '张三', phone: '1' }));
	});
});
