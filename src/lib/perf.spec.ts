// A page's first view holds the app's background work until it is complete (issue 11).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterFirstView, HOLD_MAX_MS, holdBackground } from './perf';

const settled = async (p: Promise<void>) => {
	let done = false;
	void p.then(() => (done = true));
	await Promise.resolve();
	await Promise.resolve();
	return done;
};

describe('holdBackground / afterFirstView', () => {
	afterEach(() => vi.useRealTimers());

	it('lets background work go at once when no page holds it', async () => {
		expect(await settled(afterFirstView())).toBe(true);
	});

	it('holds it until every holder has released, each release counting once', async () => {
		const a = holdBackground();
		const b = holdBackground();
		const waiting = afterFirstView();
		a();
		a();
		expect(await settled(waiting)).toBe(false);
		b();
		expect(await settled(waiting)).toBe(true);
		expect(await settled(afterFirstView())).toBe(true);
	});

	it('holds nothing past its limit when a view never completes', async () => {
		vi.useFakeTimers();
		const release = holdBackground();
		const waiting = afterFirstView();
		vi.advanceTimersByTime(HOLD_MAX_MS - 1);
		expect(await settled(waiting)).toBe(false);
		vi.advanceTimersByTime(1);
		expect(await settled(waiting)).toBe(true);
		release();
		expect(await settled(afterFirstView())).toBe(true);
	});
});
