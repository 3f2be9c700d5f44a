// An update's client runs in Yjs's own order (each client once, highest first). Y.applyUpdate takes
// any order, but Y.mergeUpdates — the relay's compaction — does not: an update listing a low client
// before another writer's items, copied unchanged, passed every rule, and the compaction then wrote
// that writer's client twice, the second run hiding the first: their entries gone for good. Such an
// update is refused (4422); a stored one (from before) is compacted by applying the updates instead.
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addEntry, boardParts } from '../../src/lib/documents/board';
import { rulesRelayKit } from '../documents/rules-test-kit';
import { Merger } from './merger.js';
import { rawSocket, updateMessage, waitFor } from './test-kit';
import { CloseCode } from './types';
import { clientsOutOfOrder } from './update-order.mjs';

const BOARD = 'board:station0001';
const NOW = Date.UTC(2026, 0, 5, 9);
const { relay } = rulesRelayKit();
const facts = (content: string) => ({ content, place: '', category: 'infrastructure', receivedOn: '2026-01-05', visitId: '' });

/** The runs written in the order given (Yjs writes them highest client first), with no deletions. */
function inOrder(runs: (Y.Item | Y.GC | Y.Skip)[][]): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	encoding.writeVarUint(encoder.restEncoder, runs.length);
	for (const run of runs) {
		encoding.writeVarUint(encoder.restEncoder, run.length);
		encoder.writeClient(run[0].id.client);
		encoding.writeVarUint(encoder.restEncoder, run[0].id.clock);
		for (const s of run) s.write(encoder, 0);
	}
	encoding.writeVarUint(encoder.restEncoder, 0);
	return encoder.toUint8Array();
}

/** A writer's (client 7) new name for the board, then a copy of the other writer's items: low client first. */
function forged(board: Y.Doc, victim: number): Uint8Array {
	const copy = Y.decodeUpdate(Y.encodeStateAsUpdate(board)).structs.filter((s) => s.id.client === victim);
	const writer = new Y.Doc();
	Y.applyUpdate(writer, Y.encodeStateAsUpdate(board));
	writer.clientID = 7;
	const mine: Uint8Array[] = [];
	writer.on('update', (u: Uint8Array) => mine.push(u));
	writer.getMap('meta').set('name', '改过的名字');
	return inOrder([Y.decodeUpdate(mine[0]).structs, copy]);
}

function boardWithEntries(client: number, ...contents: string[]): { doc: Y.Doc; rows: Uint8Array[] } {
	const doc = new Y.Doc();
	doc.clientID = client;
	const rows: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => rows.push(u));
	for (const content of contents) addEntry(doc, facts(content), '王干部', NOW);
	return { doc, rows };
}

describe('clientsOutOfOrder', () => {
	it('finds Yjs’s own encodings in order: an edit, a whole state, a merge, a diff', () => {
		const a = boardWithEntries(500, '路灯不亮', '井盖松动');
		const b = new Y.Doc();
		b.clientID = 900;
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
		const sv = Y.encodeStateVector(b);
		b.getMap('meta').set('name', '幸福社区');
		for (const update of [...a.rows, Y.encodeStateAsUpdate(b), Y.mergeUpdates([...a.rows, Y.encodeStateAsUpdate(b, sv)]), Y.diffUpdate(Y.encodeStateAsUpdate(b), Y.encodeStateVector(new Y.Doc()))])
			expect(clientsOutOfOrder(update)).toBe(false);
	});

	it('finds a low client before a higher one, and a client written twice, out of order', () => {
		const a = boardWithEntries(500, '路灯不亮', '井盖松动');
		expect(clientsOutOfOrder(forged(a.doc, 500))).toBe(true);
		const [first, second] = a.rows.map((row) => Y.decodeUpdate(row).structs);
		expect(clientsOutOfOrder(inOrder([second, first]))).toBe(true);
	});
});

describe('the relay and its compaction', () => {
	it('refuses an update whose client runs are out of order, and stores nothing of it', async () => {
		const running = await relay();
		const a = boardWithEntries(500, '路灯不亮');
		const writer = await rawSocket(running.url, BOARD);
		writer.socket.send(updateMessage(a.rows[0]));
		await waitFor(async () => boardParts(await running.relay.load(BOARD)).entries.size === 1, 5000, 'stored');
		const before = await running.relay.log.count(BOARD);
		const { socket, closed } = await rawSocket(running.url, BOARD);
		socket.send(updateMessage(forged(a.doc, 500)));
		expect(await closed).toMatchObject({ code: CloseCode.refused });
		expect(await running.relay.log.count(BOARD)).toBe(before);
		writer.socket.close();
	});

	it('compacts stored updates one of which is out of order without losing what it lists twice', async () => {
		const a = boardWithEntries(500, '路灯不亮', '井盖松动');
		const rows = [...a.rows, forged(a.doc, 500)];
		const merger = new Merger();
		try {
			const merged = new Y.Doc();
			Y.applyUpdate(merged, await merger.merge(rows));
			expect([...boardParts(merged).entries.values()].map((e) => e.get('content')).sort()).toEqual(['井盖松动', '路灯不亮']);
			expect(merged.getMap('meta').get('name')).toBe('改过的名字');
		} finally {
			await merger.close();
		}
	});
});
