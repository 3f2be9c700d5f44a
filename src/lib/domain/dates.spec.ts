import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isIsoDate, monthOf, toIsoDate } from './dates';

describe('isIsoDate: a calendar day as YYYY-MM-DD', () => {
	it('accepts real days', () => {
		for (const d of ['2025-03-10', '2025-01-01', '2025-12-31', '2024-02-29', '2000-02-29']) expect(isIsoDate(d)).toBe(true);
	});

	it('refuses days that do not exist', () => {
		for (const d of ['2025-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-03-00', '2025-03-32']) {
			expect(isIsoDate(d)).toBe(false);
		}
	});

	it('refuses other shapes', () => {
		for (const d of ['2025-3-10', '25-03-10', '2025/03/10', '2025-03-10T00:00', ' 2025-03-10', '', '20250310']) {
			expect(isIsoDate(d)).toBe(false);
		}
	});

	it('refuses values that are not strings', () => {
		for (const d of [undefined, null, 20250310, new Date(), {}]) expect(isIsoDate(d)).toBe(false);
	});
});

describe('toIsoDate: the local calendar day of an instant', () => {
	it('formats a Date by its local day, padded', () => {
		expect(toIsoDate(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
		expect(toIsoDate(new Date(2025, 11, 31, 0, 0))).toBe('2025-12-31');
	});

	it('formats epoch milliseconds the same way', () => {
		const d = new Date(2025, 2, 10, 14, 30);
		expect(toIsoDate(d.getTime())).toBe('2025-03-10');
	});

	it('always yields a valid ISO date', () => {
		expect(isIsoDate(toIsoDate(Date.now()))).toBe(true);
	});
});

describe('monthOf', () => {
	it('is the YYYY-MM part of a date', () => {
		expect(monthOf('2025-03-10')).toBe('2025-03');
		expect(monthOf('1999-12-31')).toBe('1999-12');
	});
});

describe('addDays', () => {
	it('adds and subtracts days', () => {
		expect(addDays('2025-03-10', 10)).toBe('2025-03-20');
		expect(addDays('2025-03-10', -2)).toBe('2025-03-08');
		expect(addDays('2025-03-10', 0)).toBe('2025-03-10');
	});

	it('crosses months, years and leap days', () => {
		expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
		expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
		expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
	});

	it('gives the announcement day two days before the duty day', () => {
		expect(addDays('2025-03-10', -2)).toBe('2025-03-08');
	});
});

describe('daysBetween: whole days from a to b', () => {
	it('counts forward as positive and backward as negative', () => {
		expect(daysBetween('2025-03-10', '2025-03-25')).toBe(15);
		expect(daysBetween('2025-03-25', '2025-03-10')).toBe(-15);
		expect(daysBetween('2025-03-10', '2025-03-10')).toBe(0);
	});

	it('counts a leap year and a year boundary right', () => {
		expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
		expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
		expect(daysBetween('2024-12-31', '2025-01-01')).toBe(1);
	});

	it('is the inverse of addDays', () => {
		for (const n of [-400, -31, -1, 0, 1, 28, 59, 365, 1000]) expect(daysBetween('2025-03-10', addDays('2025-03-10', n))).toBe(n);
	});

	it('is not thrown off by daylight-saving changes', () => {
		// Dates are computed in UTC, so a 23- or 25-hour local day still counts as one.
		expect(daysBetween('2025-03-29', '2025-03-31')).toBe(2);
		expect(daysBetween('2025-10-25', '2025-10-27')).toBe(2);
	});
});
