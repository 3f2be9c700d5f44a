import { afterEach, describe, expect, it, vi } from 'vitest';
import { Pending } from './in-background';

/** A promise and its settling functions, for work that ends when the test says. */
function work<T = void>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
	return { promise, resolve, reject };
}

/** Whether `promise` has settled once the queued microtasks have run. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
	let done = false;
	void promise.then(() => (done = true));
	for (let i = 0; i < 10; i++) await Promise.resolve();
	return done;
}

describe('Pending (a save waits for the device’s caches of what it saved)', () => {
	afterEach(() => vi.useRealTimers());

	it('settles at once when nothing is in flight', async () => {
		expect(await isSettled(new Pending().settled(1000))).toBe(true);
	});

	it('settles once every piece of work started so far has, not before', async () => {
		const pending = new Pending();
		const a = work();
		const b = work();
		pending.add(a.promise, 'a');
		pending.add(b.promise, 'b');
		const settled = pending.settled(60_000);
		a.resolve();
		expect(await isSettled(settled)).toBe(false);
		b.resolve();
		expect(await isSettled(settled)).toBe(true);
	});

	it('does not wait for work started after it was asked', async () => {
		const pending = new Pending();
		const settled = pending.settled(60_000);
		pending.add(new Promise(() => {}), 'later');
		expect(await isSettled(settled)).toBe(true);
	});

	it('a failure settles it too (said on the console, never thrown) and is forgotten', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const pending = new Pending();
		const a = work();
		pending.add(a.promise, 'Projecting the ledger');
		const settled = pending.settled(60_000);
		a.reject(new Error('storage gone'));
		await expect(settled).resolves.toBeUndefined();
		expect(warn).toHaveBeenCalledWith('Projecting the ledger failed', expect.any(Error));
		expect(await isSettled(pending.settled(60_000))).toBe(true);
		warn.mockRestore();
	});

	it('gives up waiting after its bound: a stuck write does not hold a save', async () => {
		vi.useFakeTimers();
		const pending = new Pending();
		pending.add(new Promise(() => {}), 'stuck');
		const settled = pending.settled(3000);
		expect(await isSettled(settled)).toBe(false);
		await vi.advanceTimersByTimeAsync(2999);
		expect(await isSettled(settled)).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(await isSettled(settled)).toBe(true);
	});
});
