// A busy station's document over a slow link (docs/sync-protocol.md, "Large messages"):
// the app's heartbeat (src/lib/device/sync-ack.ts) calls a socket dead when nothing has arrived for
// 1.4 s, and the relay drops an opted-in socket it has heard nothing from for `silentMs`. A
// browser hands over a message only once all of it is there, so a document of megabytes on a
// phone's slow link used to be cut off half-way, and asked for again, for ever. Real relay, the
// stock y-websocket client with the app's Acknowledger, and a TCP proxy that slows one direction.
import { createServer, connect, type Server, type Socket } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { Acknowledger } from '../../src/lib/device/sync-ack';
import type { DocStore } from '../../src/lib/device/doc-store';
import { MessageJoiner, messagePart, PART_BYTES } from '../../src/lib/remote/message-parts';
import { connectClient, rawSocket, tempRelay, waitFor } from './test-kit.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const relay = (options: Parameters<typeof tempRelay>[1] = {}) => tempRelay(cleanups, options);

/** Random text (no compression helps it) of about `bytes`. */
const noise = (bytes: number) => Array.from({ length: Math.ceil(bytes / 10) }, () => Math.random().toString(36).slice(2, 12).padEnd(10, '0')).join('');

/**
 * A TCP proxy to the relay's port that lets `bytesPerSecond` through in one direction (`down`:
 * relay → client, `up`: client → relay) and everything at once in the other.
 */
async function slowLink(target: number, direction: 'down' | 'up', bytesPerSecond: number): Promise<number> {
	const sockets = new Set<Socket>();
	const trickle = (from: Socket, to: Socket) => {
		const queue: Buffer[] = [];
		let timer: ReturnType<typeof setInterval> | null = null;
		const tick = 50;
		from.on('data', (data) => {
			queue.push(data);
			timer ??= setInterval(() => {
				let budget = (bytesPerSecond * tick) / 1000;
				while (budget > 0 && queue.length) {
					const head = queue[0];
					const n = Math.min(budget, head.length);
					to.write(head.subarray(0, n));
					budget -= n;
					if (n === head.length) queue.shift();
					else queue[0] = head.subarray(n);
				}
				if (!queue.length && timer) (clearInterval(timer), (timer = null));
			}, tick);
		});
		from.on('close', () => timer && clearInterval(timer));
	};
	const server: Server = createServer((client) => {
		const upstream = connect(target, '127.0.0.1');
		for (const s of [client, upstream]) {
			sockets.add(s);
			s.on('error', () => {});
			s.on('close', () => (client.destroy(), upstream.destroy()));
		}
		if (direction === 'down') (client.pipe(upstream), trickle(upstream, client));
		else (upstream.pipe(client), trickle(client, upstream));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	cleanups.push(() => {
		for (const s of sockets) s.destroy();
		return new Promise((resolve) => server.close(resolve));
	});
	return (server.address() as { port: number }).port;
}

/** The stock client opted in (ack=1) with the app's Acknowledger on it; `deaths` counts the sockets it called dead. */
function appClient(url: string, docName: string, doc = new Y.Doc()) {
	const c = connectClient(url, docName, doc, { ack: '1' });
	const store = { onChange: () => () => {}, unsent: 0, mark: () => 0, acknowledge: () => {} } as unknown as DocStore;
	let deaths = 0;
	const ack = new Acknowledger(c.provider, store, () => {
		deaths++;
		c.provider.disconnect();
		c.provider.connect();
	});
	cleanups.push(() => (ack.destroy(), c.provider.destroy()));
	return { ...c, deaths: () => deaths };
}

const syncStep1 = (doc = new Y.Doc()) => {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
	return encoding.toUint8Array(encoder);
};

/** What a raw socket on `docName` (with a query, maybe) is sent after asking for the whole document, until `done` says so. */
async function framesFor(url: string, docName: string, done: (frames: Uint8Array[]) => boolean) {
	const { socket } = await rawSocket(url, docName);
	const frames: Uint8Array[] = [];
	socket.on('message', (data) => frames.push(new Uint8Array(data as Buffer)));
	socket.send(syncStep1());
	await waitFor(() => done(frames), 5000, 'the document');
	socket.close();
	return frames;
}

const typeOf = (frame: Uint8Array) => decoding.readVarUint(decoding.createDecoder(frame));
/** A sync step 2 (message 0, then 1). */
const isStep2 = (frame: Uint8Array) => {
	const d = decoding.createDecoder(frame);
	return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 1;
};

describe('relay: a large document over a slow link', () => {
	it('sends an opted-in client a large message in parts, which make up the message a stock client gets whole', async () => {
		const { url } = await relay();
		const writer = connectClient(url, 'board:P1');
		cleanups.push(() => writer.provider.destroy());
		await writer.synced();
		writer.doc.getText('t').insert(0, noise(200_000));
		const stored = async () => (await wholeDocument(url, 'board:P1')).length > 200_000;
		await waitFor(stored, 5000, 'the relay to hold the text');

		const whole = (await framesFor(url, 'board:P1', (f) => f.some(isStep2))).find(isStep2)!;
		const parted = await framesFor(url, 'board:P1?ack=1', (f) => f.some((m) => typeOf(m) === messagePart && lastPart(m)));
		const parts = parted.filter((m) => typeOf(m) === messagePart);
		expect(parts.length).toBe(Math.ceil(whole.length / PART_BYTES));
		for (const part of parts) expect(part.length).toBeLessThanOrEqual(PART_BYTES + 16);
		const joiner = new MessageJoiner();
		let joined: Uint8Array | null = null;
		for (const part of parts) {
			const d = decoding.createDecoder(part);
			decoding.readVarUint(d);
			joined = joiner.add(d) ?? joined;
		}
		expect(joined).toEqual(whole);
	});

	it('a joining phone on a slow link gets the whole document, its heartbeat never calling the socket dead', async () => {
		const { relay: r, url } = await relay();
		const writer = connectClient(url, 'board:S1');
		cleanups.push(() => writer.provider.destroy());
		await writer.synced();
		const text = noise(600_000);
		writer.doc.getText('t').insert(0, text);
		await waitFor(async () => (await r.log.load('board:S1')).reduce((n, u) => n + u.length, 0) > 600_000, 5000, 'stored');
		// About 3 s for the document at 200 KB/s: twice the heartbeat's 1.4 s.
		const port = await slowLink(Number(new URL(url).port), 'down', 200_000);
		const phone = appClient(url.replace(/:\d+/, `:${port}`), 'board:S1');
		await waitFor(() => phone.provider.synced, 20_000, 'the phone to sync');
		expect(phone.doc.getText('t').toString()).toBe(text);
		expect(phone.deaths()).toBe(0);
	}, 30_000);

	it('a phone sending a large document over a slow link is heard all along, by the relay and by itself', async () => {
		const { relay: r, url } = await relay({ silentMs: 1000 });
		// Made offline: the relay has none of it, so the phone's sync step 2 carries it all.
		const doc = new Y.Doc();
		const text = noise(600_000);
		doc.getText('t').insert(0, text);
		const port = await slowLink(Number(new URL(url).port), 'up', 200_000);
		const phone = appClient(url.replace(/:\d+/, `:${port}`), 'board:U1', doc);
		await waitFor(async () => (await r.log.load('board:U1')).reduce((n, u) => n + u.length, 0) > 600_000, 20_000, 'the relay to store it');
		const stored = new Y.Doc();
		(await r.log.load('board:U1')).forEach((u) => Y.applyUpdate(stored, u));
		expect(stored.getText('t').toString()).toBe(text);
		expect(phone.deaths()).toBe(0);
	}, 30_000);
});

const lastPart = (m: Uint8Array) => {
	const d = decoding.createDecoder(m);
	decoding.readVarUint(d);
	return decoding.readVarUint(d) === 1;
};

/** The relay's whole document as a stock client would be sent it. */
async function wholeDocument(url: string, docName: string): Promise<Uint8Array> {
	const socket = new WebSocket(`${url}/${docName}`);
	socket.on('error', () => {});
	await new Promise((resolve) => socket.once('open', resolve));
	const step2 = new Promise<Uint8Array>((resolve) =>
		socket.on('message', (data) => {
			const m = new Uint8Array(data as Buffer);
			if (isStep2(m)) resolve(m);
		})
	);
	socket.send(syncStep1());
	const got = await step2;
	socket.close();
	return got;
}
