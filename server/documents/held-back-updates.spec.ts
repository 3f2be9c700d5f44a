// An update that hangs on changes the relay does not have (a deletion of another writer's future
// clocks, an item placed after another writer's future item) would wait inside Yjs until they
// came, and then take effect in that writer's transaction, where the rules see only what that
// writer did. The relay takes only what integrates when it arrives: the rest is neither stored nor
// forwarded. Stock y-websocket clients, a hand-made attacker, the real relay on a real SQLite file.
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, appendEvent, boardParts } from '../../src/lib/documents/board';
import { CloseCode } from '../relay/types';
import { rawSocket, startRelay, tempDataFile, updateMessage, waitFor } from '../relay/test-kit';
import { rulesFor } from './doc-rules';
import { rulesRelayKit } from './rules-test-kit';

const BOARD = 'board:station0001';
const NOW = Date.UTC(2026, 0, 5, 9);
const { relay, client } = rulesRelayKit();

const timeline = (doc: Y.Doc, id: string) => (boardParts(doc).entries.get(id)?.get('timeline') as Y.Array<{ id: string; type: string }> | undefined)?.toArray() ?? [];

/** A board with one entry written by `owner`, who goes on writing; `peer` watches. */
async function board() {
	const running = await relay();
	const owner = client(running.url, BOARD);
	await owner.synced();
	const id = addEntry(owner.doc, { content: '路灯不亮', place: '3号楼', category: 'infrastructure', receivedOn: '2026-01-05', visitId: '' }, '王干部', NOW);
	const peer = client(running.url, BOARD);
	await waitFor(() => timeline(peer.doc, id).length === 1, 5000, 'the peer has the entry');
	const attacker = await rawSocket(running.url, BOARD);
	let attackerClosed = false;
	void attacker.closed.then(() => (attackerClosed = true));
	return { running, owner, peer, id, attacker, attackerClosed: () => attackerClosed };
}

/** The owner's next note reaches the server and the peer, and the server's copy is what the peer has. */
async function ownersNoteSurvives(setup: Awaited<ReturnType<typeof board>>) {
	const { running, owner, peer, id } = setup;
	const note = appendEvent(owner.doc, id, { type: 'note', text: '已联系物业' }, '王干部', NOW + 1);
	await waitFor(() => timeline(peer.doc, id).some((e) => e.id === note.id), 5000, "the owner's note at the peer");
	await running.relay.log.settled();
	expect(owner.closes).toEqual([]);
	const server = await running.relay.load(BOARD);
	expect(timeline(server, id).map((e) => e.id)).toEqual(timeline(owner.doc, id).map((e) => e.id));
	expect(timeline(server, id).map((e) => e.type)).toEqual(['created', 'note']);
	expect(server.store.pendingStructs).toBeNull();
	expect(server.store.pendingDs).toBeNull();
}

/** No struct; a delete set for `client`'s clocks from `from` on. */
function deleteFrom(client: number, from: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, client);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, from);
	encoding.writeVarUint(encoder, 100_000);
	return encoding.toUint8Array(encoder);
}

describe('relay: an update that hangs on changes the relay does not have', () => {
	it("deletes nothing of a writer's future clocks: the writer's next note stays (it was deleted everywhere)", async () => {
		const setup = await board();
		const { owner, running } = setup;
		const next = Y.getState((await running.relay.load(BOARD)).store, owner.doc.clientID);
		const stored = await running.relay.log.count(BOARD);
		setup.attacker.socket.send(updateMessage(deleteFrom(owner.doc.clientID, next)));
		await new Promise((resolve) => setTimeout(resolve, 200));
		await running.relay.log.settled();
		expect(await running.relay.log.count(BOARD)).toBe(stored);
		await ownersNoteSurvives(setup);
	});

	it("takes no item placed after a writer's future item: the writer's next note is not refused for it", async () => {
		const setup = await board();
		const { owner, running, id } = setup;
		// What the owner will write next, made on a copy under the owner's id, and a server-only
		// `decided` event placed after it: only the event is sent.
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(await running.relay.load(BOARD)));
		copy.clientID = owner.doc.clientID;
		appendEvent(copy, id, { type: 'note', text: '占位' }, '王干部', NOW + 1);
		const attackerDoc = new Y.Doc();
		Y.applyUpdate(attackerDoc, Y.encodeStateAsUpdate(copy));
		const before = Y.encodeStateVector(attackerDoc);
		(boardParts(attackerDoc).entries.get(id)!.get('timeline') as Y.Array<unknown>).push([{ id: 'forged0001', at: NOW + 2, by: '调度会', type: 'decided', decision: '伪造', department: '伪造部门', meetingDate: '2026-01-25' }]);
		setup.attacker.socket.send(updateMessage(Y.encodeStateAsUpdate(attackerDoc, before)));
		await new Promise((resolve) => setTimeout(resolve, 200));
		await ownersNoteSurvives(setup);
		expect(owner.closes).not.toContain(CloseCode.refused);
	});

	it("takes an honest edit sent before its connection's step 2 once the step 2 brings what it hangs on", async () => {
		const running = await relay();
		// Made offline: an entry, then a note on it, each its own update.
		const phone = new Y.Doc();
		const updates: Uint8Array[] = [];
		phone.on('update', (u: Uint8Array) => updates.push(u));
		const id = addEntry(phone, { content: '井盖缺失', place: '', category: 'infrastructure', receivedOn: '2026-01-05', visitId: '' }, '王干部', NOW);
		appendEvent(phone, id, { type: 'note', text: '已设围挡' }, '王干部', NOW + 1);
		const { socket } = await rawSocket(running.url, BOARD);
		socket.send(updateMessage(updates[1])); // the note, before the entry it is on
		socket.send(updateMessage(Y.encodeStateAsUpdate(phone))); // the step 2's content: everything
		const watcher = client(running.url, BOARD);
		await waitFor(() => timeline(watcher.doc, id).length === 2, 5000, 'the entry and its note at a peer');
		expect(timeline(await running.relay.load(BOARD), id).map((e) => e.type)).toEqual(['created', 'note']);
	});

	it('leaves out what a stored log still holds waiting (stored before the relay took only what integrates)', async () => {
		const { file, cleanup } = tempDataFile();
		let running = await startRelay({ dataFile: file, rules: rulesFor });
		const port = Number(new URL(running.url).port);
		try {
			const owner = client(running.url, BOARD);
			await owner.synced();
			const id = addEntry(owner.doc, { content: '路灯不亮', place: '', category: 'infrastructure', receivedOn: '2026-01-05', visitId: '' }, '王干部', NOW);
			await waitFor(async () => (await running.relay.log.count(BOARD)) >= 1, 5000, 'stored');
			const next = Y.getState(owner.doc.store, owner.doc.clientID);
			await running.relay.log.append(BOARD, deleteFrom(owner.doc.clientID, next), 'before-the-fix');
			// A restart loads it; the owner, still open, comes back to the same address.
			await running.stop();
			running = await startRelay({ dataFile: file, rules: rulesFor }, port);
			await waitFor(() => owner.provider.wsconnected && owner.provider.synced, 10_000, 'the owner back');
			const note = appendEvent(owner.doc, id, { type: 'note', text: '已报修' }, '王干部', NOW + 1);
			const peer = client(running.url, BOARD);
			await waitFor(() => timeline(peer.doc, id).some((e) => e.id === note.id), 5000, 'the note at a peer');
		} finally {
			await running.stop();
			cleanup();
		}
	}, 20_000);
});
