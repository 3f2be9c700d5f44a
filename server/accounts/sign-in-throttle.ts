// Sign-in throttling that slows guessing without letting a stranger lock the owner out (after
// rate-limiter-flexible's "login endpoint protection" recipe). Failed attempts are counted
//   - per phone and address: 5 free, then each further attempt waits 1 s, 2 s, 4 s … at most
//     15 minutes after the previous failure; a successful sign-in clears the count;
//   - per address: 100 free (a street office signs in from behind one NAT address), then the
//     same progression up to 1 minute, so one address spraying guesses over many phones is slow.
// Never per phone alone: the owner, at their own address, is not held back by someone else's
// guesses. An attempt is counted as failed before the password is checked (and given back when it
// was right), so parallel requests cannot slip past the count.
// One process keeps the counts in memory (MemorySignInThrottle); the processes of a district share
// them in Redis (server/cluster/redis-sign-in-throttle.ts), or a guesser would get as many tries
// as there are processes behind the load balancer.
export interface ThrottleRule {
	/** Failures allowed before any wait. */
	free: number;
	/** The longest wait between failures. */
	maxDelayMs: number;
	/** A count is forgotten this long after its last failure. */
	forgetMs: number;
}

export const PAIR_RULE: ThrottleRule = { free: 5, maxDelayMs: 15 * 60_000, forgetMs: 24 * 3_600_000 };
export const ADDRESS_RULE: ThrottleRule = { free: 100, maxDelayMs: 60_000, forgetMs: 3_600_000 };

interface Count {
	failures: number;
	last: number;
}

class FailureCounter {
	#counts = new Map<string, Count>();

	constructor(private rule: ThrottleRule) {}

	/** Milliseconds until `key` may try again; 0 when it may now. */
	wait(key: string, now: number): number {
		const c = this.#current(key, now);
		if (!c || c.failures < this.rule.free) return 0;
		const delay = Math.min(1000 * 2 ** (c.failures - this.rule.free), this.rule.maxDelayMs);
		return Math.max(0, c.last + delay - now);
	}

	fail(key: string, now: number) {
		const c = this.#current(key, now) ?? { failures: 0, last: now };
		c.failures++;
		c.last = now;
		if (!this.#counts.has(key) && this.#counts.size >= 100_000) this.#sweep(now);
		this.#counts.set(key, c);
	}

	forgive(key: string, all: boolean) {
		const c = this.#counts.get(key);
		if (!c) return;
		if (all || c.failures <= 1) this.#counts.delete(key);
		else c.failures--;
	}

	#current(key: string, now: number): Count | undefined {
		const c = this.#counts.get(key);
		if (c && now - c.last > this.rule.forgetMs) {
			this.#counts.delete(key);
			return undefined;
		}
		return c;
	}

	#sweep(now: number) {
		for (const [key, c] of this.#counts) if (now - c.last > this.rule.forgetMs) this.#counts.delete(key);
	}
}

export type Attempt = { ok: true } | { ok: false; retryAfterMs: number };

export interface SignInThrottle {
	/**
	 * Before the password is checked. `{ retryAfterMs }` refuses the attempt (it is not counted);
	 * otherwise it is counted as a failure until `succeeded` says it was not.
	 */
	attempt(address: string, phone: string, now?: number): Promise<Attempt>;
	/** The password was right: the pair starts afresh; the address gets this attempt back. */
	succeeded(address: string, phone: string): Promise<void>;
}

/** The key of a phone at an address. */
export const pairKey = (address: string, phone: string) => `${phone} ${address}`;

export class MemorySignInThrottle implements SignInThrottle {
	#pairs: FailureCounter;
	#addresses: FailureCounter;

	constructor(pair: ThrottleRule = PAIR_RULE, address: ThrottleRule = ADDRESS_RULE) {
		this.#pairs = new FailureCounter(pair);
		this.#addresses = new FailureCounter(address);
	}

	async attempt(address: string, phone: string, now = Date.now()): Promise<Attempt> {
		const pair = pairKey(address, phone);
		const wait = Math.max(this.#pairs.wait(pair, now), this.#addresses.wait(address, now));
		if (wait > 0) return { ok: false, retryAfterMs: wait };
		this.#pairs.fail(pair, now);
		this.#addresses.fail(address, now);
		return { ok: true };
	}

	async succeeded(address: string, phone: string): Promise<void> {
		this.#pairs.forgive(pairKey(address, phone), true);
		this.#addresses.forgive(address, false);
	}
}
