// A seeded district on SQLite moves to PostgreSQL; the server then starts on PostgreSQL over the
// same data dir and serves the same district: sign-in, the directory, rights, settings, ratings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDistrict } from '../files/test-district';
import { call, startApp } from '../test-kit';
import { createTestDatabase, postgresAbsent, reportPostgresAbsent } from '../storage/test-databases';
import { OpsError } from './backup';
import { migrateToPostgres } from './migrate-to-postgres';

const absent = await postgresAbsent();
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
		expect(report.leftBehind).toContain('updates');
		// A second move into the same database is refused: nothing doubles.
		await expect(migrateToPostgres(dir, before.config.dbFile, database.url)).rejects.toThrow(/not empty/);

		const after = await startApp({ ...env, YIXIAN_DATABASE_URL: database.url });
		try {
			expect(after.app.db.dialect).toBe('postgres');
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
});
