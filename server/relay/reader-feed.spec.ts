// Masked readers (Identity.masked) against the relay alone: what they are sent when the mask can be
// read, and that nothing of the document is sent when it cannot.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { maskUpdate } from './masked-update.js';
import type { RelayOptions } from './types.js';
import { connectClient, rawSocket, readerByQuery, tempRelay, waitFor } from './test-kit.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const secret = '周红梅 13700001111';

async function relayWith(options: Partial<RelayOptions>) {
	return tempRelay(cleanups, { authorize: readerByQuery, ...options });
}

function client(url: string, who: string, doc = new Y.Doc()) {
	const c = connectClient(url, 'board:A1', doc, { who });
	cleanups.push(() => c.provider.destroy());
	return c;
}

/** A writer's entry with the secret in its content, stored. */
async function written(url: string) {
	const writer = client(url, 'writer');
	await writer.synced();
	const entry = new Y.Map<unknown>();
	writer.doc.getMap('entries').set('e1', entry);
	entry.set('content', `${secret} 反映`);
	entry.set('receivedOn', '2026-03-02');
	return writer;
}

describe('relay: masked readers', () => {
	it('sends a reader the document masked, at its sync and live, and a writer as stored', async () => {
		const { url } = await relayWith({ readerMask: () => async () => (text) => text.replace('周红梅', '某某').replace('13700001111', '***'), readerHoldMs: 50 });
		const writer = await written(url);
		const reader = client(url, 'reader');
		await reader.synced();
		const content = (doc: Y.Doc) => (doc.getMap('entries').get('e1') as Y.Map<unknown> | undefined)?.get('content');
		expect(content(reader.doc)).toBe('某某 *** 反映');
		(writer.doc.getMap('entries').get('e1') as Y.Map<unknown>).set('content', `${secret} 又反映`);
		await waitFor(() => content(reader.doc) === '某某 *** 又反映', 5000, 'the live edit');
		const other = client(url, 'writer');
		await waitFor(() => content(other.doc) === `${secret} 又反映`, 5000, "a writer's copy");
		expect((reader.doc.getMap('entries').get('e1') as Y.Map<unknown>).get('receivedOn')).toBe('2026-03-02');
	});

	it('answers each reader with the document as it is, masked with the names known then', async () => {
		let mask = (text: string) => text.replace('13700001111', '***');
		const { url } = await relayWith({ readerMask: () => async () => mask, readerHoldMs: 10 });
		const writer = await written(url);
		const content = (doc: Y.Doc) => (doc.getMap('entries').get('e1') as Y.Map<unknown> | undefined)?.get('content');
		const first = client(url, 'reader');
		await first.synced();
		expect(content(first.doc)).toBe('周红梅 *** 反映');
		(writer.doc.getMap('entries').get('e1') as Y.Map<unknown>).set('content', `${secret} 又反映`);
		await waitFor(() => content(first.doc) === '周红梅 *** 又反映', 5000, 'the live edit');
		const second = client(url, 'reader');
		await second.synced();
		expect(content(second.doc)).toBe('周红梅 *** 又反映');
		// The station's names changed: the next reader is answered with them.
		mask = (text: string) => text.replace('13700001111', '***').replace('周红梅', '某某');
		const third = client(url, 'reader');
		await third.synced();
		expect(content(third.doc)).toBe('某某 *** 又反映');
	});

	it('sends a reader nothing of the document when its mask cannot be read, and closes it (1011)', async () => {
		let failing = false;
		const { url } = await relayWith({ readerMask: () => async () => (failing ? Promise.reject(new Error('database gone')) : (text) => text), readerHoldMs: 10 });
		await written(url);
		failing = true;
		const { socket, closed } = await rawSocket(url, 'board:A1?who=reader');
		const received: Buffer[] = [];
		socket.on('message', (data) => received.push(data as Buffer));
		// The stock client's step 1, asking for everything.
		socket.send(new Uint8Array([0, 0, 1, 0]));
		expect((await closed).code).toBe(1011);
		for (const message of received) expect(message.includes(Buffer.from('13700001111'))).toBe(false);
	});

	it('refuses a reader to be masked when the relay has no mask for the document (1011)', async () => {
		const { url } = await relayWith({ readerMask: (docName) => (docName.startsWith('board:') ? null : async () => (text) => text) });
		await written(url);
		const { closed } = await rawSocket(url, 'board:A1?who=reader');
		expect((await closed).code).toBe(1011);
	});

	it('masks a value that replaced another: its key is read from the document', () => {
		const doc = new Y.Doc();
		const map = doc.getMap('m');
		map.set('content', 'first');
		const reader = new Y.Doc();
		Y.applyUpdate(reader, Y.encodeStateAsUpdate(doc));
		const before = Y.encodeStateVector(doc);
		map.set('content', secret);
		const update = Y.encodeStateAsUpdate(doc, before);
		// Encoded after the value it replaced, the new value carries no key of its own.
		expect((Y.decodeUpdate(update).structs[0] as Y.Item).parentSub).toBeNull();
		Y.applyUpdate(reader, maskUpdate(update, (t) => t.replace('13700001111', '***'), doc));
		expect(reader.getMap('m').get('content')).toBe('周红梅 ***');
	});
});
