// A value of a kind no document holds is refused (docs/sync-protocol.md, "Document rules": a value
// of the wrong type). Yjs items may carry an embed, a format mark, a string run, binary or a
// subdocument; the documents hold plain values and maps and lists only. An embed reads as the same
// plain object (it passed the record checks, and reached a board's masked readers unmasked); a
// format mark is no value at all (it passed every check: an unknown top-level type, any size).
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addEntry, appendEvent, boardParts } from '../../src/lib/documents/board';
import { CloseCode } from '../relay/types';
import { rawSocket, updateMessage, waitFor } from '../relay/test-kit';
import { rulesRelayKit } from './rules-test-kit';

const BOARD = 'board:station0001';
const NOW = Date.UTC(2026, 0, 5, 9);
const { relay, client } = rulesRelayKit();

/** `update` with every plain value swapped for `swap(value)`, written as Yjs writes it (v1). */
function swapped(update: Uint8Array, swap: (value: unknown) => Y.Item['content']): Uint8Array {
	const { structs, ds } = Y.decodeUpdate(update);
	for (const s of structs) if (s instanceof Y.Item && s.content instanceof Y.ContentAny) s.content = swap(s.content.arr[0]);
	const encoder = new Y.UpdateEncoderV1();
	encoding.writeVarUint(encoder.restEncoder, 1);
	encoding.writeVarUint(encoder.restEncoder, structs.length);
	encoder.writeClient(structs[0].id.client);
	encoding.writeVarUint(encoder.restEncoder, structs[0].id.clock);
	for (const s of structs) s.write(encoder, 0);
	encoding.writeVarUint(encoder.restEncoder, ds.clients.size);
	expect(ds.clients.size).toBe(0);
	return encoder.toUint8Array();
}

async function expectRefused(docName: string, url: string, update: Uint8Array, stored: () => Promise<number>) {
	const before = await stored();
	const { socket, closed } = await rawSocket(url, docName);
	socket.send(updateMessage(update));
	expect((await closed).code).toBe(CloseCode.refused);
	expect(await stored()).toBe(before);
}

describe('relay: a value of a kind the documents never hold is refused (4422)', () => {
	it('refuses a timeline event sent as an embed', async () => {
		const running = await relay();
		const owner = client(running.url, BOARD);
		await owner.synced();
		const id = addEntry(owner.doc, { content: '路灯不亮', place: '3号楼', category: 'infrastructure', receivedOn: '2026-01-05', visitId: '' }, '王干部', NOW);
		await waitFor(async () => (await running.relay.load(BOARD)).getMap('entries').has(id), 5000, 'stored');
		const writer = new Y.Doc();
		Y.applyUpdate(writer, Y.encodeStateAsUpdate(owner.doc));
		const state = Y.encodeStateVector(writer);
		appendEvent(writer, id, { type: 'note', text: '已回电周红梅 13700001111' }, '王干部', NOW + 1);
		const embed = swapped(Y.encodeStateAsUpdate(writer, state), (value) => new Y.ContentEmbed(value as object));
		await expectRefused(BOARD, running.url, embed, () => running.relay.log.count(BOARD));
		expect(((await running.relay.load(BOARD)).getMap('entries').get(id) as Y.Map<Y.Array<unknown>>).get('timeline')!.length).toBe(1);
	});

	it('refuses a format mark, whatever it is placed in', async () => {
		const running = await relay();
		const owner = client(running.url, BOARD);
		await owner.synced();
		const junk = new Y.Doc();
		junk.getArray('junk').insert(0, ['x']);
		const format = swapped(Y.encodeStateAsUpdate(junk), () => new Y.ContentFormat('k', 'A'.repeat(100_000)));
		await expectRefused(BOARD, running.url, format, () => running.relay.log.count(BOARD));
		expect(boardParts(await running.relay.load(BOARD)).entries.size).toBe(0);
	});
});
