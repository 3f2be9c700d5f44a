// The relay's SQLite commits never checkpoint the write-ahead log themselves (a stall of 8–12 ms on
// the event loop each time); a worker's connection does, so the log stays small all the same.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { tempDataFile, waitFor } from './test-kit.js';
import { SqliteUpdateLog } from './update-log.js';

const logs: SqliteUpdateLog[] = [];
afterEach(async () => {
	for (const log of logs.splice(0)) await log.close();
});

/** Commits `batches` transactions of 50 updates of 1 KiB each, one per turn of the event loop. */
async function write(log: SqliteUpdateLog, batches: number): Promise<void> {
	for (let b = 0; b < batches; b++) {
		const committed: Promise<number>[] = [];
		for (let i = 0; i < 50; i++) committed.push(new Promise((resolve, reject) => log.appendSoon(`board:W${i}`, new Uint8Array(1024).fill(b % 251), 'w#1', resolve, reject)));
		await Promise.all(committed);
	}
}

/** The WAL header's checkpoint sequence number: it moves each time the log starts over after a complete checkpoint. */
const walRestarts = (file: string) => readFileSync(`${file}-wal`).readUInt32BE(12);

it('checkpoints the WAL in a worker, never in the relay\'s own commits', { timeout: 30_000 }, async () => {
	const { file, cleanup } = tempDataFile();
	const log = new SqliteUpdateLog({ dataFile: file });
	logs.push(log);
	// The relay's connection: SQLite's automatic checkpoint (inside a commit) is off.
	const own = (log.sync as unknown as { db: Database.Database }).db;
	expect(own.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
	// Without anyone checkpointing, the WAL would hold every round and never start over.
	for (let round = 0; round < 3; round++) {
		const before = walRestarts(file);
		await write(log, 50);
		// Once the worker has checkpointed, a commit starts the log over.
		await waitFor(async () => {
			await write(log, 1);
			return walRestarts(file) !== before;
		}, 5000, 'the worker to checkpoint');
	}
	cleanup();
});
