// Presence (awareness) is bounded and owned: each state has a size limit, each connection a
// limit of client ids, and a connection changes or removes only the client ids it claimed first.
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Authorize } from './types.js';
import { connectClient, rawSocket, startRelay, tempDataFile, waitFor, type RunningRelay } from './test-kit.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// `?user=<id>` names the person; `&mode=read` makes the connection read-only.
const authorize: Authorize = (request) => {
	const params = new URL(request.url ?? '/', 'http://x').searchParams;
	const user = params.get('user') ?? 'anon';
	return { userId: user, name: `Name of ${user}`, canWrite: params.get('mode') !== 'read' };
};

async function relayOn(options: Partial<Parameters<typeof startRelay>[0]> = {}): Promise<RunningRelay> {
	const { file, cleanup } = tempDataFile();
	cleanups.push(cleanup);
	const running = await startRelay({ dataFile: file, authorize, ...options });
	cleanups.push(() => running.stop());
	return running;
}

function client(url: string, docName: string, user: string) {
	const c = connectClient(url, docName, new Y.Doc(), { user });
	cleanups.push(() => c.provider.destroy());
	return c;
}

/** One awareness message with the given entries, encoded by hand (a hostile client's bytes). */
function awarenessMessage(entries: { clientID: number; clock: number; state: unknown }[]): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, entries.length);
	for (const { clientID, clock, state } of entries) {
		encoding.writeVarUint(inner, clientID);
		encoding.writeVarUint(inner, clock);
		encoding.writeVarString(inner, JSON.stringify(state));
	}
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
	return encoding.toUint8Array(e);
}

const states = (running: RunningRelay, docName: string) => running.relay.rooms.get(docName)?.awareness.getStates() ?? new Map();

describe('relay: presence is owned by the connection that claimed it', () => {
	it("neither overwrites nor removes another client's presence on a spoofed update", async () => {
		const running = await relayOn();
		const alice = client(running.url, 'board:P1', 'alice');
		await alice.synced();
		alice.provider.awareness.setLocalState({ here: true, cursor: 1 });
		const aliceId = alice.doc.clientID;
		await waitFor(() => states(running, 'board:P1').get(aliceId)?.cursor === 1, 5000, "alice's presence");
		const observer = client(running.url, 'board:P1', 'observer');
		await observer.synced();
		await waitFor(() => observer.provider.awareness.getStates().get(aliceId)?.cursor === 1, 5000, 'observer sees alice');

		const mallory = await rawSocket(running.url, 'board:P1?user=mallory');
		mallory.socket.send(awarenessMessage([{ clientID: aliceId, clock: 1000, state: { here: true, cursor: 666 } }]));
		mallory.socket.send(awarenessMessage([{ clientID: aliceId, clock: 2000, state: null }]));
		// Mallory's own presence, sent after the spoofs, marks that they were all read.
		mallory.socket.send(awarenessMessage([{ clientID: 4242, clock: 1, state: { here: true } }]));
		await waitFor(() => observer.provider.awareness.getStates().has(4242), 5000, "mallory's own presence");

		expect(states(running, 'board:P1').get(aliceId)).toEqual({ here: true, cursor: 1, user: { id: 'alice', name: 'Name of alice' } });
		expect(observer.provider.awareness.getStates().get(aliceId)?.cursor).toBe(1);
		expect(observer.provider.awareness.getStates().get(4242)?.user).toEqual({ id: 'mallory', name: 'Name of mallory' });

		// Alice still owns her id: her next change goes through.
		alice.provider.awareness.setLocalStateField('cursor', 2);
		await waitFor(() => observer.provider.awareness.getStates().get(aliceId)?.cursor === 2, 5000, "alice's change");
	});

	it("replaces a claimed user with the verified one whole: no claimed role or phone rides along", async () => {
		const running = await relayOn();
		const observer = client(running.url, 'board:P6', 'observer');
		await observer.synced();
		const mallory = await rawSocket(running.url, 'board:P6?user=mallory');
		mallory.socket.send(awarenessMessage([{ clientID: 31, clock: 1, state: { here: true, user: { id: 'office', name: '一线办', role: 'office', phone: '13800000000' } } }]));
		await waitFor(() => observer.provider.awareness.getStates().has(31), 5000, "mallory's presence");
		expect(observer.provider.awareness.getStates().get(31)).toEqual({ here: true, user: { id: 'mallory', name: 'Name of mallory' } });
	});

	it('removes the presence of every client id of a connection when it closes', async () => {
		const running = await relayOn();
		const observer = client(running.url, 'board:P2', 'observer');
		await observer.synced();
		observer.provider.awareness.setLocalState({ here: true });
		await waitFor(() => states(running, 'board:P2').has(observer.doc.clientID), 5000, "observer's presence");
		const bob = await rawSocket(running.url, 'board:P2?user=bob');
		bob.socket.send(awarenessMessage([{ clientID: 11, clock: 1, state: { a: 1 } }, { clientID: 12, clock: 1, state: { b: 2 } }]));
		await waitFor(() => observer.provider.awareness.getStates().has(11) && observer.provider.awareness.getStates().has(12), 5000, "bob's presence");
		bob.socket.close();
		await waitFor(() => !observer.provider.awareness.getStates().has(11) && !observer.provider.awareness.getStates().has(12), 5000, "bob's presence removed");
		expect([...states(running, 'board:P2').keys()]).toEqual([observer.doc.clientID]);
	});
});

describe('relay: presence is bounded', () => {
	it('drops a state over the size limit, and parks nothing a joiner would download', async () => {
		const running = await relayOn({ maxAwarenessStateBytes: 2048 });
		const parker = await rawSocket(running.url, 'board:P3?user=parker');
		parker.socket.send(awarenessMessage([{ clientID: 21, clock: 1, state: { junk: 'x'.repeat(1024 * 1024) } }]));
		parker.socket.send(awarenessMessage([{ clientID: 22, clock: 1, state: { small: 'x'.repeat(1000) } }]));
		await waitFor(() => states(running, 'board:P3').has(22), 5000, 'the small state');
		expect(states(running, 'board:P3').has(21)).toBe(false);

		// A state that grows past the limit later is dropped too: the last good one stays.
		parker.socket.send(awarenessMessage([{ clientID: 22, clock: 2, state: { small: 'y'.repeat(4096) } }]));
		parker.socket.send(awarenessMessage([{ clientID: 22, clock: 3, state: { small: 'z' } }]));
		await waitFor(() => states(running, 'board:P3').get(22)?.small === 'z', 5000, 'the next good state');
		// The limit holds for the state as relayed, the verified user stamped in.
		parker.socket.send(awarenessMessage([{ clientID: 22, clock: 4, state: { small: 'w'.repeat(2030) } }]));
		parker.socket.send(awarenessMessage([{ clientID: 23, clock: 1, state: { read: true } }]));
		await waitFor(() => states(running, 'board:P3').has(23), 5000, 'the state after');
		expect(states(running, 'board:P3').get(22)?.small).toBe('z');

		const joiner = client(running.url, 'board:P3', 'joiner');
		await joiner.synced();
		await waitFor(() => joiner.provider.awareness.getStates().has(22), 5000, 'joiner sees presence');
		expect(joiner.provider.awareness.getStates().has(21)).toBe(false);
	});

	it('keeps at most the limit of client ids per connection', async () => {
		const running = await relayOn({ maxAwarenessClients: 4 });
		const parker = await rawSocket(running.url, 'board:P4?user=parker');
		const entries = Array.from({ length: 100 }, (_, i) => ({ clientID: 1000 + i, clock: 1, state: { i } }));
		parker.socket.send(awarenessMessage(entries));
		parker.socket.send(awarenessMessage([{ clientID: 5000, clock: 1, state: { late: true } }]));
		const owned = [1000, 1001, 1002, 1003];
		await waitFor(() => owned.every((id) => states(running, 'board:P4').has(id)), 5000, 'the first four');
		// A later update of a claimed id still goes through; a fifth id does not.
		parker.socket.send(awarenessMessage([{ clientID: 1000, clock: 2, state: { i: 'again' } }]));
		await waitFor(() => states(running, 'board:P4').get(1000)?.i === 'again', 5000, 'update of an owned id');
		expect([...states(running, 'board:P4').keys()].sort()).toEqual(owned);
	});

	it('lets a read-only connection keep its presence, within the same bounds', async () => {
		const running = await relayOn({ maxAwarenessStateBytes: 2048, maxAwarenessClients: 2 });
		const writer = client(running.url, 'board:P5', 'writer');
		await writer.synced();
		const reader = connectClient(running.url, 'board:P5', new Y.Doc(), { user: 'reader', mode: 'read' });
		cleanups.push(() => reader.provider.destroy());
		await reader.synced();
		reader.provider.awareness.setLocalState({ here: true });
		await waitFor(() => writer.provider.awareness.getStates().get(reader.doc.clientID)?.user?.id === 'reader', 5000, "reader's presence");

		const rawReader = await rawSocket(running.url, 'board:P5?user=reader2&mode=read');
		rawReader.socket.send(awarenessMessage([{ clientID: 31, clock: 1, state: { junk: 'x'.repeat(100_000) } }]));
		rawReader.socket.send(awarenessMessage([{ clientID: 32, clock: 1, state: {} }, { clientID: 33, clock: 1, state: {} }, { clientID: 34, clock: 1, state: {} }]));
		await waitFor(() => states(running, 'board:P5').has(33), 5000, "the raw reader's states");
		expect(states(running, 'board:P5').has(31)).toBe(false);
		expect(states(running, 'board:P5').has(34)).toBe(false);
		expect(rawReader.socket.readyState).toBe(rawReader.socket.OPEN);
	});

	it('keeps no bookkeeping of a presence whose connection has gone, however many come and go', async () => {
		const running = await relayOn({ maxAwarenessClients: 4 });
		// One connection keeps the room open while others claim four ids each and leave.
		const anchor = client(running.url, 'board:P6', 'anchor');
		await anchor.synced();
		anchor.provider.awareness.setLocalState({ here: true });
		await waitFor(() => states(running, 'board:P6').has(anchor.doc.clientID), 5000, "the anchor's presence");
		const room = () => running.relay.rooms.get('board:P6')!;
		const baseline = room().awareness.meta.size;
		let id = 100;
		for (let round = 0; round < 5; round++) {
			const sockets = await Promise.all(Array.from({ length: 10 }, () => rawSocket(running.url, 'board:P6?user=churn')));
			const ids = sockets.map(({ socket }) => {
				const mine = [id++, id++, id++, id++];
				socket.send(awarenessMessage(mine.map((clientID) => ({ clientID, clock: 1, state: { here: true } }))));
				return mine.at(-1)!;
			});
			await waitFor(() => ids.every((last) => states(running, 'board:P6').has(last)), 5000, 'the states');
			for (const { socket } of sockets) socket.close();
			await waitFor(() => ids.every((last) => !states(running, 'board:P6').has(last)), 5000, 'the states removed');
		}
		expect(room().awareness.meta.size).toBe(baseline);
		expect(room().presenceOwners.size).toBe(1);
	});

	it('keeps no bookkeeping of a presence another server process says is gone', async () => {
		const running = await relayOn();
		const anchor = client(running.url, 'board:P7', 'anchor');
		await anchor.synced();
		const room = running.relay.rooms.get('board:P7')!;
		const inner = (clientID: number, clock: number, state: unknown) => {
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint(e, clientID);
			encoding.writeVarUint(e, clock);
			encoding.writeVarString(e, JSON.stringify(state));
			return encoding.toUint8Array(e);
		};
		const baseline = room.awareness.meta.size;
		for (let id = 700; id < 750; id++) {
			room.applyPeerPresence(inner(id, 1, { here: true }));
			room.applyPeerPresence(inner(id, 2, null));
		}
		expect(room.awareness.getStates().has(700)).toBe(false);
		expect(room.awareness.meta.size).toBe(baseline);
	});
});
