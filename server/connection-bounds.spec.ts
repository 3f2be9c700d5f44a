// The whole server's connection bounds, set from the environment (README, "Configuration"):
// slow-loris HTTP is closed after the timeouts; the relay's limits are the settings given.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { rawSocket, waitFor } from './relay/test-kit';
import { call, startApp, type RunningApp } from './test-kit';

let srv: RunningApp;
let port = 0;

beforeAll(async () => {
	srv = await startApp({
		YIXIAN_HEADERS_TIMEOUT_MS: '1000',
		YIXIAN_REQUEST_TIMEOUT_MS: '2000',
		YIXIAN_KEEP_ALIVE_TIMEOUT_MS: '500',
		YIXIAN_MAX_SYNC_REQUESTS_PER_SECOND: '1',
		YIXIAN_MAX_AWARENESS_BYTES: '100',
		YIXIAN_MAX_AWARENESS_CLIENTS: '1'
	});
	port = Number(new URL(srv.base).port);
	const d = srv.app.directory;
	const cadre = await d.createPerson('t', { phone: '13900000001', name: 'c', role: 'office', password: 'cadre-pass' });
	const street = await d.createStreet('t', 's');
	const station = await d.createStation('t', { name: 'x', streetId: street.id, kind: 'community' });
	await d.assign('t', cadre.id, station.id, 'cadre');
	const { access } = (await call(srv.base, 'POST', '/api/session', { phone: '13900000001', password: 'cadre-pass' })).body;
	board = `board:${station.id}`;
	query = `${board}?token=${access}`;
});
let board = '';
let query = '';
const sockets: Socket[] = [];
afterAll(async () => {
	sockets.forEach((s) => s.destroy());
	await srv.stop();
});

/** A raw TCP client: what it received, and when the server closed it. */
function rawClient() {
	const socket: Socket = connect(port, '127.0.0.1');
	sockets.push(socket);
	const started = Date.now();
	let received = '';
	socket.on('data', (chunk) => (received += chunk.toString('latin1')));
	socket.on('error', () => {});
	const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
	return { socket, closed, received: () => received };
}

/** Writes `chunks` one every `everyMs` until the socket closes; resolves how many were written. */
async function dribble(socket: Socket, chunks: string[], everyMs: number): Promise<number> {
	let written = 0;
	for (const chunk of chunks) {
		if (socket.destroyed || !socket.writable) break;
		socket.write(chunk);
		written++;
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
	return written;
}

/** Waits for `closed`, or fails after `ms`: a server that never closes must not hang the test. */
function within<T>(closed: Promise<T>, ms: number, what: string): Promise<T> {
	return Promise.race([closed, new Promise<T>((_resolve, reject) => setTimeout(() => reject(new Error(`${what}: still open after ${ms} ms`)), ms))]);
}

describe('HTTP timeouts', () => {
	it('closes a client that dribbles its headers', { timeout: 15_000 }, async () => {
		const client = rawClient();
		const headers = ['GET /api/me HTTP/1.1\r\n', ...Array.from({ length: 100 }, (_, i) => `X-Slow-${i}: a\r\n`)];
		void dribble(client.socket, headers, 100);
		await within(client.closed, 8000, 'dribbled headers');
		expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
	});

	it('closes a client that dribbles its body', { timeout: 15_000 }, async () => {
		const client = rawClient();
		const body = Array.from({ length: 200 }, () => 'x');
		client.socket.write('POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n');
		void dribble(client.socket, body, 100);
		await within(client.closed, 10_000, 'dribbled body');
	});

	it('closes an idle kept-alive socket after the keep-alive timeout', { timeout: 10_000 }, async () => {
		const client = rawClient();
		client.socket.write('GET /api/unknown-route HTTP/1.1\r\nHost: x\r\n\r\n');
		await within(client.closed, 4000, 'idle keep-alive');
		expect(client.received()).toMatch(/^HTTP\/1\.1 404 /);
	});

	it('answers 431 to an over-long request head and reads the rest of it instead of resetting', { timeout: 15_000 }, async () => {
		// The fuzzed rater's link: a 60 KB path, still being sent when the server has seen 16 KB. A server
		// that closes with the rest unread resets the connection: the client's next write fails with
		// ECONNRESET and an HTTP client reports that instead of the 431 waiting unread.
		const served = new Promise<Socket>((resolve) => srv.app.server.once('connection', resolve));
		const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
		sockets.push(socket);
		socket.pause();
		let received = '';
		let failure: Error | null = null;
		socket.on('error', (error) => (failure = error));
		const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
		socket.write(`POST /rate/${'%20'.repeat(7000)}`);
		const server = await served;
		await waitFor(() => server.bytesWritten > 0, 5000, 'the server to answer the over-long head');
		// Two more writes: against a closed server socket the first draws a reset, the second fails on it.
		const write = (text: string) => new Promise<void>((resolve) => socket.write(text, () => resolve()));
		await write('%20'.repeat(7000));
		await new Promise((resolve) => setTimeout(resolve, 100));
		await write(' HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na=1');
		socket.on('data', (chunk) => (received += chunk.toString('latin1')));
		socket.resume();
		socket.end();
		await within(closed, 8000, 'the refused connection');
		expect(failure).toBeNull();
		expect(received).toMatch(/^HTTP\/1\.1 431 /);
	});

	it('serves an ordinary request as before', async () => {
		const res = await fetch(`${srv.base}/api/unknown-route`);
		expect(res.status).toBe(404);
	});
});

describe('relay limits from the environment', () => {
	const syncStep1 = () => {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
		return encoding.toUint8Array(e);
	};
	const presence = (entries: [clientID: number, state: unknown][]) => {
		const inner = encoding.createEncoder();
		encoding.writeVarUint(inner, entries.length);
		for (const [clientID, state] of entries) {
			encoding.writeVarUint(inner, clientID);
			encoding.writeVarUint(inner, 1);
			encoding.writeVarString(inner, JSON.stringify(state));
		}
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
		return encoding.toUint8Array(e);
	};

	it('closes a connection over YIXIAN_MAX_SYNC_REQUESTS_PER_SECOND with 1013', async () => {
		const flooder = await rawSocket(srv.ws, query);
		for (let i = 0; i < 20; i++) flooder.socket.send(syncStep1());
		expect(await flooder.closed).toEqual({ code: 1013, reason: 'too many sync requests' });
	});

	it('keeps presence within YIXIAN_MAX_AWARENESS_BYTES and YIXIAN_MAX_AWARENESS_CLIENTS', async () => {
		const client = await rawSocket(srv.ws, query);
		client.socket.send(presence([[7, { big: 'x'.repeat(200) }], [8, { ok: 1 }], [9, { ok: 2 }]]));
		const states = () => srv.app.relay.rooms.get(board)?.awareness.getStates();
		await waitFor(() => states()?.has(8) === true, 5000, 'the one small state');
		expect([...states()!.keys()]).toEqual([8]);
		expect(states()!.get(8)?.user?.name).toBe('c');
		client.socket.close();
		await client.closed;
	});

	it('answers an upgrade outside /sync with 404 and closes it', async () => {
		const socket = connect(port, '127.0.0.1');
		sockets.push(socket);
		let answer = '';
		socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
		const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
		socket.write(
			`GET /api/me HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
				`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
		);
		await within(closed, 3000, 'upgrade outside /sync');
		expect(answer).toMatch(/^HTTP\/1\.1 404 /);
	});
});
