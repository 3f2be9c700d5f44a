// Token buckets per key (an address, a phone number): refill `perSecond`, hold at most `burst`.
export class RateLimiter {
	#buckets = new Map<string, { tokens: number; at: number }>();

	constructor(
		private perSecond: number,
		private burst: number
	) {}

	/** Takes one token for `key`; false when the key is over its rate. */
	take(key: string, now = Date.now()): boolean {
		let b = this.#buckets.get(key);
		if (!b) {
			if (this.#buckets.size > 50_000) this.#sweep(now);
			b = { tokens: this.burst, at: now };
			this.#buckets.set(key, b);
		}
		b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
		b.at = now;
		if (b.tokens < 1) return false;
		b.tokens -= 1;
		return true;
	}

	/** Whether `key` has a token now, without taking it (to refuse before doing any work). */
	peek(key: string, now = Date.now()): boolean {
		const b = this.#buckets.get(key);
		return !b || b.tokens + ((now - b.at) / 1000) * this.perSecond >= 1;
	}

	#sweep(now: number) {
		for (const [key, b] of this.#buckets) if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.#buckets.delete(key);
	}
}
