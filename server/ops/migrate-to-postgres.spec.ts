// A seeded district on SQLite moves to PostgreSQL; the server then starts on PostgreSQL over the
// same data dir and serves the same district: sign-in, the directory, rights, settings, ratings,
// and the documents (their updates, audit trail and entry history), to the stock client too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardParts } from '../../src/lib/documents/board';
import { docNames } from '../../src/lib/domain/station';
import { publicSource } from '../../src/lib/server/bridge';
import { seedDistrict, writeEntry, writeVisits } from '../files/test-district';
import { connectClient } from '../relay/test-kit';
import { UpdateStore } from '../relay/store';
import { BACKFILLED } from '../history/history-store';
import { PostgresStorage } from '../storage/postgres';
import { call, startApp } from '../test-kit';
import { createTestDatabase, postgresAbsent, reportPostgresAbsent } from '../storage/test-databases';
import { OpsError } from './backup';
import { migrateToPostgres } from './migrate-to-postgres';

const absent = await postgresAbsent();
/** A document's whole state, comparable across copies. */
const state = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
if (absent) reportPostgresAbsent('migrate-to-postgres', absent);

describe.skipIf(!!absent)('moving a district from SQLite to PostgreSQL', () => {
	let database: Awaited<ReturnType<typeof createTestDatabase>>;
	const dir = mkdtempSync(join(tmpdir(), 'h5-move-'));
	const env = { YIXIAN_DATA_DIR: dir, YIXIAN_TOKEN_SECRET: 'a-secret-for-the-move-test-0000000' };
	beforeAll(async () => void (database = await createTestDatabase('h5')));
	afterAll(async () => {
		await database?.drop();
		rmSync(dir, { recursive: true, force: true });
	});

	it('copies every table, counts them, and the server on PostgreSQL serves the same district', async () => {
		const before = await startApp(env);
		const { people, stations } = await seedDistrict(before);
		const office = people.office.token;
		expect((await call(before.base, 'PUT', '/api/district', { name: '城东区' }, office)).status).toBe(200);
		const directory = (await call(before.base, 'GET', '/api/admin/directory', undefined, office)).body;
		const cadreSees = (await call(before.base, 'GET', '/api/me', undefined, people.cadreA.token)).body.stations;
		const leaderSees = (await call(before.base, 'GET', '/api/me', undefined, people.leader.token)).body.stations;
		// Documents: entries with their history, visits, a resident's report (its contact in contacts:).
		const names = docNames(stations.a.id);
		const entry = await writeEntry(before, stations.a.id, '2026-03-02', [{ type: 'note', text: '已联系物业' }, { type: 'solved', text: '已修好' }], Date.UTC(2026, 2, 2), { reporterName: '陈阿姨', reporterPhone: '13712345678' });
		await writeVisits(before, stations.a.id, '李驻点', '2026-03-05', 4);
		expect((await publicSource()!.submitReport(stations.a.id, { content: '路灯不亮', place: '', name: '赵大爷', phone: '13900002222' }, '10.9.9.9')).ok).toBe(true);
		const docsBefore = Object.fromEntries(await Promise.all(Object.values(names).map(async (n) => [n, state(await before.app.relay.load(n))])));
		const historyBefore = await before.app.relay.log.entryHistory(names.board, entry);
		expect(historyBefore.length).toBeGreaterThan(1);
		const pageBefore = await publicSource()!.station(stations.a.id);
		const lastIdBefore = await before.app.relay.log.lastId(names.board);
		// Stopped (files kept): the move refuses while a server runs on the data dir.
		await expect(migrateToPostgres(dir, before.config.dbFile, database.url)).rejects.toThrow(OpsError);
		await before.app.close();
		await expect(migrateToPostgres(dir, before.config.dbFile, 'mysql://x')).rejects.toThrow(/postgres/);

		const lines: string[] = [];
		const report = await migrateToPostgres(dir, before.config.dbFile, database.url, (l) => lines.push(l));
		const rows = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
		expect(rows).toMatchObject({ streets: 2, stations: 3, people: 5, assignments: 3, street_leaders: 1, settings: 1 });
		expect(rows.sessions).toBeGreaterThanOrEqual(5);
		expect(rows.audit).toBeGreaterThan(10);
		expect(rows.updates).toBeGreaterThanOrEqual(8);
		expect(rows.entry_history).toBeGreaterThanOrEqual(historyBefore.length);
		expect(rows.history_marks).toBe(1);
		// A second move into the same database is refused: nothing doubles.
		await expect(migrateToPostgres(dir, before.config.dbFile, database.url)).rejects.toThrow(/not empty/);

		const after = await startApp({ ...env, YIXIAN_DATABASE_URL: database.url });
		try {
			expect(after.app.db.dialect).toBe('postgres');
			expect(after.app.relay.log.kind).toBe('postgres');
			// The same documents, the same entry history, the same public page.
			for (const [name, bytes] of Object.entries(docsBefore)) expect(state(await after.app.relay.load(name)), name).toBe(bytes);
			expect(await after.app.relay.log.entryHistory(names.board, entry)).toEqual(historyBefore);
			expect(await publicSource()!.station(stations.a.id)).toEqual(pageBefore);
			// The stock client of the team gets it from PostgreSQL, and its update gets an id past the copied ones.
			const cadre = connectClient(after.ws, names.board, new Y.Doc(), { token: people.cadreA.token });
			try {
				await cadre.synced();
				expect(state(cadre.doc)).toBe(docsBefore[names.board]);
				expect(boardParts(cadre.doc).entries.has(entry)).toBe(true);
				await after.app.relay.change(names.board, (d) => boardParts(d).meta.set('moved', true), 'test');
				expect(await after.app.relay.log.lastId(names.board)).toBeGreaterThan(lastIdBefore);
			} finally {
				cadre.provider.destroy();
			}
			// Sessions moved: the tokens issued on SQLite still work, and signing in works.
			expect((await call(after.base, 'GET', '/api/admin/directory', undefined, office)).body).toEqual(directory);
			const signIn = await call(after.base, 'POST', '/api/session', { phone: people.cadreA.phone, password: 'test-pass-1' });
			expect(signIn.status).toBe(200);
			expect((await call(after.base, 'GET', '/api/me', undefined, signIn.body.access)).body.stations).toEqual(cadreSees);
			expect((await call(after.base, 'GET', '/api/me', undefined, people.leader.token)).body.stations).toEqual(leaderSees);
			expect((await call(after.base, 'GET', '/api/district', undefined, office)).body).toEqual({ name: '城东区' });
			// New rows get new ids past the copied ones (the audit's sequence moved on).
			expect((await call(after.base, 'POST', '/api/admin/streets', { name: '新街道' }, office)).status).toBe(201);
			const audit = await after.app.db.query<{ id: number }>('SELECT id FROM audit ORDER BY id');
			expect(new Set(audit.map((a) => a.id)).size).toBe(audit.length);
			// Rights still cut: the assistant removed from the team no longer sees the station.
			expect((await call(after.base, 'DELETE', `/api/admin/stations/${stations.a.id}/team/${people.assistantA.id}`, undefined, office)).status).toBe(204);
			expect((await call(after.base, 'GET', '/api/me', undefined, people.assistantA.token)).body.stations).toEqual([]);
		} finally {
			await after.app.close();
		}
	}, 60_000);

	it('records the history of entries stored before it was kept before moving them: PostgreSQL needs no backfill', async () => {
		const target = await createTestDatabase('h12old');
		const old = mkdtempSync(join(tmpdir(), 'h12-old-'));
		try {
			// A file whose updates predate the entry history: stored without one.
			const file = join(old, 'yixian.db');
			const store = new UpdateStore(file);
			const doc = new Y.Doc();
			const updates: Uint8Array[] = [];
			doc.on('update', (u: Uint8Array) => updates.push(u));
			doc.transact(() => {
				const entry = new Y.Map<unknown>();
				for (const [k, v] of Object.entries({ id: 'oldentry01', content: '旧的内容', place: '', category: 'other', receivedOn: '2026-02-01', visitId: '', createdAt: 2, createdBy: '李驻点' })) entry.set(k, v);
				entry.set('timeline', Y.Array.from([{ id: 'evold00001', at: 2, by: '李驻点', type: 'created' }]));
				boardParts(doc).entries.set('oldentry01', entry);
			});
			store.append('board:oldstation01', updates[0], 'oldcadre00#3', 1_000);
			store.close();

			await migrateToPostgres(old, file, target.url);
			const pg = new PostgresStorage(target.url, { max: 1 });
			try {
				const rows = await pg.query<{ entry: string; kind: string; note: string }>('SELECT entry, kind, note FROM entry_history ORDER BY update_id, seq');
				expect(rows).toEqual([{ entry: 'oldentry01', kind: 'created', note: BACKFILLED }, { entry: 'oldentry01', kind: 'event', note: BACKFILLED }]);
				expect(await pg.query('SELECT name FROM history_marks')).toEqual([{ name: 'backfilled-through' }]);
			} finally {
				await pg.close();
			}
		} finally {
			rmSync(old, { recursive: true, force: true });
			await target.drop();
		}
	}, 60_000);
});
