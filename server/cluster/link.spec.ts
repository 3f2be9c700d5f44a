// The Redis link between processes, in one test process (issue 12): two relays on one shared
// SQLite file, each with its own link to a real Redis. A test-only TCP proxy stands between one
// relay and Redis, so its link can be cut and held down for as long as the test needs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Redis } from 'ioredis';
import { Directory } from '../accounts/directory';
import { openDb } from '../db';
import { connectClient, quietLog, startRelay, waitFor, type RunningRelay } from '../relay/test-kit';
import type { AccessEvent } from '../accounts/access-events';
import { startCluster, type Cluster } from './cluster';
import { localLocks, redisLocks, runOnce } from './locks';
import { REDIS_URL, redisAnswers } from './test-cluster';
import { startBalancer, type TestBalancer } from './test-proxy';

const redisUp = await redisAnswers();

describe.skipIf(!redisUp)('the Redis link between server processes', { timeout: 30_000 }, () => {
	const cleanups: (() => unknown)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.reverse()) await cleanup();
		cleanups.length = 0;
	});
	const tempDir = () => {
		const dir = mkdtempSync(join(tmpdir(), 'yixian-cluster-link-'));
		cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
		return dir;
	};
	const newPrefix = () => {
		const prefix = `yixian-test:link:${randomBytes(6).toString('hex')}:`;
		cleanups.push(async () => {
			const redis = new Redis(REDIS_URL);
			const keys = await redis.keys(`${prefix}*`);
			if (keys.length) await redis.del(...keys);
			redis.disconnect();
		});
		return prefix;
	};
	/** A relay in a cluster: `redisUrl` may go through a proxy. */
	const member = async (dataFile: string, prefix: string, redisUrl = REDIS_URL): Promise<{ relay: RunningRelay; cluster: Cluster }> => {
		let relay: RunningRelay | undefined;
		const cluster = startCluster({ redisUrl, prefix, load: (name) => relay!.relay.log.load(name), log: quietLog });
		relay = await startRelay({ dataFile, peers: cluster.rooms });
		await cluster.ready;
		cleanups.push(async () => {
			await relay!.stop();
			await cluster.close();
		});
		return { relay, cluster };
	};
	const texts = (doc: Y.Doc) => doc.getArray<string>('log').toArray();
	const redisPort = Number(new URL(REDIS_URL).port || 6379);
	const proxy = async (port = 0): Promise<TestBalancer> => {
		const balancer = await startBalancer([redisPort], port);
		cleanups.push(() => balancer.close());
		return balancer;
	};

	it("a process whose link was down catches up from storage on what it missed", async () => {
		const file = join(tempDir(), 'shared.sqlite');
		const prefix = newPrefix();
		const a = await member(file, prefix);
		const link = await proxy();
		const b = await member(file, prefix, `redis://127.0.0.1:${link.port}`);
		const ca = connectClient(a.relay.url, 'test:gap');
		const cb = connectClient(b.relay.url, 'test:gap');
		await Promise.all([ca.synced(), cb.synced()]);
		await b.cluster.rooms.subscribed('test:gap');
		ca.doc.getArray<string>('log').push(['live']);
		await waitFor(() => texts(cb.doc).includes('live'), 5000, 'the live update across');

		await link.close(); // b's link is cut and stays down
		await waitFor(() => b.cluster.bus.redis.status !== 'ready', 5000, "b's link to notice");
		const stored = (await a.relay.relay.log.count('test:gap'));
		ca.doc.getArray<string>('log').push(['missed-1', 'missed-2']);
		await waitFor(async () => (await a.relay.relay.log.count('test:gap')) > stored, 5000, 'the update stored');
		expect(texts(cb.doc)).not.toContain('missed-1'); // not carried while the link is down

		await proxy(link.port); // back: b re-subscribes and reloads its open room from storage
		await waitFor(() => texts(cb.doc).includes('missed-2'), 10_000, 'b to catch up');
		expect(texts(cb.doc)).toEqual(texts(ca.doc));
		ca.provider.destroy();
		cb.provider.destroy();
	});

	it('a process whose publishes failed asks the others to catch up when its link is back', async () => {
		const file = join(tempDir(), 'shared.sqlite');
		const prefix = newPrefix();
		const link = await proxy();
		const a = await member(file, prefix, `redis://127.0.0.1:${link.port}`);
		const b = await member(file, prefix);
		const ca = connectClient(a.relay.url, 'test:gap2');
		const cb = connectClient(b.relay.url, 'test:gap2');
		await Promise.all([ca.synced(), cb.synced()]);
		await Promise.all([a.cluster.rooms.subscribed('test:gap2'), b.cluster.rooms.subscribed('test:gap2')]);

		await link.close();
		await waitFor(() => a.cluster.bus.redis.status !== 'ready', 5000, "a's link to notice");
		ca.doc.getArray<string>('log').push(['while-down']);
		await waitFor(() => a.cluster.bus.dropped > 0, 5000, 'the publish to fail');
		expect(texts(cb.doc)).not.toContain('while-down');

		await proxy(link.port);
		await waitFor(() => texts(cb.doc).includes('while-down'), 10_000, 'b told to catch up');
		ca.provider.destroy();
		cb.provider.destroy();
	});

	it("carries the directory's access events to processes on other storage, and ignores its own", async () => {
		const prefix = newPrefix();
		const directories = await Promise.all(
			[0, 1].map(async () => {
				const db = await openDb(join(tempDir(), 'yixian.db'));
				cleanups.push(() => db.close());
				return Directory.open(db);
			})
		);
		const clusters = directories.map((directory) => {
			const cluster = startCluster({ redisUrl: REDIS_URL, prefix, load: () => [], log: quietLog });
			cluster.linkDirectory(directory);
			cleanups.push(() => cluster.close());
			return cluster;
		});
		await Promise.all(clusters.map((c) => c.ready));
		const heard: AccessEvent[][] = [[], []];
		directories.forEach((d, i) => {
			d.on('sessions-ended', (e) => heard[i].push(e));
			d.on('access-changed', (personId) => heard[i].push({ kind: 'access-changed', personId }));
		});
		const cadre = await directories[0].createPerson('test', { phone: '13900000009', name: '干部', role: 'member', password: 'pass-13900000009' });
		await directories[0].sessions.endAll(cadre.id, 'disabled');
		await waitFor(() => heard[1].length >= 1, 5000, 'the event on the other process');
		expect(heard[1]).toContainEqual({ kind: 'sessions-ended', personId: cadre.id, reason: 'disabled' });
		// Each process told its own listeners once: its own message from Redis is not acted on again.
		await clusters[1].bus.redis.ping();
		expect(heard[0].filter((e) => e.kind === 'sessions-ended')).toHaveLength(1);
		expect(heard[1].filter((e) => e.kind === 'sessions-ended')).toHaveLength(1);
	});

	it('runs once-work on one process only, and again after its holder is gone', async () => {
		const prefix = newPrefix();
		const clients = [new Redis(REDIS_URL), new Redis(REDIS_URL)];
		cleanups.push(() => clients.forEach((c) => c.disconnect()));
		const locks = clients.map((c) => redisLocks(c, prefix));
		let runs = 0;
		let release!: () => void;
		const blocking = new Promise<void>((resolve) => (release = resolve));
		// A 3 s expiry, renewed every second: a loaded machine's timers may run late by much less.
		const first = runOnce(locks[0], 'stats-warm-up', 3000, async () => {
			runs++;
			await blocking;
		});
		await waitFor(() => runs === 1, 5000, 'the first to start');
		// Held (and renewed past its expiry) while the work runs: the other process skips.
		await new Promise((resolve) => setTimeout(resolve, 3300));
		expect(await clients[1].pttl(`${prefix}lock:stats-warm-up`)).toBeGreaterThan(0);
		expect(await runOnce(locks[1], 'stats-warm-up', 1000, () => runs++)).toBe(false);
		release();
		expect(await first).toBe(true);
		expect(await runOnce(locks[1], 'stats-warm-up', 1000, () => runs++)).toBe(true);
		expect(runs).toBe(2);
		// A holder that died without releasing frees the lock when it expires.
		expect(await locks[0].acquire('compact:x', 200)).not.toBeNull();
		expect(await locks[1].acquire('compact:x', 200)).toBeNull();
		// Expired (not released): gone from Redis, so the next one gets it.
		while ((await clients[1].pttl(`${prefix}lock:compact:x`)) !== -2) await new Promise((resolve) => setTimeout(resolve, 20));
		expect(await locks[1].acquire('compact:x', 200)).not.toBeNull();
	});

	it('warms the statistics on one process of those starting together', async () => {
		const prefix = newPrefix();
		const clusters = [0, 1].map(() => {
			const cluster = startCluster({ redisUrl: REDIS_URL, prefix, load: () => [], log: quietLog });
			cleanups.push(() => cluster.close());
			return cluster;
		});
		let started = 0;
		let finish!: (n: number) => void;
		const finished = new Promise<number>((resolve) => (finish = resolve));
		const warmUps = clusters.map((c) => c.warmOnce('stats-warm-up', () => (started++, { done: finished, stop: () => {} })));
		await waitFor(() => started === 1, 5000, 'one warm-up to start');
		// The other has asked for the lock and been refused by now (its done settles with 0).
		const other = await Promise.race(warmUps.map((w, i) => w.done.then(() => i)));
		finish(12);
		expect(await warmUps[other].done).toBe(0);
		expect(await warmUps[1 - other].done).toBe(12);
		expect(started).toBe(1);
	});

	it('compacts a document behind the lock when its process passes the threshold', async () => {
		const file = join(tempDir(), 'shared.sqlite');
		const prefix = newPrefix();
		let relay: RunningRelay | undefined;
		const cluster = startCluster({ redisUrl: REDIS_URL, prefix, load: (name) => relay!.relay.log.load(name), log: quietLog });
		relay = await startRelay({ dataFile: file, peers: cluster.rooms, compactionThreshold: 5 });
		await cluster.ready;
		cleanups.push(async () => {
			await relay!.stop();
			await cluster.close();
		});
		const c = connectClient(relay.url, 'test:compact');
		await c.synced();
		for (let n = 0; n < 8; n++) c.doc.getArray<string>('log').push([`u${n}`]);
		const redis = new Redis(REDIS_URL);
		cleanups.push(() => redis.disconnect());
		const held = async () => (await redis.exists(`${prefix}lock:compact:test:compact`)) === 1;
		for (let i = 0; i < 250 && !(await held()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
		expect(await held()).toBe(true); // taken by this process, kept for the window
		await waitFor(async () => (await relay!.relay.log.count('test:compact')) < 8, 5000, 'the rows merged');
		c.provider.destroy();
	});

	it('without Redis, the in-memory lock keeps the same work from running twice at once', async () => {
		let now = 0;
		const locks = localLocks(() => now);
		const held = await locks.acquire('stats-warm-up', 100);
		expect(held).not.toBeNull();
		expect(await locks.acquire('stats-warm-up', 100)).toBeNull();
		now = 101;
		expect(await locks.acquire('stats-warm-up', 100)).not.toBeNull();
		expect(await held!.renew()).toBe(false);
	});
});
