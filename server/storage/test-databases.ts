// Test databases for the storage contract: a SQLite file in a temp dir, and a throwaway PostgreSQL
// database (created per run, dropped after) on YIXIAN_TEST_DATABASE_URL, or on the standard local
// port when it answers (scripts/ensure-services.sh starts one where none runs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Where the tests' PostgreSQL is, and whether it was asked for explicitly (then its absence fails). */
export function testDatabaseUrl(): { url: string; required: boolean } {
	const given = process.env.YIXIAN_TEST_DATABASE_URL;
	return { url: given || DEFAULT_TEST_DATABASE_URL, required: !!given || process.env.CI === 'true' || process.env.YIXIAN_TEST_REQUIRE_SERVICES === '1' };
}

/** null when PostgreSQL answers, else why not. */
export async function postgresAbsent(url = testDatabaseUrl().url): Promise<string | null> {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		await client.query('SELECT 1');
		return null;
	} catch (error) {
		return (error as Error).message || String(error);
	} finally {
		await client.end().catch(() => {});
	}
}

/** Says loudly that PostgreSQL tests do not run here; throws when they were required. */
export function reportPostgresAbsent(suite: string, why: string): void {
	const { url, required } = testDatabaseUrl();
	const message = `\n${'!'.repeat(78)}\n!! ${suite}: PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} does not answer (${why}).\n!! The PostgreSQL half of this suite is NOT run. Start one with scripts/ensure-services.sh\n!! or set YIXIAN_TEST_DATABASE_URL.\n${'!'.repeat(78)}\n`;
	console.error(message);
	if (required) throw new Error(`${suite}: PostgreSQL required (YIXIAN_TEST_DATABASE_URL or CI set) but absent: ${why}`);
}

/** A fresh database `<prefix>_<random>` on the test server; `drop` removes it (connections forced out). */
export async function createTestDatabase(prefix = 'h5'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
	const base = testDatabaseUrl().url;
	const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
	const admin = new pg.Client({ connectionString: base });
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(base);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		name,
		async drop() {
			const a = new pg.Client({ connectionString: base });
			await a.connect();
			try {
				await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			} finally {
				await a.end();
			}
		}
	};
}

/** A temp dir for SQLite files; `remove` deletes it. */
export function tempDir(prefix = 'yixian-storage-'): { dir: string; file(name: string): string; remove(): void } {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	return { dir, file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
