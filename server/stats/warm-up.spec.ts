// The start-up warm-up of the statistics cache: every station derived in the background from the
// store itself (the relay's recent snapshots untouched), and the restarted server answers the
// district view from it without reading a single document.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, initBoard } from '../../src/lib/documents/board';
import { docNames } from '../../src/lib/domain/station';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { startApp, type RunningApp } from '../test-kit';
import { DerivedCache } from './derived-cache';
import { warmStatistics } from './warm-up';

let srv: RunningApp | undefined;
afterEach(async () => {
	await srv?.stop();
	srv = undefined;
});

async function stationWithEntries(app: RunningApp['app'], name: string, n: number): Promise<string> {
	const street = app.directory.listStreets()[0] ?? await app.directory.createStreet('test', '和平街道');
	const station = await app.directory.createStation('test', { name, streetId: street.id, kind: 'community' });
	const doc = new Y.Doc();
	initBoard(doc, { name, street: street.name, kind: 'community' }, 1);
	for (let i = 0; i < n; i++) addEntry(doc, { content: `问题${i}`, place: '', category: 'other', receivedOn: '2026-03-01', visitId: '' }, '干部', 2);
	await app.relay.log.append(docNames(station.id).board, Y.encodeStateAsUpdate(doc), 'test');
	return station.id;
}

describe('warming the statistics cache', () => {
	it('derives every station from the store, one per turn, without reading through the relay', async () => {
		srv = await startApp();
		const ids = [await stationWithEntries(srv.app, '甲社区', 3), await stationWithEntries(srv.app, '乙社区', 5)];
		let reads = 0;
		const docs = { load: (name: string) => (reads++, srv!.app.relay.load(name)), log: srv.app.relay.log };
		const derived = new DerivedCache(docs, srv.app.db);
		expect(await warmStatistics(() => ids, derived).done).toBe(2);
		expect(reads).toBe(0);
		expect((await derived.stats(ids[0])).entries).toHaveLength(3);
		expect((await derived.stats(ids[1])).entries).toHaveLength(5);
		expect(reads).toBe(0);
		// Stored in the database too: a fresh cache (a restarted server) loads it and unpacks instead of replaying.
		await derived.flushed();
		const again = new DerivedCache(docs, srv.app.db);
		await again.load();
		expect((await again.stats(ids[1])).entries).toHaveLength(5);
		expect(reads).toBe(0);
	});

	it('stops between stations when the server closes, and goes on past a station that fails', async () => {
		const warmed: string[] = [];
		const failing = { warm: (id: string) => (id === 'b' ? (() => { throw new Error('broken'); })() : void warmed.push(id)) };
		const warnings: string[] = [];
		expect(await warmStatistics(() => ['a', 'b', 'c'], failing, { warn: (m: string) => void warnings.push(m) }).done).toBe(3);
		expect(warmed).toEqual(['a', 'c']);
		expect(warnings[0]).toMatch(/b: broken/);

		const slow = warmStatistics(() => ['x', 'y', 'z'], { warm: (id) => void warmed.push(id) });
		await new Promise((r) => setImmediate(r));
		slow.stop();
		expect(await slow.done).toBeLessThan(3);
	});

	it('runs at every start of the server: a restarted server has every station derived', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'yixian-warm-'));
		const config = loadConfig({ YIXIAN_DATA_DIR: dir });
		let app = await createApp(config);
		const id = await stationWithEntries(app, '丙社区', 2);
		await app.warmUp.done;
		await app.close();
		app = await createApp(config);
		expect(await app.warmUp.done).toBe(1);
		const row = (await app.db.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM derived_stats WHERE station_id = ?', [id]))!;
		expect(row.n).toBe(1);
		await app.close();
		rmSync(dir, { recursive: true, force: true });
	});
});
