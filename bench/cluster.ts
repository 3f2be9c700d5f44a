// Cluster benchmark (issue 12): the same load as bench:relay (its load generator, bench/relay-load.ts)
// against one, two and three server processes joined through Redis, next to the single process
// without Redis. The processes joined through Redis store in PostgreSQL (a throwaway database per
// run, dropped after) by default when it answers; the single process stays on SQLite, the default
// deployment, for comparison. It is not a test: it prints figures and exits 0 unless it broke.
//
//   npm run bench:cluster
//   BENCH_CLIENTS=400           websocket clients; client i joins room i % ROOMS, and a room's
//   BENCH_ROOMS=100             clients are spread over the processes in turn (cross-process fan-out)
//   BENCH_SECONDS=8             measured window (after BENCH_WARMUP=2 s); BENCH_DRAIN=8 s to deliver
//   BENCH_RATE=1                updates per client per second
//   BENCH_SETUPS=single,1,2,3   single: one process, no Redis; n: n processes through Redis
//   BENCH_STORAGE=postgres      postgres (the default when PostgreSQL answers): the Redis setups on one
//                               throwaway database on YIXIAN_TEST_DATABASE_URL's server (default
//                               postgres://postgres@127.0.0.1:5432/test), created per run and dropped after;
//                               shared (the default without PostgreSQL): every process on one SQLite file
//                               (WAL); separate: one file each (not a deployment: it takes the file's
//                               cross-process write lock out of the figures, to see what Redis itself costs)
//   YIXIAN_TEST_REDIS_URL       Redis (default redis://127.0.0.1:6379); a fresh key prefix per run
//
// Figures: delivered updates/s in the window; send → receipt latency p50/p99 over all deliveries
// and over cross-process ones only; lost updates (per receiver and sender, never delivered after
// the drain); rows stored (each update stored exactly once, by whichever process received it);
// each server process's CPU over the window and peak RSS / V8 heap. Loopback, one machine: the
// load generator and Redis share its cores with the servers (their CPU is shown too).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { LoadConfig } from './relay-load.js';
import { createTestDatabase, postgresAbsent } from '../server/storage/test-databases.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const CLIENTS = num('BENCH_CLIENTS', 400);
const ROOMS = num('BENCH_ROOMS', 100);
const SECONDS = num('BENCH_SECONDS', 8);
const WARMUP = num('BENCH_WARMUP', 2);
const DRAIN = num('BENCH_DRAIN', 8);
const RATE = num('BENCH_RATE', 1);
const SETUPS = (process.env.BENCH_SETUPS ?? 'single,1,2,3').split(',').map((s) => s.trim());
const REDIS_URL = process.env.YIXIAN_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const STORAGE_CHOICES = ['postgres', 'shared', 'separate'] as const;
const asked = process.env.BENCH_STORAGE as (typeof STORAGE_CHOICES)[number] | undefined;
if (asked && !STORAGE_CHOICES.includes(asked)) throw new Error(`BENCH_STORAGE must be one of ${STORAGE_CHOICES.join(', ')}`);
const pgAbsent = asked === undefined || asked === 'postgres' ? await postgresAbsent() : 'not asked for';
if (asked === 'postgres' && pgAbsent) throw new Error(`BENCH_STORAGE=postgres: PostgreSQL does not answer (${pgAbsent})`);
const STORAGE = asked ?? (pgAbsent ? 'shared' : 'postgres');
const TIMEOUT_S = num('BENCH_TIMEOUT_S', SETUPS.length * (90 + WARMUP + SECONDS + DRAIN) + 30);

const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
setTimeout(() => {
	console.error(`bench:cluster: hard timeout (${TIMEOUT_S} s)`);
	process.exit(1);
}, TIMEOUT_S * 1000).unref();

function forkChild(script: string, env: Record<string, string>): ChildProcess {
	const child = fork(join(HERE, script), [], {
		cwd: ROOT,
		execArgv: ['--import', 'tsx'],
		env: { ...process.env, BENCH_CHILD_TIMEOUT_MS: String(TIMEOUT_S * 1000), ...env },
		serialization: 'advanced',
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	children.add(child);
	child.on('exit', () => children.delete(child));
	return child;
}

function next<T = any>(child: ChildProcess, type: string, timeoutS: number): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no '${type}' within ${timeoutS} s`)), timeoutS * 1000);
		const onMessage = (m: any) => {
			if (m?.type === 'error') reject(new Error(m.message));
			if (m?.type !== type) return;
			clearTimeout(timer);
			child.off('message', onMessage);
			resolve(m);
		};
		child.on('message', onMessage);
		child.once('exit', (code) => reject(new Error(`child exited (${code}) before '${type}'`)));
	});
}

const pct = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] : NaN);
const joined = (results: any[], key: string) => {
	const all = new Float64Array(results.reduce((a, r) => a + r[key].length, 0));
	let at = 0;
	for (const r of results) {
		all.set(r[key], at);
		at += r[key].length;
	}
	return all.sort();
};

async function run(setup: string) {
	const processes = setup === 'single' ? 1 : Number(setup);
	const redis = setup !== 'single';
	const dir = mkdtempSync(join(tmpdir(), 'yixian-bench-cluster-'));
	const dataFile = join(dir, 'relay.sqlite');
	const prefix = `yixian-bench:${randomBytes(6).toString('hex')}:`;
	// The single process is the SQLite default, for comparison; the Redis setups on PostgreSQL when chosen.
	const database = STORAGE === 'postgres' && redis ? await createTestDatabase('bench_cluster') : null;
	try {
		const servers: ChildProcess[] = [];
		const ports: number[] = [];
		// One after the other: the first creates the SQLite file's tables.
		for (let n = 0; n < processes; n++) {
			const file = STORAGE === 'separate' ? join(dir, `relay-${n}.sqlite`) : dataFile;
			const child = forkChild('cluster-server.ts', {
				BENCH_DATA_FILE: file,
				...(database ? { BENCH_DATABASE_URL: database.url } : {}),
				...(redis ? { BENCH_REDIS_URL: REDIS_URL, BENCH_REDIS_PREFIX: prefix } : {})
			});
			servers.push(child);
			ports.push((await next<{ port: number }>(child, 'listening', 60)).port);
		}
		const load = forkChild('relay-load.ts', {});
		const config: LoadConfig = {
			url: `ws://127.0.0.1:${ports[0]}/sync`,
			urls: ports.map((p) => `ws://127.0.0.1:${p}/sync`),
			clients: CLIENTS,
			rooms: ROOMS,
			procIndex: 0,
			procs: 1,
			rate: RATE,
			warmupS: WARMUP,
			seconds: SECONDS,
			drainS: DRAIN,
			payloadBytes: 24,
			connectConcurrency: 32,
			connectTimeoutS: 60
		};
		const ready = next(load, 'ready', 90);
		load.send({ type: 'init', config });
		const r = await ready;
		load.on('message', (m: any) => {
			if (m?.type === 'phase' && (m.name === 'window-start' || m.name === 'window-end')) servers.forEach((s) => s.send({ type: m.name }));
		});
		const resultP = next(load, 'result', WARMUP + SECONDS + DRAIN + 60);
		load.send({ type: 'go' });
		const result = await resultP;
		const stopped = await Promise.all(servers.map((s) => {
			const p = next(s, 'stopped', 30);
			s.send({ type: 'stop' });
			return p;
		}));
		load.send({ type: 'close' });
		let stored = 0;
		const counted = `SELECT (SELECT count(*) FROM updates WHERE sender != '(compacted)') + (SELECT count(*) FROM update_history) AS n`;
		if (database) {
			const sql = new pg.Client({ connectionString: database.url });
			await sql.connect();
			stored = Number((await sql.query<{ n: string }>(counted)).rows[0].n);
			await sql.end();
		}
		for (const file of database ? [] : STORAGE !== 'separate' ? [dataFile] : ports.map((_, n) => join(dir, `relay-${n}.sqlite`))) {
			const db = new Database(file, { readonly: true });
			stored += (db.prepare(counted).get() as { n: number }).n;
			db.close();
		}
		const all = joined([result], 'latencies');
		const cross = joined([result], 'crossLatencies');
		return {
			setup: setup === 'single' ? '1 process, no Redis, SQLite' : `${processes} process${processes > 1 ? 'es' : ''} + Redis, ${database ? 'PostgreSQL' : 'SQLite'}`,
			connected: r.connected,
			sent: result.sent,
			stored,
			delivered: result.delivered,
			expected: result.expectedDeliveries,
			lost: result.lost,
			duplicates: result.duplicates,
			deliveredPerSecond: result.deliveredInWindow / result.windowSeconds,
			p50: pct(all, 0.5),
			p99: pct(all, 0.99),
			crossSamples: cross.length,
			crossP50: pct(cross, 0.5),
			crossP99: pct(cross, 0.99),
			loadgenCpu: result.cpuPercent,
			servers: stopped.map((s: any) => ({ cpuPercent: s.cpuPercent, rssMB: s.rssMBMax, heapMB: s.heapMBMax, dropped: s.dropped, warnings: s.warnings.length }))
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
		await database?.drop();
		if (redis) {
			const client = new Redis(REDIS_URL);
			const keys = await client.keys(`${prefix}*`);
			if (keys.length) await client.del(...keys);
			client.disconnect();
		}
	}
}

console.log(`bench:cluster — ${CLIENTS} clients, ${ROOMS} rooms, ${RATE}/s each, ${WARMUP}+${SECONDS} s (+${DRAIN} s drain); ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; storage ${STORAGE}; Redis ${REDIS_URL}`);
const rows = [];
for (const setup of SETUPS) {
	const row = await run(setup);
	rows.push(row);
	console.log(`[${row.setup}] ${row.connected} connected, ${row.sent} sent, ${row.delivered}/${row.expected} delivered, ${row.lost} lost`);
}
const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
console.log('\n| setup | delivered/s | p50 ms | p99 ms | cross-process p50 / p99 ms | lost | stored / sent | server CPU % (each) | server RSS MB (each) | load-gen CPU % |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
	console.log(
		`| ${r.setup} | ${f(r.deliveredPerSecond, 0)} | ${f(r.p50)} | ${f(r.p99)} | ${r.crossSamples ? `${f(r.crossP50)} / ${f(r.crossP99)}` : '—'} | ${r.lost} | ${r.stored} / ${r.sent} | ${r.servers.map((s) => f(s.cpuPercent, 0)).join(', ')} | ${r.servers.map((s) => f(s.rssMB, 0)).join(', ')} | ${f(r.loadgenCpu, 0)} |`
	);
}
mkdirSync(join(HERE, 'results'), { recursive: true });
const file = join(HERE, 'results', `cluster-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ settings: { CLIENTS, ROOMS, SECONDS, WARMUP, DRAIN, RATE, STORAGE }, rows }, null, 2));
console.log(`\n${file}`);
process.exit(rows.every((r) => r.lost === 0 && r.stored === r.sent) ? 0 : 1);
