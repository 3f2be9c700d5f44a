// The sign-in throttle of several processes (redis-sign-in-throttle.ts) against a real Redis, through
// a test-only TCP proxy that can stop forwarding: a Redis that stops answering without closing the
// connection (paused, a network cut that resets nothing, a failover under way) is the case
// "while Redis does not answer, each process counts on its own" (docs/api.md, "Sign-in throttling").
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { quietLog } from '../relay/test-kit';
import { ADDRESS_RULE, PAIR_RULE } from '../accounts/sign-in-throttle';
import { REDIS_ANSWER_MS, redisSignInThrottle } from './redis-sign-in-throttle';
import { REDIS_URL, redisAnswers } from './test-cluster';

const redisUp = await redisAnswers();

/** A TCP proxy to Redis whose forwarding can be held (bytes wait, the connections stay open). */
async function freezableProxy() {
	const target = new URL(REDIS_URL);
	const open = new Set<Socket>();
	let frozen = false;
	const server = createServer((client) => {
		const upstream = connect(Number(target.port || 6379), target.hostname);
		for (const s of [client, upstream]) (open.add(s), s.on('error', () => {}), s.once('close', () => open.delete(s)));
		client.pipe(upstream).pipe(client);
		client.once('close', () => upstream.destroy());
		upstream.once('close', () => client.destroy());
		if (frozen) (client.unpipe(), client.pause());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `redis://127.0.0.1:${(server.address() as { port: number }).port}`,
		freeze() {
			frozen = true;
			for (const s of open) (s.unpipe(), s.pause());
		},
		close: () => new Promise<void>((resolve) => (open.forEach((s) => s.destroy()), server.close(() => resolve())))
	};
}

describe.skipIf(!redisUp)('sign-in throttle in Redis', { timeout: 20_000 }, () => {
	const cleanups: (() => unknown)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.reverse()) await cleanup();
		cleanups.length = 0;
	});

	it('answers at once and counts in the process when Redis stops answering without closing the link', async () => {
		const proxy = await freezableProxy();
		const prefix = `yixian-test:throttle:${randomBytes(6).toString('hex')}:`;
		const redis = new Redis(proxy.url, { maxRetriesPerRequest: null, enableOfflineQueue: false });
		redis.on('error', () => {});
		cleanups.push(
			() => proxy.close(),
			() => redis.disconnect(),
			async () => {
				const direct = new Redis(REDIS_URL);
				const keys = await direct.keys(`${prefix}*`);
				if (keys.length) await direct.del(...keys);
				direct.disconnect();
			}
		);
		await new Promise((resolve) => redis.once('ready', resolve));
		// Each call given up after 200 ms rather than the server's second (REDIS_ANSWER_MS): the proxy
		// stays silent for good, so an attempt that returns at all was given up; one that hangs is
		// caught by the test's timeout, and no measured time is compared (a loaded machine's timers run late).
		expect(REDIS_ANSWER_MS).toBeLessThanOrEqual(1000);
		const throttle = redisSignInThrottle(redis, prefix, quietLog, PAIR_RULE, ADDRESS_RULE, 200);
		expect(await throttle.attempt('10.0.0.1', '13900000001')).toEqual({ ok: true });

		proxy.freeze();
		const started = Date.now();
		const tries = [];
		// (at one instant: the throttle's waits are counted from the previous failure)
		for (let i = 0; i < 6; i++) tries.push(await throttle.attempt('10.0.0.1', '13900000002', started));
		// Not hanging while Redis is silent, and still throttled, in this process: five failures free, then a wait.
		expect(tries.slice(0, 5)).toEqual(Array(5).fill({ ok: true }));
		expect(tries[5].ok).toBe(false);
		await throttle.succeeded('10.0.0.1', '13900000002'); // must not hang either
	});
});
