// The relay's SQLite commits never checkpoint the write-ahead log themselves (a stall of 8–12 ms on
// the event loop each time); a worker's connection does, so the log stays small all the same.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
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

/**
 * The shared wal-index (`-shm`, sqlite.org/walformat.html): the frames the log holds (the header's
 * mxFrame, offset 16) and how many of them a checkpoint has copied into the database (nBackfill,
 * offset 96), both in the machine's byte order.
 */
function walIndex(file: string): { frames: number; copied: number } {
	const shm = readFileSync(`${file}-shm`);
	const read = (offset: number) => (endianness() === 'LE' ? shm.readUInt32LE(offset) : shm.readUInt32BE(offset));
	return { frames: read(16), copied: read(96) };
}

it('checkpoints the WAL in a worker, never in the relay\'s own commits', { timeout: 30_000 }, async () => {
	const { file, cleanup } = tempDataFile();
	const log = new SqliteUpdateLog({ dataFile: file });
	logs.push(log);
	// The relay's connection: SQLite's automatic checkpoint (inside a commit) is off.
	const own = (log.sync as unknown as { db: Database.Database }).db;
	expect(own.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
	for (let round = 0; round < 3; round++) {
		const before = walRestarts(file);
		await write(log, 50);
		expect(walIndex(file).frames).toBeGreaterThan(1000);
		// Nothing is written now, so only the worker can copy the whole log into the database.
		await waitFor(() => {
			const { frames, copied } = walIndex(file);
			return copied === frames;
		}, 10_000, 'the worker to checkpoint the whole log');
		// The next commit then starts the log over instead of growing it.
		await write(log, 1);
		expect(walRestarts(file)).not.toBe(before);
		expect(walIndex(file).frames).toBeLessThan(100);
	}
	cleanup();
});
