import { describe, expect, it } from 'vitest';
import { clockFrom, shiftedClock, systemClock } from './clock';

describe('the server clock', () => {
	it('starts a test clock at YIXIAN_TEST_NOW in test mode and lets it run', () => {
		let real = 1_000_000;
		const clock = shiftedClock(Date.parse('2026-06-10T04:00:00Z'), () => real);
		expect(clock.now()).toBe(Date.parse('2026-06-10T04:00:00Z'));
		real += 5_000;
		expect(clock.now()).toBe(Date.parse('2026-06-10T04:00:05Z'));
		expect(clockFrom({ NODE_ENV: 'test', YIXIAN_TEST_NOW: '2026-06-10T04:00:00Z' }).today()).toBe('2026-06-10');
	});

	it('ignores YIXIAN_TEST_NOW outside test mode, so a real server keeps the real calendar', () => {
		expect(clockFrom({ YIXIAN_TEST_NOW: '2026-06-10T04:00:00Z' })).toBe(systemClock);
		expect(clockFrom({})).toBe(systemClock);
	});

	it('refuses a test clock that is not an instant', () => {
		expect(() => clockFrom({ NODE_ENV: 'test', YIXIAN_TEST_NOW: 'yesterday' })).toThrow(/YIXIAN_TEST_NOW/);
	});
});
