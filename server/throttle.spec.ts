// One address cannot exhaust the relay: too many connections or messages are throttled (1013).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { rawSocket } from './relay/test-kit';
import { call, startApp, type RunningApp } from './test-kit';

let srv: RunningApp;
let query = '';

beforeAll(async () => {
	srv = await startApp({ YIXIAN_MAX_CONNECTIONS_PER_ADDRESS: '2', YIXIAN_MAX_MESSAGES_PER_SECOND: '5' });
	const d = srv.app.directory;
	const office = await d.createPerson('t', { phone: '13900000000', name: 'o', role: 'office', password: 'office-pass' });
	const street = await d.createStreet('t', 's');
	const station = await d.createStation('t', { name: 'x', streetId: street.id, kind: 'community' });
	await d.assign('t', office.id, station.id, 'cadre');
	const { access } = (await call(srv.base, 'POST', '/api/session', { phone: '13900000000', password: 'office-pass' })).body;
	query = `board:${station.id}?token=${access}`;
});
afterAll(() => srv.stop());

function update(doc: Y.Doc, i: number): Uint8Array {
	const before = Y.encodeStateVector(doc);
	doc.getMap('meta').set('street', `街道${i}`); // a valid board edit: the relay checks the board's rules
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc, before));
	return encoding.toUint8Array(e);
}

describe('throttling per address', () => {
	it('refuses a connection over the limit, and accepts again once one closes', async () => {
		const a = await rawSocket(srv.ws, query);
		const b = await rawSocket(srv.ws, query);
		const c = await rawSocket(srv.ws, query);
		expect(await c.closed).toEqual({ code: 1013, reason: 'too many connections' });
		a.socket.close();
		await a.closed;
		const d = await rawSocket(srv.ws, query);
		expect(d.socket.readyState).toBe(d.socket.OPEN);
		b.socket.close();
		d.socket.close();
		await Promise.all([b.closed, d.closed]);
	});

	it('closes a connection that floods messages, whole', async () => {
		const s = await rawSocket(srv.ws, query);
		const doc = new Y.Doc();
		for (let i = 0; i < 120; i++) s.socket.send(update(doc, i));
		expect(await s.closed).toEqual({ code: 1013, reason: 'too many messages' });
	});
});
