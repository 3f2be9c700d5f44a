// The timeline's date and time (date-time.ts), written without Intl, read exactly as Intl's
// { dateStyle: 'medium', timeStyle: 'short' } does in both languages, in the device's time zone.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateTime } from './date-time';

const intl = (locale: string, at: number) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
const zone = process.env.TZ;
afterAll(() => void (zone === undefined ? delete process.env.TZ : (process.env.TZ = zone)));

// 1970 to 2100, to the minute's edges (Intl and the Date getters agree on seconds too).
const instant = fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) });

describe.each(['Asia/Shanghai', 'America/New_York', 'UTC'])('in %s', (tz) => {
	beforeAll(() => void (process.env.TZ = tz));

	it.each(['zh-CN', 'en'] as const)('%s reads as Intl does', (locale) => {
		const readsAsIntl = fc.property(instant, (at) => {
			expect(dateTime(locale, at)).toBe(intl(locale, at));
		});
		fc.assert(readsAsIntl, { numRuns: 2000 });
	});

	it.each(['zh-CN', 'en'] as const)('%s reads as Intl does at midnight, noon and the hour before', (locale) => {
		for (const at of [Date.UTC(2026, 0, 1, 0, 0), Date.UTC(2026, 5, 30, 12, 0), Date.UTC(2026, 11, 31, 11, 59), Date.UTC(2026, 2, 8, 7, 30), Date.UTC(2026, 10, 1, 6, 30)]) {
			const local = at + new Date(at).getTimezoneOffset() * 60_000; // that wall-clock time here
			expect(dateTime(locale, local)).toBe(intl(locale, local));
		}
	});
});

it('an unreadable time reads as a dash, instead of throwing in the middle of a page', () => {
	expect(dateTime('zh-CN', Number.NaN)).toBe('—');
	expect(dateTime('en', Number.POSITIVE_INFINITY)).toBe('—');
});
