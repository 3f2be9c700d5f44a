// The relay with its update log in PostgreSQL: the stock y-websocket client against a real relay
// and a throwaway database. What any peer received, and what an acknowledgement confirmed, is in
// PostgreSQL (read through a connection of its own, as another process would).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { connectClient, startRelay, tempPostgres, waitFor, type RunningRelay } from './test-kit.js';

let database: Awaited<ReturnType<typeof tempPostgres>> = null;
let reader: pg.Pool;
beforeAll(async () => {
	database = await tempPostgres();
	if (database) reader = new pg.Pool({ connectionString: database.url, max: 2 });
	else console.warn('relay on PostgreSQL: skipped (no server answered)');
});
afterAll(async () => {
	await reader?.end();
	await database?.drop();
});

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relay(): Promise<RunningRelay> {
	const running = await startRelay({ dataFile: '/nonexistent/unused.sqlite', databaseUrl: database!.url });
	cleanups.push(() => running.stop());
	return running;
}

function client(url: string, docName: string, params: Record<string, string> = {}) {
	const c = connectClient(url, docName, new Y.Doc(), params);
	cleanups.push(() => c.provider.destroy());
	return c;
}

/** The document as PostgreSQL has it now. */
async function stored(docName: string): Promise<Y.Doc> {
	const { rows } = await reader.query<{ bytes: Buffer }>('SELECT bytes FROM updates WHERE doc = $1 ORDER BY id', [docName]);
	const doc = new Y.Doc();
	rows.forEach((r) => Y.applyUpdate(doc, r.bytes));
	return doc;
}

describe('relay: update log on PostgreSQL', () => {
	it('syncs the stock client, and every update a peer received is in PostgreSQL', async (t) => {
		if (!database) return t.skip();
		const { url } = await relay();
		const writer = client(url, 'board:P1');
		const observer = client(url, 'board:P1');
		await Promise.all([writer.synced(), observer.synced()]);
		for (let i = 0; i < 100; i++) writer.doc.getArray<number>('n').push([i]);
		await waitFor(() => observer.doc.getArray('n').length === 100, 10_000, 'observer received all');
		const received = observer.doc.getArray<number>('n').toArray();
		expect((await stored('board:P1')).getArray<number>('n').toArray()).toEqual(received);
	});

	it('acknowledges a flush request only once the updates before it are committed', async (t) => {
		if (!database) return t.skip();
		const { url } = await relay();
		const a = client(url, 'board:P2', { ack: '1' });
		const acks: number[] = [];
		type Handler = (e: encoding.Encoder, d: decoding.Decoder, p: WebsocketProvider) => void;
		(a.provider.messageHandlers as Handler[])[100] = (_e, d) => void acks.push(decoding.readVarUint(d));
		await a.synced();
		for (let i = 0; i < 50; i++) a.doc.getArray<number>('n').push([i]);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 101);
		encoding.writeVarUint(encoder, 9);
		a.provider.ws!.send(encoding.toUint8Array(encoder));
		await waitFor(() => acks.length > 0, 5000, 'ack');
		expect(acks).toEqual([9]);
		expect((await stored('board:P2')).getArray('n').length).toBe(50);
	});

	it('loads a document from PostgreSQL for a new room, and serves server reads and changes', async (t) => {
		if (!database) return t.skip();
		const first = await relay();
		const a = client(first.url, 'board:P3');
		await a.synced();
		a.doc.getMap('m').set('by', 'client');
		await waitFor(() => first.relay.rooms.get('board:P3')?.doc.getMap('m').get('by') === 'client', 5000, 'stored');
		a.provider.destroy();
		await waitFor(() => first.relay.rooms.size === 0, 5000, 'room released');

		// Not in memory: read through the log, changed through it, and then seen by a new client.
		expect((await first.relay.load('board:P3')).getMap('m').get('by')).toBe('client');
		await first.relay.change('board:P3', (d) => d.getMap('m').set('server', 1), 'server:test');
		const b = client(first.url, 'board:P3');
		await b.synced();
		expect(b.doc.getMap('m').toJSON()).toEqual({ by: 'client', server: 1 });
		// In memory: the change is committed, then sent to the connected client.
		await first.relay.change('board:P3', (d) => d.getMap('m').set('server', 2), 'server:test');
		expect((await stored('board:P3')).getMap('m').get('server')).toBe(2);
		await waitFor(() => b.doc.getMap('m').get('server') === 2, 5000, 'server change delivered');
		const { rows } = await reader.query("SELECT sender FROM updates WHERE doc = 'board:P3' ORDER BY id");
		expect(rows.map((r) => r.sender).filter((s) => s === 'server:test')).toHaveLength(2);
	});

	it('compacts in PostgreSQL past the threshold without losing content', async (t) => {
		if (!database) return t.skip();
		const running = await startRelay({ dataFile: '/nonexistent/unused.sqlite', databaseUrl: database!.url, compactionThreshold: 10 });
		cleanups.push(() => running.stop());
		const a = client(running.url, 'board:P4');
		await a.synced();
		for (let i = 0; i < 35; i++) a.doc.getText('t').insert(a.doc.getText('t').length, `${i},`);
		const expected = a.doc.getText('t').toString();
		await waitFor(() => running.relay.rooms.get('board:P4')?.doc.getText('t').toString() === expected, 5000, 'all stored');
		await running.relay.log.settled();
		expect(await running.relay.log.count('board:P4')).toBeLessThanOrEqual(10);
		expect((await stored('board:P4')).getText('t').toString()).toBe(expected);
		const { rows } = await reader.query("SELECT count(*)::int AS n FROM update_history WHERE doc = 'board:P4'");
		expect(rows[0].n).toBeGreaterThan(0);
	});
});
