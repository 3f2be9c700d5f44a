// bench:relay's settings, read once from the environment (bench/relay.ts runs the benchmark):
//
//   BENCH_SOAK=1                   soak mode (issue 12): minutes of sustained load with compaction in
//                                  it — defaults become BENCH_SECONDS=150, BENCH_TARGETS=ours; every room
//                                  passes the compaction threshold (500 rows) during the run, all at
//                                  about the same time. Prints p99 per 10 s of the window and checks the
//                                  soak target: p99 ≤ 15 ms over the whole window and in every 10 s of it.
//                                  E.g. BENCH_SOAK=1 npm run bench:relay; shorter: BENCH_SOAK=1
//                                  BENCH_SECONDS=60 BENCH_RELAY_OPTIONS='{"compactionThreshold":150}'
//   BENCH_CLIENTS=2000             websocket clients (all on 127.0.0.1)
//   BENCH_ROOMS=500                documents; client i joins room i % ROOMS
//   BENCH_SECONDS=20               measured window
//   BENCH_RATE=1                   updates per client per second
//   BENCH_WARMUP=3                 seconds of load before the window (JIT, caches)
//   BENCH_DRAIN=10                 after sending stops, wait up to this long for every delivery
//   BENCH_PAYLOAD_BYTES=24         string value each update sets
//   BENCH_LOADGEN_PROCS=1          load-generator processes (rooms are split between them)
//   BENCH_TARGETS=ours,reference   which relays, in this order
//   BENCH_REPEAT=1                 rounds (the relays alternate); the table shows medians, and the
//                                  worst round for lost/duplicated updates
//   BENCH_PROFILE=1                V8 CPU profile of each server over the measured window,
//                                  written to bench/results/ and summarised (self time)
//   BENCH_RELAY_OPTIONS='{...}'    extra RelayOptions for ours (JSON); the per-address throttles
//                                  are raised far above the load by default (all clients are 127.0.0.1).
//                                  The default run stays under the compaction threshold (500 rows per
//                                  document); '{"compactionThreshold":60}' makes compaction part of it
//   BENCH_OURS_MODULE=path         run "ours" from another copy of server/relay/relay.ts (A/B a change)
//   BENCH_RULES=1                  board documents, ours checks every update against the board's rules
//                                  (issue 8); prints the validation's share of the server's CPU
//   BENCH_DATABASE_URL=postgres:// ours keeps its update log in PostgreSQL: a fresh database is
//                                  created on that server for each run (and dropped after it)
//   BENCH_HISTORY=1                with BENCH_RULES=1: boards start with one ledger entry per client,
//                                  each update edits it (a fact, a note event in turn) and ours records
//                                  the entry history of every committed update (server/history);
//                                  BENCH_RECORD=0 runs the same load without recording (A/B)
//   BENCH_CHECK=0                  with BENCH_RULES=1: the same board documents and load, not checked
//                                  (A/B of the validation itself)
//   BENCH_SERVER_ARGS='--flag …'   Node flags for ours; default '--max-semi-space-size=32', as `npm run
//                                  serve` runs the server (e.g. add --trace-gc; '' runs V8's defaults)
//   BENCH_PORT=0                   the relays' port (0: a free one; they never run together)
//   BENCH_TIMEOUT_S                hard limit for the whole run (default from the settings)

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..');
export const RESULTS = join(HERE, 'results');

const num = (name: string, fallback: number) => {
	const v = process.env[name];
	if (v === undefined || v === '') return fallback;
	const n = Number(v);
	if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number, not ${v}`);
	return n;
};
export const CLIENTS = Math.floor(num('BENCH_CLIENTS', 2000));
export const ROOMS = Math.max(1, Math.floor(num('BENCH_ROOMS', 500)));
export const SOAK = process.env.BENCH_SOAK === '1';
export const SECONDS = num('BENCH_SECONDS', SOAK ? 150 : 20);
export const RATE = num('BENCH_RATE', 1);
export const WARMUP = num('BENCH_WARMUP', 3);
export const DRAIN = num('BENCH_DRAIN', 10);
export const PAYLOAD = Math.floor(num('BENCH_PAYLOAD_BYTES', 24));
export const PROCS = Math.max(1, Math.min(ROOMS, Math.floor(num('BENCH_LOADGEN_PROCS', 1))));
export const PROFILE = process.env.BENCH_PROFILE === '1';
/** Node flags for ours: as `npm run serve` starts the server (package.json). */
export const SERVER_ARGS = (process.env.BENCH_SERVER_ARGS ?? '--max-semi-space-size=32').split(' ').filter(Boolean);
export const REPEAT = Math.max(1, Math.floor(num('BENCH_REPEAT', 1)));
export const TARGETS = (process.env.BENCH_TARGETS ?? (SOAK ? 'ours' : 'ours,reference')).split(',').map((s) => s.trim()).filter(Boolean) as Target[];
export const CONNECT_TIMEOUT = 90;
export const PER_TARGET_S = 20 + CONNECT_TIMEOUT + WARMUP + SECONDS + DRAIN + 30;
export const TIMEOUT_S = num('BENCH_TIMEOUT_S', REPEAT * TARGETS.length * PER_TARGET_S + 30);
export const TARGET_P99_MS = 50;
/** Soak mode's target (issue 12): p99 over the whole window and over every 10 s slice of it. */
export const SOAK_P99_MS = 15;
export const TARGET_RATIO = 0.8;

export type Target = 'ours' | 'reference';
for (const t of TARGETS) if (t !== 'ours' && t !== 'reference') throw new Error(`unknown target ${t}`);
