// Bounded resources per connection and per address (issue 7, part B): backpressure, sync step 1
// answers, the connection count, upgrades outside /sync. Awareness bounds: awareness.spec.ts.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode, type Authorize } from './types.js';
import { connectClient, rawSocket, tempRelay, waitFor, type RunningRelay } from './test-kit.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const relayOn = (options: Parameters<typeof tempRelay>[1] = {}) => tempRelay(cleanups, options);

/** A sync step 1 with an empty state vector: "send me the whole document". */
function step1(): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
	return encoding.toUint8Array(e);
}

/** Fills `docName` with about `bytes` of text, through the relay's own write path. */
async function bigDocument(running: RunningRelay, docName: string, bytes: number): Promise<number> {
	await running.relay.change(docName, (doc) => doc.getText('t').insert(0, randomBytes(Math.ceil((bytes * 3) / 4)).toString('base64')), 'test');
	return Y.encodeStateAsUpdate((await running.relay.load(docName))).byteLength;
}

/** Bytes the server has queued and not yet handed to the kernel, over every connection of `docName`. */
function queued(running: RunningRelay, docName: string): number {
	let sum = 0;
	for (const conn of running.relay.rooms.get(docName)?.connections ?? []) sum += conn.socket.bufferedAmount;
	return sum;
}

const serverConnections = (running: RunningRelay, docName: string) => running.relay.rooms.get(docName)?.connections.size ?? 0;

describe('relay: backpressure', () => {
	it('closes a reader that never reads before its send buffer passes the limit', { timeout: 30_000 }, async () => {
		const limit = 4 * 1024 * 1024;
		const running = await relayOn({ maxSendBufferBytes: limit, maxSyncRequestsPerSecond: 10_000 });
		const docSize = await bigDocument(running, 'board:BIG', 2.4 * 1024 * 1024);
		const reader = await rawSocket(running.url, 'board:BIG');
		reader.socket.pause(); // never reads: everything the server sends stays queued on its side
		await waitFor(() => serverConnections(running, 'board:BIG') === 1, 5000, 'server-side connection');

		let peak = 0;
		const sampler = setInterval(() => (peak = Math.max(peak, queued(running, 'board:BIG'))), 1);
		cleanups.push(() => clearInterval(sampler));
		const request = step1();
		for (let i = 0; i < 50; i++) reader.socket.send(request);
		await waitFor(() => serverConnections(running, 'board:BIG') === 0, 10_000, 'the server to close the reader');
		clearInterval(sampler);
		// At most the limit plus the one message that found the buffer under it.
		expect(peak).toBeLessThanOrEqual(limit + docSize + 1024);
		reader.socket.resume();
		const { code } = await reader.closed;
		expect([CloseCode.tryAgainLater, 1006]).toContain(code);
	});

	it('lets a stock client load a whole big document under the default limit and stay', { timeout: 30_000 }, async () => {
		const running = await relayOn();
		await bigDocument(running, 'board:BIG2', 2.4 * 1024 * 1024);
		const writer = connectClient(running.url, 'board:BIG2');
		const reader = connectClient(running.url, 'board:BIG2');
		cleanups.push(() => writer.provider.destroy(), () => reader.provider.destroy());
		const closes: number[] = [];
		reader.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
		await Promise.all([writer.synced(), reader.synced()]);
		for (let i = 0; i < 20; i++) writer.doc.getMap('m').set(String(i), i);
		await waitFor(() => reader.doc.getMap('m').size === 20, 10_000, 'edits reach the reader');
		expect(reader.doc.getText('t').length).toBeGreaterThan(2_000_000);
		expect(closes).toEqual([]);
	});

	it('answers a few sync step 1s per connection and closes one that floods them with 1013', async () => {
		const running = await relayOn({ maxSyncRequestsPerSecond: 2 });
		const steady = connectClient(running.url, 'board:S1');
		cleanups.push(() => steady.provider.destroy());
		await steady.synced();
		const flooder = await rawSocket(running.url, 'board:S1');
		const request = step1();
		for (let i = 0; i < 50; i++) flooder.socket.send(request);
		expect(await flooder.closed).toEqual({ code: CloseCode.tryAgainLater, reason: 'too many sync requests' });
		steady.doc.getText('t').insert(0, 'still here');
		await waitFor(async () => (await running.relay.log.count('board:S1')) > 0, 5000, 'the steady client goes on');
		expect(steady.provider.wsconnected).toBe(true);
	});
});

describe('relay: connections per address', () => {
	// Like the real hook, it awaits (the token check): a burst finds every slot still free.
	const slowAuthorize: Authorize = async (_request, docName) => {
		await new Promise((resolve) => setTimeout(resolve, 50));
		return docName === 'board:REFUSED' ? { reject: { code: CloseCode.forbidden, reason: 'no right' } } : { userId: 'u', name: 'U', canWrite: true };
	};

	/** Opens a socket; settles as 'accepted' once the server's sync step 1 arrives, or with the close code. */
	function attempt(url: string, docName: string): { socket: WebSocket; outcome: Promise<'accepted' | number> } {
		const socket = new WebSocket(`${url}/${docName}`);
		socket.on('error', () => {});
		cleanups.push(() => socket.terminate());
		const outcome = new Promise<'accepted' | number>((resolve) => {
			socket.once('message', () => resolve('accepted'));
			socket.once('close', (code) => resolve(code));
		});
		return { socket, outcome };
	}

	it('counts a burst opened at once against the limit, reserving each slot before the awaited authorisation', { timeout: 20_000 }, async () => {
		const running = await relayOn({ maxConnectionsPerAddress: 20, authorize: slowAuthorize });
		const burst = Array.from({ length: 60 }, () => attempt(running.url, 'board:C1'));
		const outcomes = await Promise.all(burst.map((b) => b.outcome));
		expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(20);
		expect(outcomes.filter((o) => o === CloseCode.tryAgainLater)).toHaveLength(40);

		// Closing five frees five slots, no more.
		const accepted = burst.filter((_b, i) => outcomes[i] === 'accepted');
		for (const b of accepted.slice(0, 5)) b.socket.close();
		await waitFor(() => serverConnections(running, 'board:C1') === 15, 5000, 'five closed');
		const again = await Promise.all(Array.from({ length: 8 }, () => attempt(running.url, 'board:C1').outcome));
		expect(again.filter((o) => o === 'accepted')).toHaveLength(5);
		expect(again.filter((o) => o === CloseCode.tryAgainLater)).toHaveLength(3);
	});

	it('releases the slot of a refused connection', async () => {
		const running = await relayOn({ maxConnectionsPerAddress: 3, authorize: slowAuthorize });
		for (let i = 0; i < 10; i++) expect(await attempt(running.url, 'board:REFUSED').outcome).toBe(CloseCode.forbidden);
		const outcomes = await Promise.all(Array.from({ length: 3 }, () => attempt(running.url, 'board:C2').outcome));
		expect(outcomes).toEqual(['accepted', 'accepted', 'accepted']);
	});
});

describe('relay: refused connections', () => {
	it('cuts a refused client that never answers the close frame, instead of holding its socket', { timeout: 20_000 }, async () => {
		const running = await relayOn({ maxConnectionsPerAddress: 1 });
		const first = await rawSocket(running.url, 'board:R1');
		cleanups.push(() => first.socket.terminate());
		const port = Number(new URL(running.url).port);
		const started = Date.now();
		const socket = connect(port, '127.0.0.1');
		cleanups.push(() => socket.destroy());
		let answer = '';
		socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
		socket.on('error', () => {});
		const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
		// A bare TCP client: it completes the upgrade and then ignores the close frame.
		socket.write(
			`GET /sync/board:R1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
				`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
		);
		const waited = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 10_000))]);
		expect(answer).toMatch(/^HTTP\/1\.1 101 /);
		expect(answer).toContain('too many connections');
		expect(waited).toBeGreaterThan(0);
	});
});

describe('relay: a client that goes away while it is being authorised', () => {
	it('neither crashes the server nor keeps its slot', { timeout: 20_000 }, async () => {
		let pending = 0;
		let finished = 0;
		const running = await relayOn({
			maxConnectionsPerAddress: 2,
			authorize: async () => {
				pending++;
				await new Promise((resolve) => setTimeout(resolve, 300));
				finished++;
				return { userId: 'u', name: 'U', canWrite: true };
			}
		});
		const port = Number(new URL(running.url).port);
		for (let i = 0; i < 4; i++) {
			const socket = connect(port, '127.0.0.1');
			socket.on('error', () => {});
			socket.write(
				`GET /sync/board:G1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
					`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
			);
			const before = pending;
			await waitFor(() => pending > before, 5000, 'authorisation under way');
			socket.resetAndDestroy(); // a TCP reset while the server awaits the hook: an 'error' on its socket
		}
		await waitFor(() => finished === 4, 5000, 'every pending authorisation done');
		await new Promise((resolve) => setImmediate(resolve)); // and its continuation run
		const a = await rawSocket(running.url, 'board:G1');
		const b = await rawSocket(running.url, 'board:G1');
		await waitFor(() => serverConnections(running, 'board:G1') === 2, 5000, 'both accepted');
		a.socket.close();
		b.socket.close();
	});
});

describe('relay: upgrades it does not serve', () => {
	/** A websocket upgrade request over a raw TCP socket: what the server answers, and whether it closed. */
	function upgrade(port: number, target: string): Promise<{ answer: string; closed: boolean }> {
		return new Promise((resolve) => {
			const socket = connect(port, '127.0.0.1');
			let answer = '';
			const timer = setTimeout(() => {
				socket.destroy();
				resolve({ answer, closed: false });
			}, 3000);
			socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
			socket.on('error', () => {});
			socket.on('close', () => {
				clearTimeout(timer);
				resolve({ answer, closed: true });
			});
			socket.write(
				`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
					`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
			);
		});
	}

	it.each([['/elsewhere'], ['/'], ['/syncing/board:A1'], ['/api/session']])('answers an upgrade of %s with 404 and closes it at once', async (target) => {
		const running = await relayOn();
		const port = Number(new URL(running.url).port);
		const { answer, closed } = await upgrade(port, target);
		expect(answer).toMatch(/^HTTP\/1\.1 404 /);
		expect(closed).toBe(true);
	});

	it('answers an upgrade whose target cannot be parsed with 400, and goes on serving', async () => {
		const running = await relayOn();
		const port = Number(new URL(running.url).port);
		const { answer, closed } = await upgrade(port, 'http://[bad');
		expect(answer).toMatch(/^HTTP\/1\.1 400 /);
		expect(closed).toBe(true);
		const client = await rawSocket(running.url, 'board:A1');
		client.socket.close();
		await client.closed;
	});
});
