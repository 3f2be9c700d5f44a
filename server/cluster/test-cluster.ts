// Real server processes for the cluster specs (issue 12): each `tsx server/main.ts` with its own
// PORT, all on one shared storage and one Redis prefix. Storage: a throwaway database (created per
// run, dropped after it) on the test PostgreSQL when it answers (YIXIAN_TEST_DATABASE_URL, else the
// standard local port) — the directory and the documents' update log both — else the data
// directory's SQLite file (several processes share one WAL file on one machine).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createTestDatabase, postgresAbsent, testDatabaseUrl } from '../storage/test-databases';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const REDIS_URL = process.env.YIXIAN_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** The production entry when the app is built; without a build (unit tests run before it) the same server without the SvelteKit pages. */
export const ENTRY = existsSync(join(ROOT, 'build/handler.js')) ? 'server/main.ts' : 'server/cluster/api-main.ts';

export async function redisAnswers(url = REDIS_URL): Promise<boolean> {
	const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
	redis.on('error', () => {});
	try {
		await redis.connect();
		return (await redis.ping()) === 'PONG';
	} catch {
		return false;
	} finally {
		redis.disconnect();
	}
}

/** A free port: CLUSTER_TEST_PORT_BASE + n when set (a helper's own range), else one the system picks. */
let nextPort = Number(process.env.CLUSTER_TEST_PORT_BASE) || 0;
export async function freePort(): Promise<number> {
	if (nextPort) return nextPort++;
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

export interface ServerProcess {
	readonly port: number;
	readonly base: string;
	readonly ws: string;
	readonly child: ChildProcess;
	output(): string;
	/** Resolves when the process has exited. */
	readonly exited: Promise<number | null>;
	kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ClusterFixture {
	dataDir: string;
	/** The run's PostgreSQL database (everything is stored there), or null: the data dir's SQLite file. */
	databaseUrl: string | null;
	prefix: string;
	env: Record<string, string>;
	start(): Promise<ServerProcess>;
	stopAll(): Promise<void>;
	readonly processes: ServerProcess[];
}

export async function clusterFixture(name: string): Promise<ClusterFixture> {
	const dataDir = mkdtempSync(join(tmpdir(), `yixian-cluster-${name}-`));
	const prefix = `yixian-test:${name}:${randomBytes(6).toString('hex')}:`;
	const env: Record<string, string> = {
		YIXIAN_DATA_DIR: dataDir,
		YIXIAN_REDIS_URL: REDIS_URL,
		YIXIAN_REDIS_PREFIX: prefix,
		YIXIAN_TOKEN_SECRET: randomBytes(32).toString('hex'),
		HOST: '127.0.0.1'
	};
	// A database of this run's own on that server: a run must not find an earlier run's people.
	const { required } = testDatabaseUrl();
	const database = required || !(await postgresAbsent()) ? await createTestDatabase('cluster') : null;
	if (database) env.YIXIAN_DATABASE_URL = database.url;
	const processes: ServerProcess[] = [];
	return {
		dataDir,
		databaseUrl: database?.url ?? null,
		prefix,
		env,
		processes,
		async start() {
			const port = await freePort();
			const proc = await startServer({ ...env, PORT: String(port) }, port);
			processes.push(proc);
			return proc;
		},
		async stopAll() {
			await Promise.all(processes.map((p) => p.kill('SIGTERM')));
			const redis = new Redis(REDIS_URL);
			const keys = await redis.keys(`${prefix}*`);
			if (keys.length) await redis.del(...keys);
			redis.disconnect();
			await database?.drop();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

async function startServer(env: Record<string, string>, port: number): Promise<ServerProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server on ${port} did not start:\n${output}`)), 30_000);
		const check = () => {
			if (!output.includes('Yixian is serving')) return;
			clearTimeout(timer);
			child.stdout!.off('data', check);
			resolve();
		};
		child.stdout!.on('data', check);
		void exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`server on ${port} exited (${code}):\n${output}`));
		});
	});
	return {
		port,
		base: `http://127.0.0.1:${port}`,
		ws: `ws://127.0.0.1:${port}/sync`,
		child,
		output: () => output,
		exited,
		async kill(signal = 'SIGTERM') {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill(signal);
			await exited;
		}
	};
}
