// The sign-in throttle of a district served by several processes (issue 12): the failure counts of
// server/accounts/sign-in-throttle.ts kept in Redis, so a guesser gets no more tries by reaching
// another process. Each attempt is checked and counted in one Lua script: atomic across processes,
// as the in-memory throttle is within one. While Redis does not answer, the process counts in its
// own memory (still throttled, per process) rather than refusing every sign-in or letting all through.
// "Does not answer" includes a Redis that holds the link open and stays silent (paused, a network
// cut that resets nothing, a failover under way): each call is given up after `timeoutMs`.
import type { Redis } from 'ioredis';
import { ADDRESS_RULE, MemorySignInThrottle, PAIR_RULE, pairKey, type Attempt, type SignInThrottle, type ThrottleRule } from '../accounts/sign-in-throttle';
import type { Logger } from '../relay/types';

// A count: hash { f: failures, l: time of the last failure (ms) }, expiring when it would be forgotten.
const COUNTS = `
local function wait(key, now, free, maxDelay, forget)
  local v = redis.call('HMGET', key, 'f', 'l')
  local f, l = tonumber(v[1]), tonumber(v[2])
  if not f or not l or now - l > forget then return 0, 0 end
  if f < free then return 0, f end
  return math.max(0, l + math.min(1000 * 2 ^ (f - free), maxDelay) - now), f
end
`;

/** KEYS: pair, address. ARGV: now, then free, maxDelayMs, forgetMs of the pair rule and of the address rule. Returns the wait (ms); 0: counted. */
const ATTEMPT = `${COUNTS}
local now = tonumber(ARGV[1])
local w1, f1 = wait(KEYS[1], now, tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]))
local w2, f2 = wait(KEYS[2], now, tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]))
local w = math.max(w1, w2)
if w > 0 then return math.ceil(w) end
redis.call('HSET', KEYS[1], 'f', f1 + 1, 'l', now)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('HSET', KEYS[2], 'f', f2 + 1, 'l', now)
redis.call('PEXPIRE', KEYS[2], ARGV[7])
return 0
`;

/** KEYS: pair, address. The pair starts afresh; the address gets one failure back. */
const SUCCEEDED = `
redis.call('DEL', KEYS[1])
local f = tonumber(redis.call('HGET', KEYS[2], 'f'))
if f then
  if f <= 1 then redis.call('DEL', KEYS[2]) else redis.call('HINCRBY', KEYS[2], 'f', -1) end
end
return 0
`;

const ruleArgs = (r: ThrottleRule) => [r.free, r.maxDelayMs, r.forgetMs];

/** How long a sign-in waits for Redis before it is counted in the process instead. */
export const REDIS_ANSWER_MS = 1000;

/** `call`'s answer, or a rejection once `ms` have passed without one (the call itself is left to finish). */
function within<T>(call: Promise<T>, ms: number): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
	return Promise.race([call, late]).finally(() => clearTimeout(timer));
}

export function redisSignInThrottle(redis: Redis, prefix: string, log: Logger = console, pair: ThrottleRule = PAIR_RULE, address: ThrottleRule = ADDRESS_RULE, timeoutMs = REDIS_ANSWER_MS): SignInThrottle {
	const local = new MemorySignInThrottle(pair, address);
	const keys = (addr: string, phone: string) => [`${prefix}sign-in:pair:${pairKey(addr, phone)}`, `${prefix}sign-in:address:${addr}`];
	let warned = false;
	const fallback = (error: Error) => {
		if (!warned) log.warn(`sign-in throttle: Redis did not answer (${error.message}); counting in this process meanwhile`);
		warned = true;
	};
	return {
		async attempt(addr, phone, now = Date.now()): Promise<Attempt> {
			try {
				const wait = Number(await within(redis.eval(ATTEMPT, 2, ...keys(addr, phone), now, ...ruleArgs(pair), ...ruleArgs(address)), timeoutMs));
				warned = false;
				return wait > 0 ? { ok: false, retryAfterMs: wait } : { ok: true };
			} catch (error) {
				fallback(error as Error);
				return local.attempt(addr, phone, now);
			}
		},
		async succeeded(addr, phone) {
			await local.succeeded(addr, phone);
			try {
				await within(redis.eval(SUCCEEDED, 2, ...keys(addr, phone)), timeoutMs);
			} catch (error) {
				fallback(error as Error);
			}
		}
	};
}
