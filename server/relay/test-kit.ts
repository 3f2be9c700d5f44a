// Helpers for the relay specs: a real http server on port 0, real SQLite files, the stock client.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { attachRelay, type Relay } from './relay.js';
import type { Authorize, RelayOptions } from './types.js';

export const quietLog = { info: () => {}, warn: () => {} };

/** For the masked readers' specs: `?who=reader` is a masked reader (Identity.masked), anyone else writes. */
export const readerByQuery: Authorize = (request) => {
	const reader = new URL(request.url ?? '/', 'http://relay').searchParams.get('who') === 'reader';
	return { userId: reader ? 'reader' : 'writer', name: '', canWrite: !reader, masked: reader };
};

/** Each connection is the person its `user` parameter names, a writer. */
export const writerByParam: Authorize = (request) => {
	const user = new URL(request.url ?? '/', 'http://relay').searchParams.get('user') ?? 'nobody';
	return { userId: user, name: user, canWrite: true };
};

export function tempDataFile(): { file: string; cleanup: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'yixian-relay-'));
	return { file: join(dir, 'relay.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunningRelay {
	relay: Relay;
	server: Server;
	url: string;
	stop(): Promise<void>;
}

/** A relay on `port` (default: a free one; a restart gives the one it had, so clients come back to it). */
export async function startRelay(options: RelayOptions, port = 0): Promise<RunningRelay> {
	const server = createServer((_q, r) => r.writeHead(404).end());
	const relay = attachRelay(server, { log: quietLog, ...options });
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/sync`;
	const stop = async () => {
		await relay.close(500);
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	return { relay, server, url, stop };
}

/** A relay on a temporary SQLite file, stopped and removed by `cleanups` (run them after each test). */
export async function tempRelay(cleanups: (() => unknown)[], options: Partial<RelayOptions> = {}): Promise<RunningRelay> {
	const { file, cleanup } = tempDataFile();
	cleanups.push(cleanup);
	const running = await startRelay({ dataFile: file, ...options });
	cleanups.push(() => running.stop());
	return running;
}

export function connectClient(url: string, docName: string, doc = new Y.Doc(), params: Record<string, string> = {}) {
	const provider = new WebsocketProvider(url, docName, doc, {
		// ws stands in for the browser's WebSocket; its types differ only in details the provider ignores.
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params,
		maxBackoffTime: 200
	});
	return { doc, provider, synced: () => waitFor(() => provider.synced) };
}

/** Polls `check` (it may be asynchronous: a read of the update log) until it holds. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** y-protocols' sync update message around `update` (`sub` 1: a step 2), for a bare socket (rawSocket). */
export function updateMessage(update: Uint8Array, sub: 1 | 2 = 2): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, sub);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** A bare ws socket, to send bytes the stock client never would. */
export async function rawSocket(url: string, docName: string) {
	const socket = new WebSocket(`${url}/${docName}`);
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	socket.on('error', () => {}); // the close event carries what the tests check
	await new Promise<void>((resolve, reject) => {
		socket.once('open', () => resolve());
		socket.once('unexpected-response', () => reject(new Error('upgrade refused')));
	});
	return { socket, closed };
}

/**
 * A throwaway PostgreSQL database for one test file, on the server of YIXIAN_TEST_DATABASE_URL or
 * else the local one (127.0.0.1:5432, trust auth); null when neither answers. `drop` removes it.
 */
export async function tempPostgres(): Promise<{ url: string; drop: () => Promise<void> } | null> {
	const { default: pg } = await import('pg');
	const admin = new URL(process.env.YIXIAN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
	const client = new pg.Client({ connectionString: admin.href, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
	} catch (error) {
		if (process.env.YIXIAN_TEST_DATABASE_URL) throw error;
		return null;
	}
	const name = `relay_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
	await client.query(`CREATE DATABASE ${name}`);
	const url = new URL(admin.href);
	url.pathname = `/${name}`;
	return {
		url: url.href,
		drop: async () => {
			// Closed pools end their connections asynchronously: forcing them out would raise errors in them.
			const deadline = Date.now() + 5000;
			while (Date.now() < deadline) {
				const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
				if (rows[0].n === 0) break;
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await client.end();
		}
	};
}
