// Work that must happen once across the processes of a district (issue 12): the statistics
// warm-up after a start, compaction of a document's stored updates. A lock with an expiry: the
// holder renews it while it works and releases it when done; a holder that dies frees it when it
// expires. Behind a small interface, so PostgreSQL advisory locks can stand in for Redis.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface Held {
	/** Keeps the lock for another `ttlMs` (false: it was lost — expired and taken by another). */
	renew(): Promise<boolean>;
	release(): Promise<void>;
}

export interface OnceLocks {
	/** The lock `name` for `ttlMs`, or null when another process holds it. */
	acquire(name: string, ttlMs: number): Promise<Held | null>;
}

/** One process, no Redis: a lock in memory (the same work is never started twice at once here either). */
export function localLocks(now: () => number = Date.now): OnceLocks {
	const held = new Map<string, { token: string; until: number }>();
	return {
		async acquire(name, ttlMs) {
			const current = held.get(name);
			if (current && current.until > now()) return null;
			const token = randomBytes(8).toString('hex');
			held.set(name, { token, until: now() + ttlMs });
			const mine = () => held.get(name)?.token === token;
			return {
				async renew() {
					if (!mine()) return false;
					held.set(name, { token, until: now() + ttlMs });
					return true;
				},
				async release() {
					if (mine()) held.delete(name);
				}
			};
		}
	};
}

// Only the holder (its random token) may renew or delete the key.
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Locks as Redis keys `<prefix>lock:<name>` (SET NX PX; renew and release check the token). */
export function redisLocks(redis: Redis, prefix: string): OnceLocks {
	return {
		async acquire(name, ttlMs) {
			const key = `${prefix}lock:${name}`;
			const token = randomBytes(16).toString('hex');
			const got = await redis.set(key, token, 'PX', ttlMs, 'NX');
			if (got !== 'OK') return null;
			return {
				renew: async () => (await redis.eval(RENEW, 1, key, token, String(ttlMs))) === 1,
				release: async () => {
					await redis.eval(RELEASE, 1, key, token);
				}
			};
		}
	};
}

/**
 * Runs `work` if this process gets the lock, renewing it every third of `ttlMs` while it runs and
 * releasing it after; resolves true when it ran here. A Redis error counts as "not here"
 * (`onError` tells why): skipping warm work is safe, running it twice is what is avoided.
 */
export async function runOnce(locks: OnceLocks, name: string, ttlMs: number, work: () => Promise<unknown> | unknown, onError?: (error: Error) => void): Promise<boolean> {
	let held: Held | null;
	try {
		held = await locks.acquire(name, ttlMs);
	} catch (error) {
		onError?.(error as Error);
		return false;
	}
	if (!held) return false;
	const timer = setInterval(() => void held.renew().catch(() => {}), Math.max(10, Math.floor(ttlMs / 3)));
	timer.unref();
	try {
		await work();
	} finally {
		clearInterval(timer);
		await held.release().catch(() => {});
	}
	return true;
}
