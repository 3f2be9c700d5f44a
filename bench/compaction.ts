// Compaction's cost to the event loop (issue 12): many documents passing the threshold together,
// compacted the old way (Y.mergeUpdates on the event loop, one document per turn) and the relay's
// way (merge in the worker thread, one document at a time, compactionGapMs apart). It is not a
// test: it prints the event-loop delay a 1 ms timer saw during each, so the figures hold on a
// loaded machine better than an end-to-end soak (both modes suffer the same descheduling).
//
//   npm run bench:compaction     (= svelte-kit sync && tsx bench/compaction.ts)
//   BENCH_DOCS=200          documents
//   BENCH_ROWS=600          stored updates per document (the soak gathers ~612 in 150 s)
//   BENCH_GAP_MS=5          compactionGapMs of the worker mode
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { UpdateStore } from '../server/relay/store.js';
import { SqliteUpdateLog } from '../server/relay/update-log.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 200);
const ROWS = Number(process.env.BENCH_ROWS ?? 600);
const GAP = Number(process.env.BENCH_GAP_MS ?? 5);

function seed(file: string): string[] {
	const store = new UpdateStore(file);
	const names: string[] = [];
	for (let d = 0; d < DOCS; d++) {
		const name = `board:B${d}`;
		names.push(name);
		// Four clients per room, each setting its own key, like bench:relay.
		const docs = [0, 1, 2, 3].map(() => new Y.Doc());
		const updates: Uint8Array[] = [];
		docs.forEach((doc) => doc.on('update', (u: Uint8Array) => updates.push(u)));
		for (let i = 0; i < ROWS; i++) docs[i % 4].getMap('m').set(`c${i % 4}`, `value ${i} ${'x'.repeat(16)}`);
		for (const u of updates) store.append(name, u, `client#${d}`);
	}
	store.close();
	return names;
}

async function measure(label: string, run: () => Promise<void>) {
	const delay = monitorEventLoopDelay({ resolution: 1 });
	delay.enable();
	const elu = performance.eventLoopUtilization();
	const started = performance.now();
	await run();
	const ms = performance.now() - started;
	delay.disable();
	const busy = performance.eventLoopUtilization(elu);
	const d = (q: number) => Math.max(0, delay.percentile(q) / 1e6 - 1).toFixed(1);
	console.log(
		`${label.padEnd(34)} ${(ms / 1000).toFixed(1).padStart(6)} s   loop delay p50 ${d(50)} ms, p99 ${d(99)} ms, max ${Math.max(0, delay.max / 1e6 - 1).toFixed(1)} ms   event-loop busy ${(busy.utilization * 100).toFixed(0)}%`
	);
}

const dir = mkdtempSync(join(tmpdir(), 'bench-compaction-'));
try {
	console.log(`bench:compaction — ${DOCS} documents × ${ROWS} stored updates, all due at once; load avg ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores`);
	const a = join(dir, 'a.sqlite');
	const b = join(dir, 'b.sqlite');
	const names = seed(a);
	seed(b);

	const store = new UpdateStore(a);
	await measure('on the event loop (before issue 12)', async () => {
		for (const name of names) {
			await new Promise((resolve) => setImmediate(resolve)); // one document per turn, as store.compactSoon did
			store.compact(name);
		}
	});
	const rowsA = names.reduce((n, name) => n + store.count(name), 0);
	store.close();

	const log = new SqliteUpdateLog({ dataFile: b, compactionGapMs: GAP });
	await measure(`worker, ${GAP} ms apart (now)`, async () => {
		for (const name of names) log.compactSoon(name, (e) => console.error(e));
		await log.settled();
	});
	const rowsB = (await Promise.all(names.map((name) => log.count(name)))).reduce((x, y) => x + y, 0);
	await log.close();
	console.log(`rows left: ${rowsA} and ${rowsB} (one per document)`);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
