// Relay benchmark: our relay (server/relay, persisting every update to SQLite before forwarding it)
// against the reference relay @y/websocket-server@0.1.1 (no auth, no persistence), same load, same
// run. It is not a test: it prints figures against the targets of issue 3 and exits 0 unless it broke.
//
//   npm run bench:relay            (= tsx bench/relay.ts); its settings (BENCH_*): bench/relay-settings.ts
//
// Method
// - Each relay runs in its own child process (node --import tsx bench/relay-server.ts) on a free
//   127.0.0.1 port, on a plain http.Server with `ws` 8 at /sync/<docName>: ours via attachRelay
//   (SQLite file in a fresh temp dir, the permissive authorize hook, throttles raised); the
//   reference via setupWSConnection from '@y/websocket-server/utils'. The servers run one after
//   the other, never together.
// - The clients run in separate load-generator process(es) (bench/relay-load.ts): raw `ws`
//   sockets speaking y-websocket (sync step 1, empty step 2 answering the server's step 1, then
//   sync "update" messages). Each client's updates are real Yjs updates of its own Y.Doc
//   (Y.Map key per client), generated before the run. Both the server and the clients share
//   this machine's cores: client CPU is reported too.
// - Load: client k % n sends its next update every 1/(n·rate) s, i.e. each client at `rate`, all
//   evenly phased. Warm-up, then the measured window, then a drain.
// - Delivered updates/s: fan-out deliveries (an update reaching another client of its room,
//   the reference's echo to the sender not counted) received during the window / window length.
//   Latency: send → receipt at each other client of the room, for updates sent in the window
//   (same process, performance.now()). Lost: per (receiver, sender) pair, updates sent that never
//   arrived after the drain; duplicates and out-of-order arrivals are counted too.
// - Server memory (RSS, V8 heap) and CPU sampled every 250 ms in the server child; event-loop
//   delay and utilisation over the window (and, with BENCH_PROFILE, a V8 CPU profile of it via
//   node:inspector — what --cpu-prof records, limited to the window). All cores' busy time
//   (/proc/stat) shows whether other processes ran meanwhile. For ours, the SQLite file is read after the server
//   stopped: every update sent must be stored exactly once.
// - A table with both relays and ours/reference ratios, the targets, and JSON in bench/results/.
// - Hard timeout: every child is killed and the run fails if it passes BENCH_TIMEOUT_S.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import type { LoadConfig } from './relay-load.js';
import { f, int, log, reportProfiles, reportTargets, table } from './relay-report.js';
import { CLIENTS, CONNECT_TIMEOUT, DRAIN, HERE, PAYLOAD, PROCS, PROFILE, RATE, REPEAT, RESULTS, ROOMS, ROOT, SECONDS, SERVER_ARGS, TARGETS, TIMEOUT_S, WARMUP, type Target } from './relay-settings.js';
import { combineRounds, summarize } from './relay-summary.js';

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const killAll = () => {
	for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
	for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
};
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
const hardTimeout = setTimeout(() => {
	console.error(`\nbench:relay: hard timeout (${TIMEOUT_S} s) — killing every child`);
	process.exit(1);
}, TIMEOUT_S * 1000);
hardTimeout.unref();

// ——— Child processes ———
function forkChild(script: string, env: Record<string, string>, execArgv: string[] = []): ChildProcess {
	const child = fork(join(HERE, script), [], {
		cwd: ROOT,
		execArgv: ['--import', 'tsx', ...execArgv],
		env: { ...process.env, BENCH_CHILD_TIMEOUT_MS: String(TIMEOUT_S * 1000), ...env },
		serialization: 'advanced',
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	children.add(child);
	child.on('exit', () => children.delete(child));
	return child;
}

/** Resolves with the next message of `type` from `child`; rejects if it exits or sends an error first. */
function nextMessage<T = any>(child: ChildProcess, type: string, timeoutS: number): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => done(new Error(`no '${type}' from child within ${timeoutS} s`)), timeoutS * 1000);
		const onMessage = (m: any) => {
			if (m?.type === type) done(null, m);
			else if (m?.type === 'error') done(new Error(`child failed: ${m.message}`));
		};
		const onExit = (code: number | null) => done(new Error(`child exited (${code}) before '${type}'`));
		const done = (error: Error | null, value?: T) => {
			clearTimeout(timer);
			child.off('message', onMessage);
			child.off('exit', onExit);
			if (error) reject(error);
			else resolve(value as T);
		};
		child.on('message', onMessage);
		child.on('exit', onExit);
	});
}


// ——— One relay under load ———
async function runTarget(target: Target, stamp: string) {
	const dataDir = mkdtempSync(join(tmpdir(), 'yixian-bench-relay-'));
	tempDirs.add(dataDir);
	const dataFile = join(dataDir, 'relay.sqlite');
	const profileFile = PROFILE ? join(RESULTS, `relay-${target}-${stamp}.cpuprofile`) : '';
	const database = target === 'ours' && process.env.BENCH_DATABASE_URL ? await freshDatabase(process.env.BENCH_DATABASE_URL) : null;
	try {
		const server = forkChild('relay-server.ts', {
			BENCH_TARGET: target,
			BENCH_DATA_FILE: dataFile,
			BENCH_DATABASE_URL: database?.url ?? '',
			BENCH_SEED_CLIENTS: String(CLIENTS),
			BENCH_SEED_ROOMS: String(ROOMS),
			BENCH_PROFILE_FILE: profileFile,
			BENCH_RELAY_OPTIONS: process.env.BENCH_RELAY_OPTIONS ?? '{}'
		}, target === 'ours' ? SERVER_ARGS : []);
		const { port, pid } = await nextMessage<{ port: number; pid: number }>(server, 'listening', 30);
		log(`[${target}] server pid ${pid} listening on 127.0.0.1:${port}`);
		const startedAt = Date.now();

		const loads = Array.from({ length: PROCS }, () => forkChild('relay-load.ts', {}));
		const config = (procIndex: number): LoadConfig => ({
			url: `ws://127.0.0.1:${port}/sync`,
			clients: CLIENTS,
			rooms: ROOMS,
			procIndex,
			procs: PROCS,
			rate: RATE,
			warmupS: WARMUP,
			seconds: SECONDS,
			drainS: DRAIN,
			payloadBytes: PAYLOAD,
			connectConcurrency: 64,
			connectTimeoutS: CONNECT_TIMEOUT
		});
		const readyPromises = loads.map((l) => nextMessage(l, 'ready', CONNECT_TIMEOUT + 30));
		loads.forEach((l, i) => l.send({ type: 'init', config: config(i) }));
		const ready = await Promise.all(readyPromises);
		const connected = ready.reduce((a, r) => a + r.connected, 0);
		const failed = ready.reduce((a, r) => a + r.failed, 0);
		log(
			`[${target}] ${connected}/${CLIENTS} clients connected and synced in ${(Math.max(...ready.map((r) => r.connectMs)) / 1000).toFixed(1)} s` +
				` (per client p50 ${ready[0].connectP50Ms?.toFixed(1)} ms, p99 ${ready[0].connectP99Ms?.toFixed(1)} ms; ${failed} failed);` +
				` ${ready[0].updatesPerClient} updates/client pre-generated, ${ready[0].updateMessageBytes.min}–${ready[0].updateMessageBytes.max} B per message`
		);
		const connectedAt = Date.now();
		await new Promise((resolve) => setTimeout(resolve, 1000)); // idle sample with every socket open
		const idleAt = Date.now();

		// The window marks come from the first load process; the server measures that window.
		const phases: Record<string, number> = {};
		const machineCpu: Record<string, { busy: number; iowait: number; steal: number }> = {};
		loads[0].on('message', (m: any) => {
			if (m?.type !== 'phase') return;
			phases[m.name] = m.at;
			machineCpu[m.name] = machineTimes();
			if (m.name === 'window-start' || m.name === 'window-end') server.send({ type: m.name });
			if (m.name === 'window-start') log(`[${target}] warm-up done, measuring ${SECONDS} s`);
		});
		const resultPromises = loads.map((l) => nextMessage(l, 'result', WARMUP + SECONDS + DRAIN + 60));
		loads.forEach((l) => l.send({ type: 'go' }));
		log(`[${target}] load on: ${CLIENTS} clients × ${RATE}/s for ${WARMUP} s warm-up + ${SECONDS} s`);
		const results = await Promise.all(resultPromises);
		const loadEndedAt = Date.now();

		const stoppedPromise = nextMessage(server, 'stopped', 120);
		server.send({ type: 'stop' });
		const stopped = await stoppedPromise;
		for (const l of loads) l.send({ type: 'close' });
		await Promise.all([server, ...loads].map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))));

		// Ours persisted every update exactly once? (Compaction moves rows to update_history.)
		let stored: { rows: number; history: number; compacted: number; fileBytes: number } | null = null;
		if (database) {
			stored = await database.counts();
		} else if (target === 'ours') {
			const db = new Database(dataFile, { readonly: true });
			const q = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
			stored = {
				rows: q(`SELECT count(*) AS n FROM updates WHERE sender NOT IN ('(compacted)', 'seed')`),
				compacted: q(`SELECT count(*) AS n FROM updates WHERE sender = '(compacted)'`),
				history: q(`SELECT count(*) AS n FROM update_history`),
				fileBytes: q(`SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()`)
			};
			db.close();
		}
		return summarize(target, { startedAt, connectedAt, idleAt, loadEndedAt, phases, machineCpu, ready, results, stopped, stored, connected, failed });
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
		tempDirs.delete(dataDir);
		await database?.drop();
	}
}

/** A database of its own on the server of `base` for one run: its counts after the run, then dropped. */
async function freshDatabase(base: string) {
	const { default: pg } = await import('pg');
	const admin = new pg.Client({ connectionString: base });
	await admin.connect();
	const name = `bench_relay_${process.pid}_${Date.now()}`;
	await admin.query(`CREATE DATABASE ${name}`);
	const url = new URL(base);
	url.pathname = `/${name}`;
	return {
		url: url.href,
		async counts() {
			const db = new pg.Client({ connectionString: url.href });
			await db.connect();
			const q = async (sql: string) => Number((await db.query(sql)).rows[0].n);
			const counts = {
				rows: await q(`SELECT count(*) AS n FROM updates WHERE sender != '(compacted)'`),
				compacted: await q(`SELECT count(*) AS n FROM updates WHERE sender = '(compacted)'`),
				history: await q(`SELECT count(*) AS n FROM update_history`),
				fileBytes: await q(`SELECT pg_database_size(current_database()) AS n`)
			};
			await db.end();
			return counts;
		},
		async drop() {
			await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await admin.end();
		}
	};
}

/**
 * Busy time of all cores so far, in ms: /proc/stat with softirq (loopback traffic), else os.cpus();
 * with the time they waited on the disk (iowait) and the time the hypervisor took (steal).
 */
function machineTimes(): { busy: number; iowait: number; steal: number } {
	try {
		const [user, nice, system, , iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
		const ms = (ticks: number) => (ticks * 1000) / 100; // USER_HZ is 100 on Linux
		return { busy: ms(user + nice + system + irq + softirq), iowait: ms(iowait), steal: ms(steal ?? 0) };
	} catch {
		return { busy: cpus().reduce((a, x) => a + x.times.user + x.times.nice + x.times.sys + x.times.irq, 0), iowait: NaN, steal: NaN };
	}
}

async function main() {
	mkdirSync(RESULTS, { recursive: true });
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const ulimit = spawnSync('sh', ['-c', 'echo $(ulimit -Sn) $(ulimit -Hn)'], { encoding: 'utf8' }).stdout.trim().split(' ');
	const cpu = cpus();
	log(`bench:relay — ${CLIENTS} clients over ${ROOMS} rooms, ${RATE} update/client/s, ${WARMUP} s warm-up + ${SECONDS} s measured, ${PROCS} load process(es)`);
	log(`machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load avg ${loadavg()[0].toFixed(2)}; clients and server share the cores`);
	const softLimit = ulimit[0] === 'unlimited' ? Infinity : Number(ulimit[0]);
	const hardLimit = ulimit[1] === 'unlimited' ? Infinity : Number(ulimit[1]);
	const needed = Math.ceil(CLIENTS / PROCS) + 200;
	log(`open files: ulimit -n ${ulimit[0]} (hard ${ulimit[1]}); each process needs about ${needed} (node raises its soft limit to the hard one)`);
	if (Math.max(softLimit, hardLimit) < CLIENTS + 200) {
		throw new Error(`ulimit -n is too low for ${CLIENTS} sockets per process: raise it (ulimit -n ${CLIENTS + 1000}) or set BENCH_LOADGEN_PROCS`);
	}
	log(`hard timeout ${TIMEOUT_S} s; relays: ${TARGETS.join(', ')}${PROFILE ? '; CPU profiles of the measured window' : ''}`);
	if (process.env.BENCH_OURS_MODULE) log(`"ours" is ${process.env.BENCH_OURS_MODULE}`);
	log();

	const rounds: Record<string, any[]> = Object.fromEntries(TARGETS.map((t) => [t, []]));
	for (let round = 1; round <= REPEAT; round++) {
		for (const target of TARGETS) {
			if (REPEAT > 1) log(`— round ${round}/${REPEAT}`);
			const r = await runTarget(target, `${stamp}${REPEAT > 1 ? `-r${round}` : ''}`);
			rounds[target].push(r);
			log(
				`[${target}] delivered ${int(r.deliveredPerSecond)}/s, p50 ${f(r.latencyMs.p50, 2)} ms, p99 ${f(r.latencyMs.p99, 2)} ms, ` +
					`lost ${r.lost}, dup ${r.duplicates}, RSS peak ${f(r.server.rssMBPeak)} MB, server CPU ${f(r.server.cpuPercentWindow)}%, machine ${f(r.machine.busyPercentWindow)}% busy`
			);
			if (r.stored) log(`[${target}] ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}: ${r.stored.rows} updates stored + ${r.stored.history} compacted into ${r.stored.compacted} rows, for ${r.sent} sent`);
			if (r.server.warnings) log(`[${target}] ${r.server.warnings} relay warnings, e.g. ${r.server.firstWarnings.join(' | ')}`);
			// /proc/stat is sampled per tick and reads ~10% low here: only a clear excess is reported.
			if (r.machine.otherProcessesPercent > 25) log(`[${target}] warning: other processes used about ${f(r.machine.otherProcessesPercent, 0)}% of a core during the window: figures are disturbed`);
			log();
		}
	}
	const runs: Record<string, any> = Object.fromEntries(TARGETS.map((t) => [t, combineRounds(rounds[t])]));
	// The stored-row check must hold in every round.
	if (runs.ours && REPEAT > 1) runs.ours.storedEveryRound = rounds.ours.every((r) => r.stored && r.stored.rows + r.stored.history === r.sent);

	log(REPEAT > 1 ? `medians over ${REPEAT} rounds (lost, duplicated: worst round):` : '');
	table(runs);
	log('');

	const targets = reportTargets(runs);
	const profiles = reportProfiles(runs);

	const file = join(RESULTS, `relay-${stamp}.json`);
	const config = { oursModule: process.env.BENCH_OURS_MODULE ?? 'server/relay/relay.ts', repeat: REPEAT, clients: CLIENTS, rooms: ROOMS, seconds: SECONDS, rate: RATE, warmup: WARMUP, drain: DRAIN, payloadBytes: PAYLOAD, loadgenProcs: PROCS, targets: TARGETS, profile: PROFILE };
	const machine = { cpus: cpu.length, model: cpu[0]?.model.trim(), memGiB: totalmem() / 2 ** 30, node: process.version, ulimit };
	writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), config, machine, runs, rounds, targets, profiles }, null, '\t'));
	log('');
	log(`results: ${relative(ROOT, file)}`);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	}
);
