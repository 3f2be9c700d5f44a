// The update log's contract (update-log.ts), run against both back ends: SQLite (a temp file) and
// PostgreSQL (a throwaway database on the local server or YIXIAN_TEST_DATABASE_URL). Every check
// of what is committed reads through a separate connection, as another process would.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compactedSender } from './compactor.js';
import { Merger } from './merger.js';
import { tempDataFile, tempPostgres } from './test-kit.js';
import { PostgresUpdateLog } from './update-log-pg.js';
import { SqliteUpdateLog, type UpdateLog } from './update-log.js';

/** Reads what another process would see. */
interface Reader {
	rows(doc: string): Promise<number>;
	history(doc: string): Promise<{ sender: string }[]>;
	senders(doc: string): Promise<string[]>;
}

interface Backend {
	open(merger?: Merger): UpdateLog;
	reader: Reader;
}

/** A merger that holds every merge until `release` (to append or remove rows meanwhile). */
class HeldMerger extends Merger {
	calls = 0;
	running = 0;
	maxRunning = 0;
	#release!: () => void;
	#held = new Promise<void>((resolve) => (this.#release = resolve));
	#entered!: () => void;
	entered = new Promise<void>((resolve) => (this.#entered = resolve));
	release() {
		this.#release();
	}
	override async merge(updates: Uint8Array[]) {
		this.calls++;
		this.maxRunning = Math.max(this.maxRunning, ++this.running);
		this.#entered();
		await this.#held;
		try {
			return await super.merge(updates);
		} finally {
			this.running--;
		}
	}
}

let docCounter = 0;
const freshDoc = () => `board:T${++docCounter}`;

/** `n` updates of one Y.Doc appended to `docName`; answers the doc. */
async function edits(log: UpdateLog, docName: string, n: number, sender = 'alice#1', doc = new Y.Doc()): Promise<Y.Doc> {
	const updates: Uint8Array[] = [];
	const handler = (u: Uint8Array) => updates.push(u);
	doc.on('update', handler);
	for (let i = 0; i < n; i++) doc.getArray<string>('n').push([`${sender}:${i}`]);
	doc.off('update', handler);
	for (const u of updates) await log.append(docName, u, sender);
	return doc;
}

async function restore(log: UpdateLog, docName: string): Promise<string[]> {
	const doc = new Y.Doc();
	(await log.load(docName)).forEach((u) => Y.applyUpdate(doc, u));
	return doc.getArray<string>('n').toArray().sort();
}

function contract(name: string, setup: () => Promise<(Backend & { cleanup: () => Promise<void> }) | null>) {
	describe(`update log contract: ${name}`, () => {
		let backend: (Backend & { cleanup: () => Promise<void> }) | null = null;
		const logs: UpdateLog[] = [];
		const open = (merger?: Merger) => {
			const log = backend!.open(merger);
			logs.push(log);
			return log;
		};
		beforeAll(async () => {
			backend = await setup();
			if (!backend) console.warn(`update log contract: ${name} skipped (no server answered)`);
		});
		afterAll(async () => {
			for (const log of logs) await log.close();
			await backend?.cleanup();
		});

		it('stores updates in order, loads them back, and moves lastId with every change', async (t) => {
			if (!backend) return t.skip();
			const log = open();
			const docName = freshDoc();
			expect(await log.lastId(docName)).toBe(0);
			expect(await log.load(docName)).toEqual([]);
			const doc = await edits(log, docName, 5);
			const before = await log.lastId(docName);
			expect(before).toBeGreaterThan(0);
			expect(await log.count(docName)).toBe(5);
			expect(await restore(log, docName)).toEqual(doc.getArray<string>('n').toArray().sort());
			await edits(log, docName, 1, 'bob#2');
			expect(await log.lastId(docName)).toBeGreaterThan(before);
			expect(await backend.reader.senders(docName)).toEqual(['alice#1', 'alice#1', 'alice#1', 'alice#1', 'alice#1', 'bob#2']);
		});

		it('commits the updates queued in one turn together, and runs their callbacks only once committed, in order', async (t) => {
			if (!backend) return t.skip();
			const log = open();
			const docName = freshDoc();
			const doc = new Y.Doc();
			const seen: Promise<{ rowId: number; committedThen: number }>[] = [];
			doc.on('update', (update: Uint8Array) =>
				seen.push(
					new Promise((resolve, reject) =>
						log.appendSoon(docName, update, 'carol#3', (rowId) => resolve(backend!.reader.rows(docName).then((n) => ({ rowId, committedThen: n }))), reject)
					)
				)
			);
			for (let i = 0; i < 5; i++) doc.getArray<number>('n').push([i]);
			const results = await Promise.all(seen);
			expect(results.every((r) => r.committedThen === 5)).toBe(true);
			const ids = results.map((r) => r.rowId);
			expect(ids).toEqual([...ids].sort((a, b) => a - b));
			expect(new Set(ids).size).toBe(5);
		});

		it('reports a write that cannot be committed, and stores nothing of it', async (t) => {
			if (!backend) return t.skip();
			const log = backend.open();
			const docName = freshDoc();
			const outcomes: string[] = [];
			log.appendSoon(docName, Y.encodeStateAsUpdate(new Y.Doc()), 'dave#4', () => outcomes.push('stored'), () => outcomes.push('failed'));
			await log.close(); // commits what is queued
			expect(outcomes).toEqual(['stored']);
			const failed = new Promise<void>((resolve) => log.appendSoon(docName, new Uint8Array([0, 0]), 'dave#4', () => outcomes.push('stored'), () => (outcomes.push('failed'), resolve())));
			await failed;
			expect(outcomes).toEqual(['stored', 'failed']);
			expect(await backend.reader.rows(docName)).toBe(1);
		});

		it('takes back one update by its id', async (t) => {
			if (!backend) return t.skip();
			const log = open();
			const docName = freshDoc();
			await edits(log, docName, 2);
			const id = await log.lastId(docName);
			await log.remove(id);
			expect(await log.count(docName)).toBe(1);
			expect(await log.lastId(docName)).toBeLessThan(id);
		});

		it('compacts a document into one merged update in the worker, keeping who sent what in the history', async (t) => {
			if (!backend) return t.skip();
			const merger = new HeldMerger();
			merger.release();
			const log = open(merger);
			const docName = freshDoc();
			const other = freshDoc();
			const doc = await edits(log, docName, 30);
			await edits(log, other, 1, 'bob#2');
			expect(await log.compact(docName)).toBe(true);
			expect(merger.calls).toBe(1);
			expect(await log.count(docName)).toBe(1);
			expect(await log.count(other)).toBe(1);
			expect(await restore(log, docName)).toEqual(doc.getArray<string>('n').toArray().sort());
			expect(await backend.reader.senders(docName)).toEqual([compactedSender]);
			const history = await backend.reader.history(docName);
			expect(history.length).toBe(30);
			expect(history.every((h) => h.sender === 'alice#1')).toBe(true);
			// A second compaction merges the merged row with new ones; the merged row is not history.
			await edits(log, docName, 2, 'bob#2', doc);
			expect(await log.compact(docName)).toBe(true);
			expect((await backend.reader.history(docName)).length).toBe(32);
			expect(await log.compact(docName)).toBe(false); // one row: nothing to merge
		});

		it('keeps updates appended while a compaction merges: only the merged rows are swapped', async (t) => {
			if (!backend) return t.skip();
			const merger = new HeldMerger();
			const log = open(merger);
			const docName = freshDoc();
			const doc = await edits(log, docName, 10);
			const compacting = log.compact(docName);
			await merger.entered;
			await edits(log, docName, 3, 'bob#2', doc);
			merger.release();
			expect(await compacting).toBe(true);
			expect(await log.count(docName)).toBe(1 + 3);
			expect(await restore(log, docName)).toEqual(doc.getArray<string>('n').toArray().sort());
			expect((await backend.reader.history(docName)).length).toBe(10);
		});

		it('stands down when a merged row was taken back meanwhile', async (t) => {
			if (!backend) return t.skip();
			const merger = new HeldMerger();
			const log = open(merger);
			const docName = freshDoc();
			await edits(log, docName, 4);
			const last = await log.lastId(docName);
			const compacting = log.compact(docName);
			await merger.entered;
			await log.remove(last);
			merger.release();
			expect(await compacting).toBe(false);
			expect(await log.count(docName)).toBe(3);
			expect(await backend.reader.history(docName)).toEqual([]);
		});

		it('compacts queued documents one at a time, and is settled once all are done', async (t) => {
			if (!backend) return t.skip();
			const merger = new HeldMerger();
			merger.release();
			const log = open(merger);
			const names = [freshDoc(), freshDoc(), freshDoc()];
			for (const name of names) await edits(log, name, 5);
			const errors: Error[] = [];
			for (const name of names) log.compactSoon(name, (e) => errors.push(e));
			log.compactSoon(names[0], (e) => errors.push(e)); // queued twice: once is enough
			await log.settled();
			expect(errors).toEqual([]);
			expect(merger.calls).toBe(3);
			expect(merger.maxRunning).toBe(1);
			for (const name of names) expect(await backend.reader.rows(name)).toBe(1);
		});

		it('two processes compacting one document swap it once', async (t) => {
			if (!backend) return t.skip();
			const first = new HeldMerger();
			const second = new HeldMerger();
			const a = open(first);
			const b = open(second);
			const docName = freshDoc();
			const doc = await edits(a, docName, 8);
			const both = [a.compact(docName), b.compact(docName)];
			await Promise.all([first.entered, second.entered]);
			first.release();
			second.release();
			expect((await Promise.all(both)).sort()).toEqual([false, true]);
			expect(await backend.reader.rows(docName)).toBe(1);
			expect((await backend.reader.history(docName)).length).toBe(8);
			expect(await restore(b, docName)).toEqual(doc.getArray<string>('n').toArray().sort());
		});
	});
}

contract('SQLite', async () => {
	const { file, cleanup } = tempDataFile();
	const db = () => new Database(file, { readonly: true, fileMustExist: true });
	const query = <T>(sql: string, ...args: unknown[]) => {
		const reader = db();
		try {
			return reader.prepare(sql).all(...args) as T[];
		} finally {
			reader.close();
		}
	};
	const first = new SqliteUpdateLog({ dataFile: file }); // creates the file and tables
	await first.close();
	return {
		open: (merger) => new SqliteUpdateLog({ dataFile: file, merger }),
		reader: {
			rows: async (doc) => query<{ n: number }>('SELECT count(*) AS n FROM updates WHERE doc = ?', doc)[0].n,
			history: async (doc) => query<{ sender: string }>('SELECT sender FROM update_history WHERE doc = ? ORDER BY id', doc),
			senders: async (doc) => query<{ sender: string }>('SELECT sender FROM updates WHERE doc = ? ORDER BY id', doc).map((r) => r.sender)
		},
		cleanup: async () => cleanup()
	};
});

contract('PostgreSQL', async () => {
	const database = await tempPostgres();
	if (!database) return null;
	const reader = new pg.Pool({ connectionString: database.url, max: 2 });
	const first = new PostgresUpdateLog(database.url); // creates the tables
	await first.close();
	const query = async <T extends pg.QueryResultRow>(sql: string, ...args: unknown[]) => (await reader.query<T>(sql, args)).rows;
	return {
		open: (merger) => new PostgresUpdateLog(database.url, { merger }),
		reader: {
			rows: async (doc) => Number((await query<{ n: string }>('SELECT count(*) AS n FROM updates WHERE doc = $1', doc))[0].n),
			history: (doc) => query<{ sender: string }>('SELECT sender FROM update_history WHERE doc = $1 ORDER BY id', doc),
			senders: async (doc) => (await query<{ sender: string }>('SELECT sender FROM updates WHERE doc = $1 ORDER BY id', doc)).map((r) => r.sender)
		},
		cleanup: async () => {
			await reader.end();
			await database.drop();
		}
	};
});
