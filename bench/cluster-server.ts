// Server child of the cluster benchmark (bench/cluster.ts forks one per process): the relay
// (server/relay, attachRelay) on a free loopback port, persisting to PostgreSQL at
// BENCH_DATABASE_URL when set, else to the SQLite file BENCH_DATA_FILE, joined to the others
// through Redis when BENCH_REDIS_URL is set (server/cluster).
// IPC: sends { type: 'listening', port, pid }; 'window-start' / 'window-end' sample this process's
// CPU; 'stop' closes and replies { type: 'stopped', cpuPercent, rssMBMax, heapMBMax, dropped }.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachRelay, type Relay } from '../server/relay/relay.js';
import { startCluster, type Cluster } from '../server/cluster/cluster.js';

setTimeout(() => process.exit(2), Number(process.env.BENCH_CHILD_TIMEOUT_MS ?? 600_000)).unref();
process.on('disconnect', () => process.exit(3));
const send = (message: unknown) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));
const warnings: string[] = [];
const log = { info: () => {}, warn: (m: string) => void (warnings.length < 20 && warnings.push(m.slice(0, 300))) };

const server = createServer((_q, r) => r.writeHead(404).end());
let relay: Relay;
const cluster: Cluster | null = process.env.BENCH_REDIS_URL
	? startCluster({ redisUrl: process.env.BENCH_REDIS_URL, prefix: process.env.BENCH_REDIS_PREFIX!, load: (name) => relay.log.load(name), log })
	: null;
relay = attachRelay(server, {
	dataFile: process.env.BENCH_DATA_FILE!,
	databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
	log,
	// Every bench client comes from 127.0.0.1: the per-address throttles are set far above the load.
	maxConnectionsPerAddress: 1_000_000,
	maxMessagesPerSecond: 1_000_000_000,
	peers: cluster?.rooms
});
await cluster?.ready;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

let rssMax = 0;
let heapMax = 0;
const sampler = setInterval(() => {
	const m = process.memoryUsage();
	rssMax = Math.max(rssMax, m.rss);
	heapMax = Math.max(heapMax, m.heapUsed);
}, 250);
let cpuStart: NodeJS.CpuUsage | null = null;
let tStart = 0;
let cpuPercent = NaN;

process.on('message', (m: { type: string }) => {
	if (m.type === 'window-start') {
		cpuStart = process.cpuUsage();
		tStart = performance.now();
	} else if (m.type === 'window-end' && cpuStart) {
		const used = process.cpuUsage(cpuStart);
		cpuPercent = ((used.user + used.system) / 1000 / (performance.now() - tStart)) * 100;
	} else if (m.type === 'stop') {
		clearInterval(sampler);
		void (async () => {
			const dropped = cluster?.bus.dropped ?? 0;
			await relay.close(2000);
			await cluster?.close();
			server.close();
			await send({ type: 'stopped', cpuPercent, rssMBMax: rssMax / 2 ** 20, heapMBMax: heapMax / 2 ** 20, dropped, warnings });
			process.exit(0);
		})();
	}
});
await send({ type: 'listening', port: (server.address() as AddressInfo).port, pid: process.pid });
