// Server child of the relay benchmark (bench/relay.ts forks it): one relay on a free loopback port.
//   BENCH_TARGET=ours       server/relay (attachRelay) with SQLite at BENCH_DATA_FILE (or PostgreSQL at
//                           BENCH_DATABASE_URL), permissive auth
//   BENCH_TARGET=reference  @y/websocket-server's setupWSConnection (no auth, no persistence)
// Both take websocket upgrades at /sync/<docName> on a plain http.Server with `ws` 8.
// Talks to the parent over IPC: sends { type: 'listening', port }; answers 'window-start' /
// 'window-end' (event-loop delay, optional CPU profile of exactly the measured window) and 'stop'
// (closes, replies { type: 'stopped', ... } with the memory/CPU samples, exits).
import { writeFileSync } from 'node:fs';
import { validationStats } from '../server/relay/gate.js';
import { createServer } from 'node:http';
import { Session } from 'node:inspector';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';

const target = process.env.BENCH_TARGET;
const hardTimeoutMs = Number(process.env.BENCH_CHILD_TIMEOUT_MS ?? 600_000);
setTimeout(() => process.exit(2), hardTimeoutMs).unref();
process.on('disconnect', () => process.exit(3)); // the parent went away

const send = (message: unknown) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));

const warnings: string[] = [];
let warnCount = 0;
const log = {
	info: () => {},
	warn: (message: string) => {
		warnCount++;
		if (warnings.length < 20) warnings.push(message.slice(0, 300));
	}
};

const server = createServer((_request, response) => response.writeHead(404).end());
server.keepAliveTimeout = 1000;
let stop: () => Promise<void>;

if (target === 'ours') {
	// BENCH_OURS_MODULE: another copy of relay.ts (e.g. an older commit's), to compare changes.
	const module = process.env.BENCH_OURS_MODULE ? pathToFileURL(resolve(process.env.BENCH_OURS_MODULE)).href : '../server/relay/relay.js';
	const { attachRelay } = (await import(module)) as typeof import('../server/relay/relay.js');
	// Every bench client comes from 127.0.0.1: the per-address throttles are set far above the load.
	// BENCH_RELAY_OPTIONS (JSON) overrides any option, e.g. new limits.
	const extra = JSON.parse(process.env.BENCH_RELAY_OPTIONS || '{}');
	// BENCH_RULES=1: every update is checked against the board's rules (issue 8), as in the app.
	const { rulesFor } = await import('../server/documents/doc-rules.js');
	// BENCH_HISTORY=1: and every committed update's changes to ledger entries are recorded (server/history).
	const history = process.env.BENCH_RULES === '1' && process.env.BENCH_HISTORY === '1';
	const { recordEntryChanges } = await import('../server/history/entry-changes.js');
	const relay = attachRelay(server, {
		dataFile: process.env.BENCH_DATA_FILE!,
		// BENCH_DATABASE_URL: the update log in PostgreSQL (a database of this run's own).
		...(process.env.BENCH_DATABASE_URL ? { databaseUrl: process.env.BENCH_DATABASE_URL } : {}),
		log,
		...(process.env.BENCH_RULES === '1' && process.env.BENCH_CHECK !== '0' ? { rules: rulesFor } : {}),
		...(history && process.env.BENCH_RECORD !== '0' ? { history: () => recordEntryChanges } : {}),
		maxConnectionsPerAddress: 1_000_000,
		maxMessagesPerSecond: 1_000_000_000,
		...extra
	});
	if (history) {
		// Each room's board with one entry per client, as the load generator's docs start (relay-seed.ts).
		const { membersOf, seedBoard } = await import('./relay-seed.js');
		const clients = Number(process.env.BENCH_SEED_CLIENTS);
		const rooms = Number(process.env.BENCH_SEED_ROOMS);
		for (let r = 0; r < rooms; r++) await relay.log.append(`board:bench${String(r).padStart(6, '0')}`, seedBoard(membersOf(r, clients, rooms)), 'seed');
	}
	stop = () => relay.close(2000);
} else if (target === 'reference') {
	const { setupWSConnection } = await import('@y/websocket-server/utils');
	const wss = new WebSocketServer({ noServer: true });
	server.on('upgrade', (request, socket, head) => {
		const path = new URL(request.url ?? '/', 'http://relay').pathname;
		if (!path.startsWith('/sync/')) return socket.destroy();
		const docName = decodeURIComponent(path.slice('/sync/'.length));
		wss.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request, { docName }));
	});
	stop = async () => {
		for (const ws of wss.clients) ws.terminate();
		wss.close();
	};
} else {
	throw new Error(`BENCH_TARGET must be ours or reference, not ${target}`);
}

// Memory and CPU, sampled as cumulative figures; the parent takes differences over its windows.
export interface Sample {
	t: number;
	rss: number;
	heapUsed: number;
	heapTotal: number;
	external: number;
	arrayBuffers: number;
	cpuUs: number;
}
const samples: Sample[] = [];
const sample = () => {
	const m = process.memoryUsage();
	const cpu = process.cpuUsage();
	samples.push({ t: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, cpuUs: cpu.user + cpu.system });
};
sample();
const sampler = setInterval(sample, Number(process.env.BENCH_SAMPLE_MS ?? 250));

// The measured window: event-loop delay and utilisation, CPU, and optionally a V8 CPU profile.
const profileFile = process.env.BENCH_PROFILE_FILE;
const session = profileFile ? new Session() : null;
const post = (method: string, params?: object) =>
	new Promise<any>((resolve, reject) => session!.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
if (session) {
	session.connect();
	await post('Profiler.enable');
	await post('Profiler.setSamplingInterval', { interval: 250 });
}
const loopResolutionMs = 5;
const loopDelay = monitorEventLoopDelay({ resolution: loopResolutionMs });
let windowStart: { t: number; cpu: NodeJS.CpuUsage; elu: ReturnType<typeof performance.eventLoopUtilization> } | null = null;
let windowStats: Record<string, number> | null = null;
let profileWritten: string | null = null;
let validationAtStart = 0;

process.on('message', async (message: { type: string }) => {
	if (message.type === 'window-start') {
		if (session) await post('Profiler.start');
		loopDelay.reset();
		loopDelay.enable();
		windowStart = { t: performance.now(), cpu: process.cpuUsage(), elu: performance.eventLoopUtilization() };
		validationAtStart = validationStats.ms;
	} else if (message.type === 'window-end' && windowStart) {
		loopDelay.disable();
		const wallMs = performance.now() - windowStart.t;
		const cpu = process.cpuUsage(windowStart.cpu);
		const elu = performance.eventLoopUtilization(windowStart.elu);
		windowStats = {
			wallMs,
			cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
			eventLoopUtilization: elu.utilization,
			// The histogram holds whole timer intervals: the delay is what exceeds the resolution.
			loopDelaySamples: loopDelay.count,
			loopDelayP50Ms: Math.max(0, loopDelay.percentile(50) / 1e6 - loopResolutionMs),
			loopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - loopResolutionMs),
			loopDelayMaxMs: Math.max(0, loopDelay.max / 1e6 - loopResolutionMs),
			// Time spent checking updates against the documents' rules (relay/gate.ts), as a share of the server's CPU.
			validationMs: validationStats.ms - validationAtStart,
			validationCpuShare: (validationStats.ms - validationAtStart) / ((cpu.user + cpu.system) / 1000)
		};
		if (session) {
			const { profile } = await post('Profiler.stop');
			writeFileSync(profileFile!, JSON.stringify(profile));
			profileWritten = profileFile!;
		}
	} else if (message.type === 'stop') {
		sample();
		clearInterval(sampler);
		const closeStart = performance.now();
		await stop();
		await new Promise<void>((resolve) => server.close(() => resolve()));
		const closeMs = performance.now() - closeStart;
		await send({ type: 'stopped', samples, windowStats, warnCount, warnings, closeMs, profile: profileWritten });
		process.exit(0);
	}
});

// BENCH_PORT: a fixed port (e.g. one of an assigned range) instead of a free one.
server.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', () => void send({ type: 'listening', port: (server.address() as AddressInfo).port, pid: process.pid }));
