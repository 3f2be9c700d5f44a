import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Merger } from './merger.js';
import { CloseCode, type Authorize } from './types.js';
import { SqliteUpdateLog } from './update-log.js';
import { connectClient, rawSocket, startRelay, tempDataFile, waitFor, type RunningRelay } from './test-kit.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relayOn(file: string, options: Partial<Parameters<typeof startRelay>[0]> = {}): Promise<RunningRelay> {
	const running = await startRelay({ dataFile: file, ...options });
	cleanups.push(() => running.stop());
	return running;
}

function freshFile(): string {
	const { file, cleanup } = tempDataFile();
	cleanups.push(cleanup);
	return file;
}

function client(url: string, docName: string, params?: Record<string, string>) {
	const c = connectClient(url, docName, new Y.Doc(), params);
	cleanups.push(() => c.provider.destroy());
	return c;
}

const text = (doc: Y.Doc) => doc.getText('t').toString();

describe('relay: sync between stock y-websocket clients', () => {
	it('lets two clients converge on the same text', async () => {
		const { url } = await relayOn(freshFile());
		const a = client(url, 'board:A1');
		const b = client(url, 'board:A1');
		await Promise.all([a.synced(), b.synced()]);
		a.doc.getText('t').insert(0, 'hello ');
		b.doc.getText('t').insert(0, 'world');
		await waitFor(() => text(a.doc) === text(b.doc) && text(a.doc).length === 11, 5000, 'convergence');
	});

	it('gives a client joining later the full state', async () => {
		const { url } = await relayOn(freshFile());
		const a = client(url, 'board:A1');
		await a.synced();
		for (let i = 0; i < 20; i++) a.doc.getArray<number>('n').push([i]);
		const b = client(url, 'board:A1');
		await waitFor(() => b.doc.getArray('n').length === 20, 5000, 'peer');
		const c = client(url, 'board:A1');
		await waitFor(() => c.doc.getArray('n').length === 20, 5000, 'late joiner');
		expect(c.doc.getArray('n').toArray()).toEqual(a.doc.getArray('n').toArray());
	});

	it('keeps every edit across a restart of the relay over the same file', async () => {
		const file = freshFile();
		const first = await relayOn(file);
		const a = client(first.url, 'visits:S1');
		await a.synced();
		a.doc.getText('t').insert(0, 'kept');
		a.doc.getMap('m').set('k', 'v');
		await waitFor(async () => (await first.relay.log.count('visits:S1')) >= 2, 5000, 'stored');
		a.provider.destroy();
		await first.stop();

		const second = await relayOn(file);
		const b = client(second.url, 'visits:S1');
		await b.synced();
		expect(text(b.doc)).toBe('kept');
		expect(b.doc.getMap('m').get('k')).toBe('v');
	});
});

describe('relay: read-only connections', () => {
	// The auth hook under test: `?mode=read` marks a reader.
	const authorize: Authorize = (request) => {
		const readOnly = new URL(request.url ?? '/', 'http://x').searchParams.get('mode') === 'read';
		return { userId: readOnly ? 'reader' : 'writer', name: readOnly ? 'Reader' : 'Writer', canWrite: !readOnly };
	};

	it('shows a reader edits live and closes it, unapplied, when it tries to change the document', async () => {
		const { url, relay } = await relayOn(freshFile(), { authorize });
		const writer = client(url, 'board:R1');
		await writer.synced();
		writer.doc.getText('t').insert(0, 'abc');
		const reader = client(url, 'board:R1', { mode: 'read' });
		await reader.synced(); // its empty step 2 was accepted
		await waitFor(() => text(reader.doc) === 'abc', 5000, 'reader sees initial state');
		writer.doc.getText('t').insert(3, 'def');
		await waitFor(() => text(reader.doc) === 'abcdef', 5000, 'reader sees live edit');

		const closes: number[] = [];
		reader.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
		reader.doc.getText('t').insert(0, 'HACK');
		await waitFor(() => closes.length > 0, 5000, 'reader closed');
		expect(closes[0]).toBe(CloseCode.forbidden);

		const stored = new Y.Doc();
		(await relay.log.load('board:R1')).forEach((u) => Y.applyUpdate(stored, u));
		expect(text(stored)).toBe('abcdef');
		expect(text(relay.rooms.get('board:R1')!.doc)).toBe('abcdef');
		writer.doc.getText('t').insert(0, '>');
		await waitFor(() => text(relay.rooms.get('board:R1')!.doc) === '>abcdef', 5000, 'writer still writes');
	});

	it('accepts a reader whose step 2 carries only deletions the document already has', async () => {
		const { url } = await relayOn(freshFile(), { authorize });
		const writer = client(url, 'board:R2');
		await writer.synced();
		writer.doc.getText('t').insert(0, 'abcdef');
		writer.doc.getText('t').delete(1, 3);
		const reader = client(url, 'board:R2', { mode: 'read' });
		await waitFor(() => text(reader.doc) === 'aef', 5000, 'reader synced');
		const closes: number[] = [];
		reader.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
		// Reconnecting makes the reader send a step 2 whose delete set is not empty.
		reader.provider.disconnect();
		reader.provider.connect();
		await waitFor(() => reader.provider.synced, 5000, 'reader resynced');
		writer.doc.getText('t').insert(0, '!');
		await waitFor(() => text(reader.doc) === '!aef', 5000, 'reader still live');
		expect(closes.filter((c) => c !== 0)).toEqual([]);
	});
});

describe('relay: bad input closes one connection and changes nothing', () => {
	function envelope(write: (e: encoding.Encoder) => void): Uint8Array {
		const e = encoding.createEncoder();
		write(e);
		return encoding.toUint8Array(e);
	}

	it.each([
		// Seeded: the same bytes every run (a fresh random draw once in 256 began with an auth message's type).
		['random bytes', () => prng.uint8Array(prng.create(20261204), 512)],
		['an auth message followed by random bytes', () => Uint8Array.of(2, ...prng.uint8Array(prng.create(2), 64))],
		['an auth message with trailing bytes', () => envelope((e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0), encoding.writeVarString(e, 'no'), encoding.writeUint8(e, 1)))],
		['a truncated varint', () => new Uint8Array([0x80])],
		['a truncated update length', () => new Uint8Array([0, 2, 0xff, 0xff])],
		['garbage inside a well-framed update', () => envelope((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, new Uint8Array([5, 200, 1, 7, 7, 7]))))],
		['an unknown message type', () => new Uint8Array([9, 0])]
	])('closes the sender of %s with 4400, leaving the stored document and other rooms alone', async (_name, bytes) => {
		const { url, relay } = await relayOn(freshFile());
		const a = client(url, 'board:X1');
		const b = client(url, 'board:X1');
		const other = client(url, 'board:Y1');
		await Promise.all([a.synced(), b.synced(), other.synced()]);
		a.doc.getText('t').insert(0, 'before');
		await waitFor(() => text(b.doc) === 'before', 5000, 'peer before');
		const storedBefore = await relay.log.load('board:X1');

		const bad = await rawSocket(url, 'board:X1');
		bad.socket.send(bytes());
		expect((await bad.closed).code).toBe(CloseCode.malformed);

		expect(await relay.log.load('board:X1')).toEqual(storedBefore);
		a.doc.getText('t').insert(6, ' after');
		other.doc.getText('t').insert(0, 'elsewhere');
		await waitFor(() => text(b.doc) === 'before after', 5000, 'same room goes on');
		await waitFor(async () => await relay.log.count('board:Y1') > 0, 5000, 'other room goes on');
		expect(a.provider.wsconnected && b.provider.wsconnected && other.provider.wsconnected).toBe(true);
	});

	it("reads a client's well-formed auth message and ignores it: the next bad frame is what closes", async () => {
		const { url } = await relayOn(freshFile());
		const bad = await rawSocket(url, 'board:X2');
		bad.socket.send(envelope((e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0), encoding.writeVarString(e, 'denied'))));
		bad.socket.send(new Uint8Array([9, 0]));
		expect(await bad.closed).toEqual({ code: CloseCode.malformed, reason: 'unknown message type 9' });
	});

	it('closes a sender of an oversized frame with 1009 before buffering it', async () => {
		const { url, relay } = await relayOn(freshFile(), { maxMessageBytes: 64 * 1024 });
		const a = client(url, 'board:Z1');
		await a.synced();
		const bad = await rawSocket(url, 'board:Z1');
		bad.socket.send(new Uint8Array(65 * 1024));
		expect((await bad.closed).code).toBe(CloseCode.tooBig);
		a.doc.getText('t').insert(0, 'fine');
		await waitFor(async () => await relay.log.count('board:Z1') === 1, 5000, 'writer goes on');
		expect(a.provider.wsconnected).toBe(true);
	});

	it('refuses a 50 MB message under the default 10 MB limit', async () => {
		const { url } = await relayOn(freshFile());
		const bad = await rawSocket(url, 'board:Z2');
		bad.socket.send(new Uint8Array(50 * 1024 * 1024));
		expect((await bad.closed).code).toBe(CloseCode.tooBig);
	});

	it('refuses a bad document name and a rejection from the auth hook with its code', async () => {
		const { url } = await relayOn(freshFile(), {
			authorize: (_request, docName) =>
				docName.startsWith('board:') ? { userId: 'u', name: 'U', canWrite: true } : { reject: { code: CloseCode.forbidden, reason: 'no right' } }
		});
		const refused = await rawSocket(url, 'visits:S1');
		expect(await refused.closed).toEqual({ code: CloseCode.forbidden, reason: 'no right' });
		const badName = await rawSocket(url, 'board%20with%20spaces');
		expect((await badName.closed).code).toBe(CloseCode.unknownDocument);
	});
});

describe('relay: compaction and shutdown', () => {
	it('merges stored updates past the threshold and keeps the content identical', async () => {
		const file = freshFile();
		const first = await relayOn(file, { compactionThreshold: 10 });
		const a = client(first.url, 'board:C1');
		await a.synced();
		for (let i = 0; i < 35; i++) {
			a.doc.getText('t').insert(a.doc.getText('t').length, `${i},`);
			if (i % 7 === 3) a.doc.getText('t').delete(0, 1);
		}
		const expected = text(a.doc);
		await waitFor(() => text(first.relay.rooms.get('board:C1')!.doc) === expected, 5000, 'all stored');
		await first.relay.log.settled(); // compaction runs in a worker, documents one at a time
		expect(await first.relay.log.count('board:C1')).toBeLessThanOrEqual(10);
		a.provider.destroy();
		await first.stop();

		const second = await relayOn(file);
		const b = client(second.url, 'board:C1');
		await b.synced();
		expect(text(b.doc)).toBe(expected);
	});

	it('keeps delivering while a compaction merges (in the worker), and the merge keeps what came meanwhile', async () => {
		const file = freshFile();
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		let merging = 0;
		const merger = new (class extends Merger {
			override async merge(updates: Uint8Array[]) {
				merging++;
				await held;
				return super.merge(updates);
			}
		})();
		const running = await relayOn(file, { compactionThreshold: 10, updateLog: new SqliteUpdateLog({ dataFile: file, merger }) });
		const a = client(running.url, 'board:C2');
		const b = client(running.url, 'board:C2');
		await Promise.all([a.synced(), b.synced()]);
		for (let i = 0; i < 15; i++) a.doc.getText('t').insert(a.doc.getText('t').length, `${i},`);
		await waitFor(() => merging === 1, 5000, 'compaction merging');
		// The merge is held: updates still flow, stored and delivered.
		for (let i = 15; i < 30; i++) a.doc.getText('t').insert(a.doc.getText('t').length, `${i},`);
		await waitFor(() => text(b.doc) === text(a.doc), 5000, 'delivered during the merge');
		release();
		await running.relay.log.settled();
		const stored = new Y.Doc();
		(await running.relay.log.load('board:C2')).forEach((u) => Y.applyUpdate(stored, u));
		expect(text(stored)).toBe(text(a.doc));
		expect(await running.relay.log.count('board:C2')).toBeLessThan(30);
	});

	it('closes every socket with 1001 on shutdown', async () => {
		const running = await startRelay({ dataFile: freshFile() });
		const bare = await rawSocket(running.url, 'board:D1');
		await running.stop();
		expect((await bare.closed).code).toBe(CloseCode.goingAway);
	});
});
