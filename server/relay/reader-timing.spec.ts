// What a masked reader receives when the values it is sent are no longer in the room's document as
// items (collected as garbage: their record was deleted or replaced), and when it joins between a
// board write and the names that mask it.
import { afterEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { RelayOptions } from './types.js';
import { connectClient, rawSocket, readerByQuery, tempRelay, waitFor } from './test-kit.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const NAME = '周红梅';
const PHONE = '13700001111';
const mask = (text: string) => text.replaceAll(NAME, '某某').replaceAll(PHONE, '***');

async function relayWith(options: Partial<RelayOptions>) {
	return tempRelay(cleanups, { authorize: readerByQuery, readerMask: () => async () => mask, ...options });
}

function client(url: string, who: string, doc = new Y.Doc()) {
	const c = connectClient(url, 'board:A1', doc, { who });
	cleanups.push(() => c.provider.destroy());
	return c;
}

/** A bare reader socket: every message it is sent, as bytes, and the document they make up. */
async function wire(url: string) {
	const { socket } = await rawSocket(url, 'board:A1?who=reader');
	cleanups.push(() => socket.close());
	const received: Buffer[] = [];
	const doc = new Y.Doc();
	socket.on('message', (data) => {
		received.push(data as Buffer);
		const decoder = decoding.createDecoder(new Uint8Array(data as Buffer));
		// A step 2 or an update (0, then 2 or 1): masked, with the server's ids and clocks.
		if (decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) !== 0) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
	});
	socket.send(new Uint8Array([0, 0, 1, 0])); // step 1: everything
	await waitFor(() => received.length > 0, 5000, 'the answer');
	return { received, doc, leaked: () => received.some((m) => m.includes(Buffer.from(NAME)) || m.includes(Buffer.from(PHONE))) };
}

const notice = (doc: Y.Doc, id: string) => doc.getMap<Y.Map<unknown>>('notices').get(id);

describe('masked readers and values collected as garbage', () => {
	it('a notice written and deleted within one hold reaches a reader masked', async () => {
		const { url } = await relayWith({ readerHoldMs: 300 });
		const writer = client(url, 'writer');
		await writer.synced();
		const reader = await wire(url);
		const map = new Y.Map<unknown>();
		writer.doc.getMap('notices').set('n1', map);
		map.set('title', `${NAME}家门口开会`);
		map.set('topics', `联系 ${PHONE}`);
		await new Promise((r) => setTimeout(r, 50));
		writer.doc.getMap('notices').delete('n1');
		// The held updates were sent: the reader has all the writer wrote, the deletion too.
		const sv = (doc: Y.Doc) => Y.encodeStateVector(doc).toString();
		await waitFor(() => sv(reader.doc) === sv(writer.doc) && !reader.doc.getMap('notices').has('n1'), 5000, 'the held updates');
		expect(reader.received.length).toBeGreaterThan(1);
		expect(reader.leaked()).toBe(false);
	});

	it("an offline writer's edit to a notice deleted meanwhile reaches a reader masked", async () => {
		const { url } = await relayWith({ readerHoldMs: 50 });
		const a = client(url, 'writer');
		await a.synced();
		const map = new Y.Map<unknown>();
		a.doc.getMap('notices').set('n1', map);
		map.set('title', '例会');
		const offline = new Y.Doc();
		const b = client(url, 'writer', offline);
		await b.synced();
		await waitFor(() => !!notice(offline, 'n1'), 5000, 'b has the notice');
		b.provider.disconnect();
		a.doc.getMap('notices').delete('n1');
		notice(offline, 'n1')!.set('title', `${NAME}反映 ${PHONE}`);
		await new Promise((r) => setTimeout(r, 200));
		const reader = await wire(url);
		const before = reader.received.length;
		b.provider.connect();
		await waitFor(() => reader.received.length > before, 5000, 'the reader is sent the edit');
		await new Promise((r) => setTimeout(r, 200));
		expect(reader.leaked()).toBe(false);
	});

	it("a value deleted while its masking waits for the names is never unmasked in a reader's document", async () => {
		// The names take a moment to read (the contacts document loading from storage).
		const slowMask = async () => (await new Promise((r) => setTimeout(r, 150)), mask);
		const { url } = await relayWith({ readerHoldMs: 20, readerMask: () => slowMask });
		const writer = client(url, 'writer');
		await writer.synced();
		const reader = client(url, 'reader');
		await reader.synced();
		const seen: string[] = [];
		reader.doc.on('update', () => seen.push(JSON.stringify(reader.doc.getMap('notices').toJSON())));
		const map = new Y.Map<unknown>();
		writer.doc.getMap('notices').set('n1', map);
		map.set('title', `${NAME}反映`);
		// The hold is over (20 ms) and the mask is being read (150 ms): the notice is deleted then.
		await new Promise((r) => setTimeout(r, 80));
		writer.doc.getMap('notices').delete('n1');
		await waitFor(() => seen.length >= 2, 5000, 'both updates');
		expect(seen.some((s) => s.includes(NAME)), seen.join('\n')).toBe(false);
	});
});

describe('a reader joining between a write and its names', () => {
	// The station's names as the server holds them: the reporter is recorded a moment after the entry.
	let names: string[] = [];
	const masks = new Map<string, (t: string) => string>();
	const maskNow = async () => {
		const key = names.join();
		if (!masks.has(key)) masks.set(key, (t) => names.reduce((s, n) => s.replaceAll(n, '某某'), t));
		return masks.get(key)!;
	};
	const content = (doc: Y.Doc) => (doc.getMap('entries').get('e1') as Y.Map<unknown> | undefined)?.get('content');

	async function scene(readerFirst: boolean, reconnect = false) {
		names = [];
		const { url } = await relayWith({ readerHoldMs: 400, readerMask: () => maskNow });
		const writer = client(url, 'writer');
		await writer.synced();
		let reader = readerFirst ? client(url, 'reader') : null;
		await reader?.synced();
		const entry = new Y.Map<unknown>();
		writer.doc.getMap('entries').set('e1', entry);
		entry.set('content', `${NAME}反映`);
		// The reporter arrives 150 ms after the entry, within the hold.
		const recorded = new Promise((r) => setTimeout(r, 150)).then(() => (names = [NAME]));
		await new Promise((r) => setTimeout(r, 50));
		if (reconnect) reader!.provider.disconnect(), reader!.provider.connect();
		reader ??= client(url, 'reader');
		await reader.synced();
		await recorded;
		await new Promise((r) => setTimeout(r, 600));
		await waitFor(() => content(reader!.doc) !== undefined, 5000, 'the entry');
		return content(reader.doc);
	}

	it('connected before the write: masked (the hold)', async () => {
		expect(await scene(true)).toBe('某某反映');
	});
	it('connecting 50 ms after the write: masked too', async () => {
		expect(await scene(false)).toBe('某某反映');
	});
	it('reconnecting 50 ms after the write: masked too', async () => {
		expect(await scene(true, true)).toBe('某某反映');
	});
});
