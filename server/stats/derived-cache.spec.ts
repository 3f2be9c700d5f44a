// The derived cache answers statistics from the station's documents as stored now: what an export
// or a file derived earlier is reused only while the document has not moved on since.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, initBoard } from '../../src/lib/documents/board';
import { addRecord } from '../../src/lib/documents/visit-log';
import { docNames } from '../../src/lib/domain/station';
import { startApp, type RunningApp } from '../test-kit';
import { DerivedCache } from './derived-cache';

let srv: RunningApp | undefined;
afterEach(async () => {
	await srv?.stop();
	srv = undefined;
});

const entry = (content: string) => ({ content, place: '', category: 'other', receivedOn: '2026-03-01', visitId: '' });
const visit = (household: string) => ({ visitor: '干部', date: '2026-03-02', household, address: '', peopleMet: 1, notes: '' });

/** A station whose board and visit log the relay's store holds; `add*` append one more record as a new stored update. */
async function station(app: RunningApp['app']) {
	const street = app.directory.listStreets()[0] ?? (await app.directory.createStreet('test', '和平街道'));
	const { id } = await app.directory.createStation('test', { name: '甲社区', streetId: street.id, kind: 'community' });
	const names = docNames(id);
	const board = new Y.Doc();
	const visits = new Y.Doc();
	const append = async (doc: Y.Doc, name: string, change: () => void) => {
		const before = Y.encodeStateVector(doc);
		change();
		await app.relay.log.append(name, Y.encodeStateAsUpdate(doc, before), 'test');
	};
	await append(board, names.board, () => {
		initBoard(board, { name: '甲社区', street: street.name, kind: 'community' }, 1);
		addEntry(board, entry('问题一'), '干部', 2);
	});
	await append(visits, names.visits, () => addRecord(visits, 'visits', visit('1号楼101'), 3));
	return {
		id,
		addEntry: () => append(board, names.board, () => addEntry(board, entry('问题二'), '干部', 4)),
		addVisit: () => append(visits, names.visits, () => addRecord(visits, 'visits', visit('1号楼102'), 5))
	};
}

describe('the derived cache', () => {
	it('counts an entry and a visit stored after an export had read the station', async () => {
		srv = await startApp();
		const s = await station(srv.app);
		const derived = new DerivedCache(srv.app.relay, srv.app.db);
		// What the ledger export and a cadre's file read first.
		expect((await derived.board(s.id)).entries).toHaveLength(1);
		expect((await derived.visitLog(s.id)).visits).toHaveLength(1);
		await s.addEntry();
		await s.addVisit();
		const stats = await derived.stats(s.id);
		expect(stats.entries).toHaveLength(2);
		expect(stats.visits).toHaveLength(2);
		// And what was stored for a restarted server is the state as it is now.
		await derived.flushed();
		const restarted = new DerivedCache(srv.app.relay, srv.app.db);
		await restarted.load();
		expect((await restarted.stats(s.id)).entries).toHaveLength(2);
	});

	it('still reuses what an export derived while nothing was stored since', async () => {
		srv = await startApp();
		const s = await station(srv.app);
		let loads = 0;
		const docs = { load: (name: string) => (loads++, srv!.app.relay.load(name)), log: srv.app.relay.log };
		const derived = new DerivedCache(docs, srv.app.db);
		await derived.board(s.id);
		await derived.visitLog(s.id);
		expect(loads).toBe(2);
		expect((await derived.stats(s.id)).entries).toHaveLength(1);
		expect(loads).toBe(2);
	});
});
