// A Yjs client id is a writer's own: the relay refuses structs under a client id another person
// has written with in the document. A forged item at another writer's next clock made that
// writer's own item there "change nothing": dropped, yet its flush was acknowledged.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, appendEvent, boardParts } from '../../src/lib/documents/board';
import { rulesFor } from '../documents/doc-rules';
import { connectClient, rawSocket, startRelay, tempDataFile, updateMessage, waitFor, writerByParam, type RunningRelay } from './test-kit';
import { CloseCode } from './types';

const BOARD = 'board:station0001';
const NOW = Date.UTC(2026, 0, 5, 9);
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});


async function relay(): Promise<RunningRelay> {
	const { file, cleanup } = tempDataFile();
	const running = await startRelay({ dataFile: file, rules: rulesFor, authorize: writerByParam });
	cleanups.push(cleanup, () => running.stop());
	return running;
}

function client(url: string, user: string, doc = new Y.Doc()) {
	const c = connectClient(url, BOARD, doc, { user });
	cleanups.push(() => c.provider.destroy());
	return c;
}

const timeline = (doc: Y.Doc, id: string) => (boardParts(doc).entries.get(id)?.get('timeline') as Y.Array<{ id: string; text?: string }> | undefined)?.toArray() ?? [];

describe("relay: a writer's client id", () => {
	it("refuses an item under another writer's client id, and that writer's own item there is stored", async () => {
		const running = await relay();
		const owner = client(running.url, 'cadre');
		await owner.synced();
		const id = addEntry(owner.doc, { content: '路灯不亮', place: '', category: 'infrastructure', receivedOn: '2026-01-05', visitId: '' }, '王干部', NOW);
		const peer = client(running.url, 'assistant');
		await waitFor(() => timeline(peer.doc, id).length === 1, 5000, 'the peer has the entry');
		// The attacker's copy, under the owner's client id, writes the owner's next item first.
		const forger = new Y.Doc();
		forger.clientID = owner.doc.clientID;
		Y.applyUpdate(forger, Y.encodeStateAsUpdate(await running.relay.load(BOARD)));
		forger.clientID = owner.doc.clientID; // Yjs gives a doc a new id when an update brings its own
		const before = Y.encodeStateVector(forger);
		appendEvent(forger, id, { type: 'note', text: '冒名的记录' }, '王干部', NOW + 1);
		const stored = await running.relay.log.count(BOARD);
		const attacker = await rawSocket(running.url, `${BOARD}?user=lawyer`);
		attacker.socket.send(updateMessage(Y.encodeStateAsUpdate(forger, before)));
		expect((await attacker.closed).code).toBe(CloseCode.refused);
		await running.relay.log.settled();
		expect(await running.relay.log.count(BOARD)).toBe(stored);
		const note = appendEvent(owner.doc, id, { type: 'note', text: '真正的记录' }, '王干部', NOW + 2);
		await waitFor(() => timeline(peer.doc, id).some((e) => e.id === note.id), 5000, "the owner's note at the peer");
		expect(timeline(await running.relay.load(BOARD), id).map((e) => e.text ?? '')).toEqual(['', '真正的记录']);
	});

	it('lets a person go on writing under a client id of their own from another connection (a reconnect)', async () => {
		const running = await relay();
		const phone = new Y.Doc();
		const first = client(running.url, 'cadre', phone);
		await first.synced();
		const id = addEntry(phone, { content: '路灯不亮', place: '', category: 'infrastructure', receivedOn: '2026-01-05', visitId: '' }, '王干部', NOW);
		await waitFor(async () => (await running.relay.log.count(BOARD)) >= 1, 5000, 'stored');
		first.provider.disconnect();
		const again = client(running.url, 'cadre', phone);
		await again.synced();
		appendEvent(phone, id, { type: 'note', text: '已报修' }, '王干部', NOW + 1);
		await waitFor(async () => timeline(await running.relay.load(BOARD), id).length === 2, 5000, 'the note stored');
	});

	it("does not give a client id to whoever's step 2 brings its items: their writer goes on writing (a relay restored from an older backup, another process not caught up)", async () => {
		const running = await relay();
		// The writer's items the relay does not have, held by a teammate's phone.
		const writerDoc = new Y.Doc();
		const id = addEntry(writerDoc, { content: '路灯不亮', place: '', category: 'infrastructure', receivedOn: '2026-01-05', visitId: '' }, '王干部', NOW);
		const teammate = new Y.Doc();
		Y.applyUpdate(teammate, Y.encodeStateAsUpdate(writerDoc));
		const step2 = await rawSocket(running.url, `${BOARD}?user=assistant`);
		step2.socket.send(updateMessage(Y.encodeStateAsUpdate(teammate), 1));
		await waitFor(async () => timeline(await running.relay.load(BOARD), id).length === 1, 5000, "the teammate's step 2 stored");
		// The writer comes back and goes on: not refused as writing under someone else's id.
		const writer = client(running.url, 'cadre', writerDoc);
		await writer.synced();
		const note = appendEvent(writerDoc, id, { type: 'note', text: '已报修' }, '王干部', NOW + 1);
		await waitFor(async () => timeline(await running.relay.load(BOARD), id).some((e) => e.id === note.id), 5000, "the writer's note stored");
	});
});

