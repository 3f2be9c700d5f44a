// The sign-in throttle's rules, for one process (in memory) and for a district's processes (Redis,
// real, when it answers: YIXIAN_TEST_REDIS_URL or the standard port); and that processes sharing
// Redis share the counts.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisSignInThrottle } from '../cluster/redis-sign-in-throttle';
import { REDIS_URL, redisAnswers } from '../cluster/test-cluster';
import { MemorySignInThrottle, type SignInThrottle } from './sign-in-throttle';

const T0 = 1_000_000;
const tries = async (t: SignInThrottle, address: string, phone: string, n: number, at = T0) => {
	const out: boolean[] = [];
	for (let i = 0; i < n; i++) out.push((await t.attempt(address, phone, at)).ok);
	return out;
};

const redisUp = await redisAnswers();
const clients: Redis[] = [];
const prefixes: string[] = [];
afterAll(async () => {
	for (const redis of clients) {
		for (const prefix of prefixes) {
			const keys = await redis.keys(`${prefix}*`);
			if (keys.length) await redis.del(...keys);
		}
		redis.disconnect();
	}
});
/** A throttle on Redis under a prefix of its own; `n` of them share their counts (as processes do). */
function onRedis(n = 1): SignInThrottle[] {
	const prefix = `yixian-test:throttle:${randomBytes(6).toString('hex')}:`;
	prefixes.push(prefix);
	return Array.from({ length: n }, () => {
		const redis = new Redis(REDIS_URL);
		clients.push(redis);
		return redisSignInThrottle(redis, prefix);
	});
}

const kinds: [string, () => SignInThrottle][] = [['in memory', () => new MemorySignInThrottle()]];
if (redisUp) kinds.push(['in Redis', () => onRedis()[0]]);
else console.warn(`sign-in throttle on Redis skipped: no Redis answers at ${REDIS_URL}`);

describe.each(kinds)('sign-in throttle %s', (_, make) => {
	it('lets five failures through, then makes each next attempt wait twice as long', async () => {
		const t = make();
		expect(await tries(t, 'a', 'p', 5)).toEqual([true, true, true, true, true]);
		expect(await t.attempt('a', 'p', T0)).toEqual({ ok: false, retryAfterMs: 1000 });
		expect((await t.attempt('a', 'p', T0 + 1000)).ok).toBe(true);
		expect(await t.attempt('a', 'p', T0 + 2999)).toEqual({ ok: false, retryAfterMs: 1 });
		expect((await t.attempt('a', 'p', T0 + 3000)).ok).toBe(true);
		expect(await t.attempt('a', 'p', T0 + 3000)).toEqual({ ok: false, retryAfterMs: 4000 });
	});

	it('caps the wait at 15 minutes, and forgets a day after the last failure', async () => {
		const t = make();
		let now = T0;
		for (let i = 0; i < 30; i++) {
			const r = await t.attempt('a', 'p', now);
			now += r.ok ? 1 : r.retryAfterMs;
		}
		const r = await t.attempt('a', 'p', now);
		expect(r.ok ? 0 : r.retryAfterMs).toBeLessThanOrEqual(15 * 60_000);
		expect((await t.attempt('a', 'p', now + 24 * 3_600_000 + 15 * 60_000 + 1)).ok).toBe(true);
	});

	it("never holds the owner back for a stranger's guesses from another address", async () => {
		const t = make();
		for (let s = 0; s < 20; s++) await tries(t, 'stranger', 'owner', 20, T0 + s * 10_000);
		expect((await t.attempt('owner-home', 'owner', T0 + 1_000_000)).ok).toBe(true);
	});

	it('clears the count of a phone and address on a right password', async () => {
		const t = make();
		await tries(t, 'a', 'p', 5);
		await t.succeeded('a', 'p');
		expect(await tries(t, 'a', 'p', 5)).toEqual([true, true, true, true, true]);
	});

	it('slows one address spraying guesses over many phones after 100 failures', async () => {
		const t = make();
		for (let i = 0; i < 100; i++) expect((await t.attempt('a', `p${i}`, T0)).ok).toBe(true);
		expect(await t.attempt('a', 'p-new', T0)).toEqual({ ok: false, retryAfterMs: 1000 });
		// Another address is not affected.
		expect((await t.attempt('b', 'p-new', T0)).ok).toBe(true);
	});

	it('does not count an address against itself for right passwords (one office, many people)', async () => {
		const t = make();
		for (let i = 0; i < 300; i++) {
			expect((await t.attempt('office-nat', `p${i}`, T0)).ok).toBe(true);
			await t.succeeded('office-nat', `p${i}`);
		}
	});

	it('does not count refused attempts: hammering does not lengthen the wait', async () => {
		const t = make();
		await tries(t, 'a', 'p', 5);
		await tries(t, 'a', 'p', 100, T0 + 500);
		expect((await t.attempt('a', 'p', T0 + 1000)).ok).toBe(true);
	});
});

describe.skipIf(!redisUp)('sign-in throttle across processes', () => {
	it('counts a guesser’s failures on every process: a second process gives no fresh tries', async () => {
		const [first, second, third] = onRedis(3);
		expect(await tries(first, 'a', 'p', 3)).toEqual([true, true, true]);
		expect(await tries(second, 'a', 'p', 2)).toEqual([true, true]);
		expect(await third.attempt('a', 'p', T0)).toEqual({ ok: false, retryAfterMs: 1000 });
		expect(await first.attempt('a', 'p', T0)).toEqual({ ok: false, retryAfterMs: 1000 });
	});

	it('lets parallel attempts through no more than the free ones', async () => {
		const throttles = onRedis(4);
		const all = await Promise.all(Array.from({ length: 20 }, (_, i) => throttles[i % 4].attempt('a', 'p', T0)));
		expect(all.filter((r) => r.ok)).toHaveLength(5);
	});
});
