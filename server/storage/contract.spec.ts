// The storage contract: the same tests on SQLite and on PostgreSQL (a throwaway database per run).
// Without PostgreSQL the suite says so loudly, and fails where it was required (CI, or
// YIXIAN_TEST_DATABASE_URL set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, appliedMigrations } from './migrate';
import { MIGRATIONS } from './migrations/index';
import { columnsOf } from './migrations/ddl';
import { PostgresStorage, toPgPlaceholders } from './postgres';
import { SqliteStorage } from './sqlite';
import { createTestDatabase, postgresAbsent, reportPostgresAbsent, tempDir } from './test-databases';
import { isUniqueViolation, type Storage } from './types';

const absent = await postgresAbsent();
if (absent) reportPostgresAbsent('storage contract', absent);

interface Target {
	name: string;
	open(): Promise<Storage>;
	/** A second connection to the same database (another process). */
	another(): Promise<Storage>;
	cleanup(): Promise<void>;
}

function sqliteTarget(): Target {
	const tmp = tempDir('h5-storage-');
	return {
		name: 'sqlite',
		open: async () => new SqliteStorage(tmp.file('contract.db')),
		another: async () => new SqliteStorage(tmp.file('contract.db')),
		cleanup: async () => tmp.remove()
	};
}

function postgresTarget(): Target {
	let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
	return {
		name: 'postgres',
		async open() {
			database ??= await createTestDatabase('h5');
			return new PostgresStorage(database.url);
		},
		async another() {
			return new PostgresStorage(database!.url);
		},
		cleanup: async () => database?.drop()
	};
}

const targets: Target[] = [sqliteTarget(), ...(absent ? [] : [postgresTarget()])];

const deferred = () => {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
};

describe.each(targets)('storage contract on $name', (target) => {
	let db: Storage;
	beforeAll(async () => {
		db = await target.open();
		await migrate(db);
		await db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n BIGINT NOT NULL, note TEXT, bytes ' + (db.dialect === 'postgres' ? 'BYTEA' : 'BLOB') + ')');
	});
	afterAll(async () => {
		await db?.close();
		await target.cleanup();
	});

	it('binds ? placeholders, leaves a ? in a string literal alone, and reads rows back', async () => {
		await db.run('INSERT INTO t (id, n, note) VALUES (?, ?, ?)', ['a', 1, 'what?']);
		expect(await db.get('SELECT id, n, note, ? AS "q" FROM t WHERE id = ? AND note = \'what?\'', ['x', 'a'])).toEqual({ id: 'a', n: 1, note: 'what?', q: 'x' });
		expect(await db.get('SELECT id FROM t WHERE id = ?', ['none'])).toBeUndefined();
	});

	it('keeps times past 2^31 ms as numbers, and counts as numbers', async () => {
		const at = 1_900_000_000_000;
		await db.run('INSERT INTO t (id, n) VALUES (?, ?)', ['time', at]);
		expect((await db.get<{ n: number }>('SELECT n FROM t WHERE id = ?', ['time']))!.n).toBe(at);
		const { c } = (await db.get<{ c: number }>('SELECT count(*) AS "c" FROM t'))!;
		expect(typeof c).toBe('number');
	});

	it('stores bytes and gives them back as a Buffer', async () => {
		const bytes = new Uint8Array([0, 1, 2, 250, 255]);
		await db.run('INSERT INTO t (id, n, bytes) VALUES (?, ?, ?)', ['bin', 0, bytes]);
		const row = await db.get<{ bytes: Buffer }>('SELECT bytes FROM t WHERE id = ?', ['bin']);
		expect(Buffer.isBuffer(row!.bytes)).toBe(true);
		expect([...row!.bytes]).toEqual([...bytes]);
	});

	it('upserts with ON CONFLICT, returns rows with RETURNING, and says how many rows changed', async () => {
		await db.run('INSERT INTO t (id, n) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET n = excluded.n', ['u', 1]);
		await db.run('INSERT INTO t (id, n) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET n = excluded.n', ['u', 2]);
		expect((await db.get<{ n: number }>('SELECT n FROM t WHERE id = ?', ['u']))!.n).toBe(2);
		expect((await db.run('INSERT INTO t (id, n) VALUES (?, ?) ON CONFLICT DO NOTHING', ['u', 3])).changes).toBe(0);
		expect(await db.query('INSERT INTO t (id, n) VALUES (?, ?) RETURNING id, n', ['r', 5])).toEqual([{ id: 'r', n: 5 }]);
		expect((await db.run('UPDATE t SET note = ? WHERE id IN (?, ?)', ['x', 'u', 'r'])).changes).toBe(2);
	});

	it('tells a unique violation apart', async () => {
		const error = await db.run('INSERT INTO t (id, n) VALUES (?, ?)', ['u', 1]).catch((e) => e);
		expect(isUniqueViolation(error)).toBe(true);
		expect(isUniqueViolation(new Error('other'))).toBe(false);
	});

	it('commits a transaction that resolves and rolls back one that throws', async () => {
		await db.transaction(async (tx) => {
			await tx.run('INSERT INTO t (id, n) VALUES (?, ?)', ['tx1', 1]);
		});
		await expect(
			db.transaction(async (tx) => {
				await tx.run('INSERT INTO t (id, n) VALUES (?, ?)', ['tx2', 1]);
				throw new Error('no');
			})
		).rejects.toThrow('no');
		expect(await db.query('SELECT id FROM t WHERE id IN (?, ?) ORDER BY id', ['tx1', 'tx2'])).toEqual([{ id: 'tx1' }]);
	});

	it("never lets another caller's statement into an open transaction (its rollback keeps their write)", async () => {
		const inside = deferred();
		const go = deferred();
		const tx = db.transaction(async (q) => {
			await q.run('INSERT INTO t (id, n) VALUES (?, ?)', ['in-tx', 1]);
			inside.resolve();
			await go.promise;
			throw new Error('rolled back');
		});
		await inside.promise;
		const outside = db.run('INSERT INTO t (id, n) VALUES (?, ?)', ['outside', 1]);
		go.resolve();
		await expect(tx).rejects.toThrow('rolled back');
		await outside;
		expect(await db.query('SELECT id FROM t WHERE id IN (?, ?) ORDER BY id', ['in-tx', 'outside'])).toEqual([{ id: 'outside' }]);
	});

	it('runs concurrent transactions one after the other where they would conflict', async () => {
		await db.run('INSERT INTO t (id, n) VALUES (?, ?)', ['counter', 0]);
		const bump = () =>
			db.transaction(async (tx) => {
				// Takes the row (PostgreSQL: lock it; SQLite: the transaction holds the file).
				await tx.run('UPDATE t SET n = n WHERE id = ?', ['counter']);
				const { n } = (await tx.get<{ n: number }>('SELECT n FROM t WHERE id = ?', ['counter']))!;
				await new Promise((r) => setImmediate(r));
				await tx.run('UPDATE t SET n = ? WHERE id = ?', [n + 1, 'counter']);
			});
		await Promise.all(Array.from({ length: 8 }, bump));
		expect((await db.get<{ n: number }>('SELECT n FROM t WHERE id = ?', ['counter']))!.n).toBe(8);
	});

	it('holds an exclusive lock across connections (another process waits for it)', async () => {
		const other = await target.another();
		try {
			const log: string[] = [];
			const held = deferred();
			const release = deferred();
			const first = db.exclusive(42, async () => {
				log.push('first in');
				held.resolve();
				await release.promise;
				log.push('first out');
			});
			await held.promise;
			const second = other.exclusive(42, async () => void log.push('second in'));
			await new Promise((r) => setTimeout(r, 50));
			release.resolve();
			await Promise.all([first, second]);
			// SQLite: one process serves a file; the lock is per process (documented).
			if (target.name === 'postgres') expect(log).toEqual(['first in', 'first out', 'second in']);
			else expect(log).toContain('second in');
		} finally {
			await other.close();
		}
	});

	it('applies every migration once; a second run applies none', async () => {
		expect(await appliedMigrations(db)).toEqual(MIGRATIONS.map((m) => m.name));
		expect(await migrate(db)).toEqual([]);
	});

	it("gives PostgreSQL the documents' update log through a migration (on SQLite the relay's store makes it)", async () => {
		const tables = { updates: ['id', 'doc', 'bytes', 'sender', 'received_at'], update_history: ['id', 'doc', 'sender', 'received_at', 'size'], entry_history: ['update_id', 'seq', 'doc', 'entry', 'actor', 'kind'], history_marks: ['name', 'value'] };
		for (const [table, columns] of Object.entries(tables))
			expect(await columnsOf(db, db.dialect, table), table).toEqual(db.dialect === 'postgres' ? expect.arrayContaining(columns) : []);
	});

	it('keeps rating submissions final (no update, no delete)', async () => {
		await db.run("INSERT INTO rating_rounds (id, half_year, closes_on, opened_at, opened_by) VALUES ('r1', '2026H1', '2026-06-30', 1, 'o')");
		await db.run("INSERT INTO rating_submissions (id, round_id, station_id, cadre_id, rater_group, overall, submitted_on) VALUES ('k1', 'r1', 's', 'c', 'g', 'good', '2026-06-01')");
		await expect(db.run("UPDATE rating_submissions SET overall = 'bad'")).rejects.toThrow(/final/);
		await expect(db.run('DELETE FROM rating_submissions')).rejects.toThrow(/final/);
	});

	it('assigns integer keys (audit ids) in order', async () => {
		const a = await db.get<{ id: number }>("INSERT INTO audit (at, actor, action, detail) VALUES (1, 'x', 'y', '{}') RETURNING id");
		const b = await db.get<{ id: number }>("INSERT INTO audit (at, actor, action, detail) VALUES (1, 'x', 'y', '{}') RETURNING id");
		expect(typeof a!.id).toBe('number');
		expect(b!.id).toBeGreaterThan(a!.id);
	});
});

describe.each([sqliteTarget(), ...(absent ? [] : [postgresTarget()])])('rating submissions stored before migration 007, on $name', (target) => {
	it('are kept with random keys, in no order of arrival, and their links keep only the day', async () => {
		const db = await target.open();
		try {
			const before = MIGRATIONS.findIndex((m) => m.name === '007-anonymous-submissions');
			await migrate(db, MIGRATIONS.slice(0, before));
			await db.run("INSERT INTO rating_rounds (id, half_year, closes_on, opened_at, opened_by) VALUES ('r1', '2026H1', '2026-06-30', 1, 'o')");
			const used = Date.UTC(2026, 5, 1, 9, 30, 15, 123);
			await db.run("INSERT INTO rating_links (token_hash, id, round_id, station_id, cadre_id, rater_group, issued_at, issued_by, used_at) VALUES ('h', 'l1', 'r1', 's', 'c', 'g', 1, 'o', ?)", [used]);
			const answers = ['satisfied', 'basically-satisfied', 'dissatisfied'];
			const sent = Array.from({ length: 12 }, (_, i) => `${answers[i % 3]}/${answers[Math.floor(i / 3) % 3]}/${i}`);
			for (const s of sent) {
				const [attendance, overall, day] = s.split('/');
				await db.run("INSERT INTO rating_submissions (round_id, station_id, cadre_id, rater_group, attendance, overall, submitted_on) VALUES ('r1', 's', 'c', 'g', ?, ?, ?)", [attendance, overall, day]);
			}
			expect(await migrate(db)).toEqual(['007-anonymous-submissions']);
			const rows = await db.query<{ id: unknown; attendance: string; overall: string; submitted_on: string }>('SELECT * FROM rating_submissions ORDER BY id');
			const kept = rows.map((r) => `${r.attendance}/${r.overall}/${r.submitted_on}`);
			expect(kept.slice().sort()).toEqual(sent.slice().sort());
			expect(kept).not.toEqual(sent);
			expect(rows.every((r) => typeof r.id === 'string' && /^[0-9a-f-]{32,36}$/.test(r.id as string))).toBe(true);
			expect((await db.get<{ used_at: number }>('SELECT used_at FROM rating_links'))!.used_at).toBe(Date.UTC(2026, 5, 1));
			await expect(db.run("UPDATE rating_submissions SET overall = 'bad'")).rejects.toThrow(/final/);
			await expect(db.run('DELETE FROM rating_submissions')).rejects.toThrow(/final/);
		} finally {
			await db.close();
			await target.cleanup();
		}
	});
});

describe('placeholders for PostgreSQL', () => {
	it('numbers ? in order, not inside quotes or comments', () => {
		expect(toPgPlaceholders(`SELECT ?, '?', "a?" -- what?\n FROM t WHERE x = ? AND y = ?`)).toBe(`SELECT $1, '?', "a?" -- what?\n FROM t WHERE x = $2 AND y = $3`);
	});
});
