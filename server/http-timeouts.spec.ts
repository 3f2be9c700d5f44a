// Slow-loris: a client that dribbles its headers or its body, or idles on a kept-alive socket,
// is closed after the documented timeouts (README, "Configuration"), not held open.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './test-kit';

let srv: RunningApp;
let port = 0;

beforeAll(async () => {
	srv = await startApp({ YIXIAN_HEADERS_TIMEOUT_MS: '1000', YIXIAN_REQUEST_TIMEOUT_MS: '2000', YIXIAN_KEEP_ALIVE_TIMEOUT_MS: '500' });
	port = Number(new URL(srv.base).port);
});
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

	it('serves an ordinary request as before', async () => {
		const res = await fetch(`${srv.base}/api/unknown-route`);
		expect(res.status).toBe(404);
	});
});
