// With YIXIAN_DATABASE_URL the full server keeps everything in PostgreSQL, the documents' update
// log included (updates, update_history, entry_history): nothing of a district is left in the data
// dir's SQLite file. A stock y-websocket client, the server's own writes and the public page all
// go through PostgreSQL.
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, boardParts } from '../src/lib/documents/board';
import { docNames } from '../src/lib/domain/station';
import { publicSource } from '../src/lib/server/bridge';
import { seedDistrict, writeEntry } from './files/test-district';
import { connectClient, waitFor } from './relay/test-kit';
import { createTestDatabase, postgresAbsent, reportPostgresAbsent } from './storage/test-databases';
import { call, startApp, type RunningApp } from './test-kit';

const absent = await postgresAbsent();
if (absent) reportPostgresAbsent('app on PostgreSQL', absent);

describe.skipIf(!!absent)('the full server on PostgreSQL', () => {
	let database: Awaited<ReturnType<typeof createTestDatabase>>;
	let srv: RunningApp;
	let sql: pg.Client;
	beforeAll(async () => {
		database = await createTestDatabase('h12app');
		srv = await startApp({ YIXIAN_DATABASE_URL: database.url });
		sql = new pg.Client({ connectionString: database.url });
		await sql.connect();
	});
	afterAll(async () => {
		await sql?.end();
		await srv?.stop();
		await database?.drop();
	});

	const rows = async (query: string, params: unknown[] = []) => (await sql.query(query, params)).rows;

	it('stores the documents of a district in PostgreSQL, not in the SQLite file', async () => {
		expect(srv.app.relay.log.kind).toBe('postgres');
		const d = await seedDistrict(srv);
		const board = docNames(d.stations.a.id).board;
		const entry = await writeEntry(srv, d.stations.a.id, '2026-03-02', [{ type: 'note', text: '已联系物业' }], Date.UTC(2026, 2, 2));
		// A station created through the API: its board is started by the server (initStation).
		const made = await call(srv.base, 'POST', '/api/admin/stations', { name: '新建社区', streetId: d.streets.west.id, kind: 'community' }, d.people.office.token);
		expect(made.status).toBe(201);
		expect(await rows('SELECT sender FROM updates WHERE doc = $1', [docNames(made.body.id).board])).toEqual([{ sender: 'server' }]);

		// A stock client of the team: gets the server's writes from PostgreSQL, and its own land there.
		const cadre = connectClient(srv.ws, board, new Y.Doc(), { token: d.people.cadreA.token });
		try {
			await cadre.synced();
			expect(boardParts(cadre.doc).entries.has(entry)).toBe(true);
			const before = (await rows('SELECT count(*)::int AS n FROM updates WHERE doc = $1', [board]))[0].n as number;
			addEntry(cadre.doc, { content: '井盖丢了', place: '', category: 'infrastructure', receivedOn: '2026-03-03', visitId: '' }, '李驻点', Date.UTC(2026, 2, 3));
			await waitFor(async () => (await rows('SELECT count(*)::int AS n FROM updates WHERE doc = $1', [board]))[0].n > before, 5000, 'the update in PostgreSQL');
		} finally {
			cadre.provider.destroy();
		}
		// The audit trail of the entries is there too.
		expect((await rows('SELECT DISTINCT kind FROM entry_history WHERE doc = $1 ORDER BY kind', [board])).map((r) => r.kind)).toEqual(['created', 'event']);
		expect((await rows('SELECT count(*)::int AS n FROM update_history'))[0].n).toBe(0);

		// The public page reads it through the same log.
		const page = await publicSource()!.station(d.stations.a.id);
		expect(page?.name).toBe('幸福社区');

		// The data dir's SQLite file holds nothing of it (it is not even made).
		expect(existsSync(srv.config.dbFile)).toBe(false);
	}, 60_000);
});
