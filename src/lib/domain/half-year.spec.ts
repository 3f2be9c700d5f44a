import { describe, expect, it } from 'vitest';
import { halfYear, halfYearMonths, halfYearOf, halfYearPeriod, isHalfYear, parseHalfYear, previousHalfYear } from './half-year';

describe('half-years: H1 is January to June, H2 July to December', () => {
	it('puts June in H1 and July in H2', () => {
		expect(halfYearOf('2025-06-30')).toBe('2025-H1');
		expect(halfYearOf('2025-07-01')).toBe('2025-H2');
		expect(halfYearOf('2025-01')).toBe('2025-H1');
	});

	it('lists the six months of each half', () => {
		expect(halfYearMonths('2025-H1')).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
		expect(halfYearMonths('2025-H2')).toEqual(['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12']);
	});

	it('gives the first and last day as an inclusive period', () => {
		expect(halfYearPeriod('2025-H1')).toEqual({ from: '2025-01-01', to: '2025-06-30' });
		expect(halfYearPeriod('2025-H2')).toEqual({ from: '2025-07-01', to: '2025-12-31' });
	});

	it('steps back across the new year', () => {
		expect(previousHalfYear('2025-H1')).toBe('2024-H2');
		expect(previousHalfYear('2025-H2')).toBe('2025-H1');
	});

	it('recognises only YYYY-H1 and YYYY-H2', () => {
		expect(isHalfYear('2025-H1')).toBe(true);
		expect(isHalfYear(halfYear(2025, 2))).toBe(true);
		for (const bad of ['2025-H3', '2025-h1', '25-H1', '2025H1', '', 2025]) expect(isHalfYear(bad)).toBe(false);
		expect(parseHalfYear('2026-H2')).toEqual({ year: 2026, half: 2 });
	});
});
