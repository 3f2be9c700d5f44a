import { describe, expect, it } from 'vitest';
import { SignInThrottle } from './sign-in-throttle';

const T0 = 1_000_000;
const tries = (t: SignInThrottle, address: string, phone: string, n: number, at = T0) =>
	Array.from({ length: n }, () => t.attempt(address, phone, at).ok);

describe('sign-in throttle', () => {
	it('lets five failures through, then makes each next attempt wait twice as long', () => {
		const t = new SignInThrottle();
		expect(tries(t, 'a', 'p', 5)).toEqual([true, true, true, true, true]);
		expect(t.attempt('a', 'p', T0)).toEqual({ ok: false, retryAfterMs: 1000 });
		expect(t.attempt('a', 'p', T0 + 1000).ok).toBe(true);
		expect(t.attempt('a', 'p', T0 + 2999)).toEqual({ ok: false, retryAfterMs: 1 });
		expect(t.attempt('a', 'p', T0 + 3000).ok).toBe(true);
		expect(t.attempt('a', 'p', T0 + 3000)).toEqual({ ok: false, retryAfterMs: 4000 });
	});

	it('caps the wait at 15 minutes, and forgets a day after the last failure', () => {
		const t = new SignInThrottle();
		let now = T0;
		for (let i = 0; i < 30; i++) {
			const r = t.attempt('a', 'p', now);
			if (!r.ok) now += r.retryAfterMs;
			else now += 1;
		}
		const r = t.attempt('a', 'p', now);
		expect(r.ok ? 0 : r.retryAfterMs).toBeLessThanOrEqual(15 * 60_000);
		expect(t.attempt('a', 'p', now + 24 * 3_600_000 + 15 * 60_000 + 1).ok).toBe(true);
	});

	it("never holds the owner back for a stranger's guesses from another address", () => {
		const t = new SignInThrottle();
		for (let s = 0; s < 100; s++) tries(t, 'stranger', 'owner', 20, T0 + s * 10_000);
		expect(t.attempt('owner-home', 'owner', T0 + 1_000_000).ok).toBe(true);
	});

	it('clears the count of a phone and address on a right password', () => {
		const t = new SignInThrottle();
		tries(t, 'a', 'p', 5);
		t.succeeded('a', 'p');
		expect(tries(t, 'a', 'p', 5)).toEqual([true, true, true, true, true]);
	});

	it('slows one address spraying guesses over many phones after 100 failures', () => {
		const t = new SignInThrottle();
		for (let i = 0; i < 100; i++) expect(t.attempt('a', `p${i}`, T0).ok).toBe(true);
		expect(t.attempt('a', 'p-new', T0)).toEqual({ ok: false, retryAfterMs: 1000 });
		// Another address is not affected.
		expect(t.attempt('b', 'p-new', T0).ok).toBe(true);
	});

	it('does not count an address against itself for right passwords (one office, many people)', () => {
		const t = new SignInThrottle();
		for (let i = 0; i < 500; i++) {
			expect(t.attempt('office-nat', `p${i}`, T0).ok).toBe(true);
			t.succeeded('office-nat', `p${i}`);
		}
	});

	it('does not count refused attempts: hammering does not lengthen the wait', () => {
		const t = new SignInThrottle();
		tries(t, 'a', 'p', 5);
		tries(t, 'a', 'p', 100, T0 + 500);
		expect(t.attempt('a', 'p', T0 + 1000).ok).toBe(true);
	});
});
