// An update that changes nothing is neither stored nor forwarded (docs/sync-protocol.md), also when
// its first copy is still waiting to be committed: the same frame sent several times at once, or a
// teammate's phone passing on in its step 2 what the writer has just sent. A flush from the
// connection that sent the copy is acknowledged only once the first copy is committed.
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { addEntry } from '../../src/lib/documents/board';
import { rulesFor } from '../documents/doc-rules';
import { messageAck, messageFlush } from './ack';
import { messageQueryAwareness } from './protocol';
import { connectClient, rawSocket, startRelay, tempDataFile, updateMessage, waitFor, writerByParam } from './test-kit';
import { createUpdateLog, type UpdateLog } from './update-log';

const BOARD = 'board:station0001';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});


/** A real SQLite update log whose commits wait, while `hold` is on, until `release` (a slow disk). */
function slowLog(file: string) {
	const inner = createUpdateLog({ dataFile: file });
	const held: (() => void)[] = [];
	let holding = false;
	const appendSoon: UpdateLog['appendSoon'] = (...args) => {
		const commit = () => inner.appendSoon(...args);
		if (holding) held.push(commit);
		else commit();
	};
	const log = new Proxy(inner, {
		get(target, key) {
			if (key === 'appendSoon') return appendSoon;
			const value = Reflect.get(target, key, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
	return {
		log,
		held: () => held.length,
		hold: () => void (holding = true),
		release: () => {
			holding = false;
			for (const commit of held.splice(0)) commit();
		}
	};
}

async function relay() {
	const { file, cleanup } = tempDataFile();
	const slow = slowLog(file);
	const running = await startRelay({ dataFile: file, updateLog: slow.log, rules: rulesFor, authorize: writerByParam });
	cleanups.push(cleanup, () => running.stop());
	return { ...running, slow };
}

/** A new entry, as an update against the relay's board (a writer's edit). */
async function newEntry(running: Awaited<ReturnType<typeof relay>>, content: string): Promise<Uint8Array> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(await running.relay.load(BOARD)));
	const before = Y.encodeStateVector(doc);
	addEntry(doc, { content, place: '', category: 'infrastructure', receivedOn: '2026-01-05', visitId: '' }, '王干部', Date.UTC(2026, 0, 5, 9));
	return Y.encodeStateAsUpdate(doc, before);
}

const frame = (...parts: number[]) => {
	const encoder = encoding.createEncoder();
	for (const part of parts) encoding.writeVarUint(encoder, part);
	return encoding.toUint8Array(encoder);
};

/** Resolves once the relay has read everything sent on `socket` before (it answers a presence query in order). */
async function readUpTo(socket: WebSocket): Promise<void> {
	const answered = new Promise<void>((resolve) => {
		const heard = (data: Buffer) => data[0] === 1 && (socket.off('message', heard), resolve());
		socket.on('message', heard);
	});
	socket.send(frame(messageQueryAwareness));
	await answered;
}

/** Resolves with whether `released()` held when the relay acknowledged flush `seq` on `socket`. */
function acknowledged(socket: WebSocket, seq: number, released: () => boolean): Promise<boolean> {
	return new Promise((resolve) => socket.on('message', (data: Buffer) => data[0] === messageAck && data[1] === seq && resolve(released())));
}

describe('relay: copies of an update not yet committed', () => {
	it('stores and forwards an update sent four times at once only once', async () => {
		const running = await relay();
		const peer = connectClient(running.url, BOARD, new Y.Doc(), { user: 'assistant' });
		cleanups.push(() => peer.provider.destroy());
		await peer.synced();
		let updates = 0;
		peer.provider.ws!.addEventListener('message', (e: MessageEvent<ArrayBuffer>) => {
			const data = new Uint8Array(e.data);
			if (data[0] === 0 && data[1] === 2) updates++;
		});
		const update = await newEntry(running, '路灯不亮');
		const rows = await running.relay.log.count(BOARD);
		const writer = await rawSocket(running.url, `${BOARD}?user=cadre&ack=1`);
		cleanups.push(() => writer.socket.close());
		for (const sub of [2, 2, 1, 2] as const) writer.socket.send(updateMessage(update, sub));
		// Then another entry, and a flush: acknowledged once everything before it is committed.
		writer.socket.send(updateMessage(await newEntry(running, '井盖松动'), 2));
		const acked = acknowledged(writer.socket, 1, () => true);
		writer.socket.send(frame(messageFlush, 1));
		await acked;
		expect(await running.relay.log.count(BOARD)).toBe(rows + 2);
		await waitFor(() => peer.doc.getMap('entries').size === 2, 5000, 'both entries at the peer');
		expect(updates, 'updates forwarded to the peer').toBe(2);
	});

	it("acknowledges a teammate's copy only once the writer's is committed, and stores it once", async () => {
		const running = await relay();
		const update = await newEntry(running, '井盖松动');
		const rows = await running.relay.log.count(BOARD);
		running.slow.hold();
		const writer = await rawSocket(running.url, `${BOARD}?user=cadre`);
		const teammate = await rawSocket(running.url, `${BOARD}?user=assistant&ack=1`);
		cleanups.push(() => writer.socket.close(), () => teammate.socket.close());
		writer.socket.send(updateMessage(update, 2));
		await waitFor(() => running.slow.held() === 1, 5000, "the writer's update waiting for its commit");
		// The teammate's phone passes the same change on in its step 2, then asks for a flush.
		let released = false;
		const acked = acknowledged(teammate.socket, 9, () => released);
		teammate.socket.send(updateMessage(update, 1));
		teammate.socket.send(frame(messageFlush, 9));
		await readUpTo(teammate.socket);
		released = true;
		running.slow.release();
		expect(await acked, 'acknowledged after the commit').toBe(true);
		await running.relay.log.settled();
		expect(await running.relay.log.count(BOARD)).toBe(rows + 1);
	});
});
