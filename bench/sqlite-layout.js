// The SQLite update log's page layout under the relay soak's write pattern (issue 12): the rowid
// table + (doc, id) index against a table clustered by (doc, id) (WITHOUT ROWID). Not a test: it
// prints, per layout, the time of each commit of queued updates, the WAL bytes the event loop wrote
// per update, and the cost per row of a compaction's swap, on a real disk (not tmpfs).
//
//   node bench/sqlite-layout.js
//   BENCH_DIR=/tmp            where the files go (a dir /tmp/h12c-layout-* is made and removed)
//   BENCH_SECONDS=20          measured seconds per run (after BENCH_WARMUP=5 s)
//   BENCH_RUNS=3              runs of each variant, interleaved
//   BENCH_VARIANTS=rowid,clustered,rowid+cache,clustered+cache   (+cache: cache_size 64 MB, +temp:
//                             temp_store MEMORY, +hist: update_history clustered by (doc, id) too)
//
// The pattern: 500 documents holding 0–500 rows each (interleaved, as the soak leaves them);
// ~6,000 updates/s of ~100 bytes, committed in transactions of 20–60 rows every 5–10 ms; a
// compactor that takes each document past 500 rows, reads its rows (mergeInput), stores an 8 KB
// merge and deletes the merged rows in slices of 32 (store.ts), pausing 4× a slice's time after
// it; a worker thread checkpointing the WAL every 500 ms (wal-checkpointer.ts). WAL bytes are the
// frames a commit appended (the wal-index header's mxFrame); `tmp` is what else the main thread
// wrote (/proc/self/task/<pid>/io wchar): temp files, i.e. statement journals.
//
// Found on the dev VM (2 cores, ext4, 2026-11-30; 12 runs of each layout in 4 sessions, medians):
// clustering `updates` by (doc, id) writes ~40 % more WAL per stored update (7.8 vs 5.6 KB) and
// its commits take 30–40 % longer at p50 (p99 worse too), while a swap's deleted row costs ~1/3
// less (10 vs 15.5 µs; WAL 4.3 vs 8.0 KB, plus 3.4 KB of statement journal either way): no gain
// on the commits deliveries wait for, so the log stays a rowid table. Over half of what a swap
// writes per row is its copy into update_history, keyed by id (+hist: 5.0 KB in all, no journal).

import Database from 'better-sqlite3';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

const DIR = process.env.BENCH_DIR ?? '/tmp';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'rowid,clustered,rowid+cache,clustered+cache').split(',');
const DOCS = 500, RATE = 6000, THRESHOLD = 500, SLICE = 32, MERGED_BYTES = 8192, PAUSE_FACTOR = 4;

const SCHEMAS = {
	rowid: `CREATE TABLE updates (id INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, bytes BLOB NOT NULL,
	          sender TEXT NOT NULL, received_at INTEGER NOT NULL);
	        CREATE INDEX updates_doc ON updates (doc, id);`,
	clustered: `CREATE TABLE updates (doc TEXT NOT NULL, id INTEGER NOT NULL, bytes BLOB NOT NULL, sender TEXT NOT NULL,
	          received_at INTEGER NOT NULL, PRIMARY KEY (doc, id)) WITHOUT ROWID;`
};
const HISTORY = 'CREATE TABLE update_history (id INTEGER PRIMARY KEY, doc TEXT NOT NULL, sender TEXT NOT NULL, received_at INTEGER NOT NULL, size INTEGER NOT NULL);';
// `+hist`: the audit trail clustered by document too (a merged slice's rows then land on a page or two).
const HISTORY_BY_DOC = 'CREATE TABLE update_history (doc TEXT NOT NULL, id INTEGER NOT NULL, sender TEXT NOT NULL, received_at INTEGER NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (doc, id)) WITHOUT ROWID;';

const wchar = () => Number(/wchar: (\d+)/.exec(readFileSync(`/proc/self/task/${process.pid}/io`, 'utf8'))[1]);
// The wal-index header at the start of the -shm file: mxFrame (frames in the WAL) at byte 16, the
// salt (changes when the WAL starts over after a checkpoint) at 32.
const hdr = Buffer.alloc(48);
const walState = (fd) => (readSync(fd, hdr, 0, 48, 0), { frames: hdr.readUInt32LE(16), salt: hdr.readUInt32LE(32) });
/** [WAL bytes, other bytes the main thread wrote (temp files: statement journals)] since `before`. */
function written(fd, before) {
	const after = { ...walState(fd), w: wchar() };
	const wal = (after.salt === before.salt ? after.frames - before.frames : after.frames) * (4096 + 24);
	return [wal, after.w - before.w - wal];
}
const snapshot = (fd) => ({ ...walState(fd), w: wchar() });
const sleep = (ms) => new Promise((r) => (ms >= 1 ? setTimeout(r, ms) : setImmediate(r)));
const pct = (xs, p) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] : NaN);
const blob = (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(Math.random() * 256)));
const docName = (d) => `board:bench-room-${String(d).padStart(4, '0')}`;

async function run(variant) {
	const layout = variant.split('+')[0];
	const dir = mkdtempSync(join(DIR, 'h12c-layout-'));
	const file = join(dir, 'relay.sqlite');
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	if (variant.includes('+cache')) db.pragma('cache_size = -65536');
	if (variant.includes('+temp')) db.pragma('temp_store = MEMORY');
	db.exec(SCHEMAS[layout] + (variant.includes('+hist') ? HISTORY_BY_DOC : HISTORY));
	const clustered = layout === 'clustered';
	let nextId = 1;
	const insert = clustered
		? ((s) => (doc, bytes, sender, at) => (s.run(doc, nextId, bytes, sender, at), nextId++))(db.prepare('INSERT INTO updates (doc, id, bytes, sender, received_at) VALUES (?, ?, ?, ?, ?)'))
		: ((s) => (doc, bytes, sender, at) => Number(s.run(doc, bytes, sender, at).lastInsertRowid))(db.prepare('INSERT INTO updates (doc, bytes, sender, received_at) VALUES (?, ?, ?, ?)'));
	const select = db.prepare('SELECT id, bytes, received_at FROM updates WHERE doc = ? ORDER BY id');
	const nthUpTo = db.prepare('SELECT id FROM updates WHERE doc = ? AND id <= ? ORDER BY id LIMIT 1 OFFSET ?');
	const keepHistory = db.prepare(`INSERT INTO update_history (id, doc, sender, received_at, size)
		SELECT id, doc, sender, received_at, length(bytes) FROM updates WHERE doc = ? AND id <= ? AND sender != '(compacted)'`);
	const deleteUpTo = db.prepare('DELETE FROM updates WHERE doc = ? AND id <= ?');
	const countUpTo = db.prepare('SELECT count(*) AS n FROM updates WHERE doc = ? AND id <= ?');
	const payloads = Array.from({ length: 64 }, () => blob(80 + Math.floor(Math.random() * 40)));
	const merged = blob(MERGED_BYTES);
	const counts = new Array(DOCS).fill(0);

	// Seed: every document 0–500 rows, interleaved in arrival order.
	const target = counts.map(() => Math.floor(Math.random() * THRESHOLD));
	const seedTx = db.transaction(() => {
		for (let left = target.reduce((a, b) => a + b, 0); left > 0; ) {
			const d = Math.floor(Math.random() * DOCS);
			if (counts[d] >= target[d]) continue;
			insert(docName(d), payloads[left % 64], 'seed', Date.now());
			counts[d]++, left--;
		}
	});
	seedTx();
	db.pragma('wal_checkpoint(TRUNCATE)');
	db.pragma('wal_autocheckpoint = 0');
	const checkpointer = new Worker(new URL('../server/relay/wal-checkpoint-worker.mjs', import.meta.url), { workerData: { file, everyMs: 500 } });

	const shm = openSync(`${file}-shm`, 'r');
	const m = { tx: [], txWal: 0, txOther: 0, updates: 0, slicePerRow: [], sliceMs: [], sliceWal: 0, sliceOther: 0, sliceRows: 0, readMs: [], swaps: 0 };
	let measuring = false, stop = false;
	const due = [];
	const insertTx = db.transaction((n) => {
		for (let i = 0; i < n; i++) {
			const d = Math.floor(Math.random() * DOCS);
			insert(docName(d), payloads[i % 64], 'client', Date.now());
			if (++counts[d] > THRESHOLD) (counts[d] = 1), due.push(d);
		}
	});
	const writer = (async () => {
		let last = performance.now(), owed = 0;
		while (!stop) {
			await sleep(5 + Math.random() * 5);
			const now = performance.now();
			owed += ((now - last) * RATE) / 1000;
			last = now;
			const n = Math.min(120, Math.floor(owed));
			owed -= n;
			const s0 = snapshot(shm), t0 = performance.now();
			insertTx(n);
			const ms = performance.now() - t0, [wal, other] = written(shm, s0);
			if (measuring) m.tx.push(ms), (m.txWal += wal), (m.txOther += other), (m.updates += n);
		}
	})();
	const compactor = (async () => {
		while (!stop) {
			const d = due.shift();
			if (d === undefined) { await sleep(5); continue; }
			const doc = docName(d);
			let t0 = performance.now();
			const rows = select.all(doc);
			if (measuring) m.readMs.push(performance.now() - t0);
			const maxId = rows[rows.length - 1].id;
			await sleep(2); // the merge, in the worker
			db.transaction(() => countUpTo.get(doc, maxId).n === rows.length && insert(doc, merged, '(compacted)', Date.now()))();
			for (let more = true; more && !stop; ) {
				const s0 = snapshot(shm);
				t0 = performance.now();
				const n = db.transaction(() => {
					const end = nthUpTo.get(doc, maxId, SLICE - 1)?.id ?? maxId;
					keepHistory.run(doc, end);
					const gone = deleteUpTo.run(doc, end).changes;
					more = end < maxId;
					return gone;
				})();
				const ms = performance.now() - t0, [wal, other] = written(shm, s0);
				if (measuring && n > 0) m.sliceMs.push(ms), m.slicePerRow.push((ms * 1000) / n), (m.sliceRows += n), (m.sliceWal += wal), (m.sliceOther += other);
				await sleep(ms * PAUSE_FACTOR);
			}
			if (measuring) m.swaps++;
			await sleep(5);
		}
	})();
	await sleep(WARMUP * 1000);
	measuring = true;
	await sleep(SECONDS * 1000);
	measuring = false;
	stop = true;
	await Promise.all([writer, compactor]);
	await checkpointer.terminate();
	const pages = db.pragma('page_count', { simple: true });
	closeSync(shm);
	db.close();
	rmSync(dir, { recursive: true, force: true });
	return {
		variant,
		txP50: pct(m.tx, 0.5), txP99: pct(m.tx, 0.99), txMax: Math.max(...m.tx),
		walPerUpdate: m.txWal / m.updates, otherPerUpdate: m.txOther / m.updates, updatesPerS: m.updates / SECONDS,
		sliceP50: pct(m.sliceMs, 0.5), sliceP99: pct(m.sliceMs, 0.99),
		usPerRowP50: pct(m.slicePerRow, 0.5), usPerRowP99: pct(m.slicePerRow, 0.99),
		walPerSwapRow: m.sliceWal / m.sliceRows, otherPerSwapRow: m.sliceOther / m.sliceRows, readP50: pct(m.readMs, 0.5), readP99: pct(m.readMs, 0.99),
		swaps: m.swaps, dbMB: (pages * 4096) / 2 ** 20
	};
}

const cols = [
	['variant', 'variant', 16], ['txP50', 'tx p50 ms', 10], ['txP99', 'tx p99 ms', 10], ['txMax', 'tx max ms', 10],
	['walPerUpdate', 'WAL B/upd', 10], ['otherPerUpdate', 'tmp B/upd', 10], ['updatesPerS', 'upd/s', 7], ['sliceP50', 'slice p50', 10], ['sliceP99', 'slice p99', 10],
	['usPerRowP50', 'µs/row p50', 11], ['usPerRowP99', 'µs/row p99', 11], ['walPerSwapRow', 'WAL B/del', 10], ['otherPerSwapRow', 'tmp B/del', 10],
	['readP50', 'read p50', 9], ['readP99', 'read p99', 9], ['swaps', 'swaps', 6], ['dbMB', 'db MB', 6]
];
const line = (r) => cols.map(([k, , w]) => (typeof r[k] === 'number' ? (Number.isInteger(r[k]) ? String(r[k]) : r[k].toFixed(r[k] >= 100 ? 0 : 2)) : r[k]).padStart(w)).join(' ');
console.log(`${DOCS} docs, ${RATE} updates/s, ${SECONDS} s measured after ${WARMUP} s, files under ${DIR}`);
console.log(cols.map(([, h, w]) => h.padStart(w)).join(' '));
const results = [];
for (let i = 0; i < RUNS; i++) for (const v of VARIANTS) {
	const r = await run(v);
	results.push(r);
	console.log(line(r));
}
console.log('median of runs:');
for (const v of VARIANTS) {
	const rs = results.filter((r) => r.variant === v);
	const med = Object.fromEntries(cols.map(([k]) => [k, k === 'variant' ? v : pct(rs.map((r) => r[k]), 0.5)]));
	console.log(line(med));
}
