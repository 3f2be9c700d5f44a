// The acknowledgement (100) and flush request (101) for clients that opt in with ack=1, with the
// stock y-websocket client, a real relay and a real SQLite file.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from './types.js';
import { connectClient, tempRelay, waitFor } from './test-kit.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const relay = (options: Parameters<typeof tempRelay>[1] = {}) => tempRelay(cleanups, options);

type Handler = (e: encoding.Encoder, d: decoding.Decoder, p: WebsocketProvider) => void;

/** A stock client that records every acknowledgement it receives (sequence number, state vector). */
function client(url: string, docName: string, params: Record<string, string> = {}) {
	const c = connectClient(url, docName, new Y.Doc(), params);
	cleanups.push(() => c.provider.destroy());
	const acks: { seq: number; sv: Map<number, number> }[] = [];
	(c.provider.messageHandlers as Handler[])[100] = (_e, d) => {
		const seq = decoding.readVarUint(d);
		acks.push({ seq, sv: Y.decodeStateVector(decoding.readVarUint8Array(d)) });
	};
	const closes: number[] = [];
	c.provider.on('connection-close', (event: CloseEvent | null) => event && closes.push(event.code));
	const flush = (seq: number) => {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 101);
		encoding.writeVarUint(encoder, seq);
		c.provider.ws!.send(encoding.toUint8Array(encoder));
	};
	return { ...c, acks, closes, flush };
}

describe('relay: acknowledgements for clients that opt in', () => {
	it('answers a flush request only after the updates sent before it are committed', async () => {
		const { url, relay: r } = await relay();
		const a = client(url, 'board:K1', { ack: '1' });
		await a.synced();
		for (let i = 0; i < 50; i++) a.doc.getArray<number>('n').push([i]);
		a.flush(7);
		await waitFor(() => a.acks.length > 0, 5000, 'ack');
		expect(a.acks[0].seq).toBe(7);
		// Everything sent before the request is in SQLite at the time the answer was sent.
		const stored = new Y.Doc();
		(await r.log.load('board:K1')).forEach((u) => Y.applyUpdate(stored, u));
		expect(stored.getArray('n').length).toBe(50);
		expect(a.acks[0].sv.get(a.doc.clientID)).toBe(Y.getState(a.doc.store, a.doc.clientID));
	});

	it('answers at once when nothing is waiting to be committed (after the initial sync)', async () => {
		const { url } = await relay();
		const a = client(url, 'board:K2', { ack: '1' });
		await a.synced();
		a.flush(1);
		a.flush(2);
		await waitFor(() => a.acks.some((x) => x.seq === 2), 5000, 'ack');
	});

	it('never sends 100 to a stock client that did not opt in, and refuses its 101 as unknown', async () => {
		const { url } = await relay();
		const stock = client(url, 'board:K3');
		const other = client(url, 'board:K3', { ack: '1' });
		await Promise.all([stock.synced(), other.synced()]);
		stock.doc.getText('t').insert(0, 'hello');
		other.flush(1);
		await waitFor(() => other.doc.getText('t').toString() === 'hello' && other.acks.length > 0, 5000, 'edit and ack');
		expect(stock.acks).toEqual([]);
		stock.flush(1);
		await waitFor(() => stock.closes.length > 0, 5000, 'close');
		expect(stock.closes[0]).toBe(CloseCode.malformed);
	});

	it('closes an opted-in connection with a malformed flush request (4400)', async () => {
		const { url } = await relay();
		const a = client(url, 'board:K4', { ack: '1' });
		await a.synced();
		a.provider.ws!.send(new Uint8Array([101]));
		await waitFor(() => a.closes.length > 0, 5000, 'close');
		expect(a.closes[0]).toBe(CloseCode.malformed);
	});

	it('drops an opted-in connection that stops talking, so others stop showing it', async () => {
		const { url } = await relay({ silentMs: 300 });
		const quiet = client(url, 'board:K5', { ack: '1' });
		const watcher = client(url, 'board:K5');
		await Promise.all([quiet.synced(), watcher.synced()]);
		quiet.provider.awareness.setLocalState({ here: true });
		await waitFor(() => watcher.provider.awareness.getStates().has(quiet.doc.clientID), 5000, 'presence');
		// The quiet client sends nothing more: the relay drops it and its presence goes.
		await waitFor(() => !watcher.provider.awareness.getStates().has(quiet.doc.clientID), 5000, 'presence gone');
		expect(watcher.closes).toEqual([]);
	});
});
