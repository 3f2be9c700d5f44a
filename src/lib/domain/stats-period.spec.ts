import { describe, expect, it } from 'vitest';
import { periodErrors, presetPeriod } from './stats-period';

describe('statistics periods', () => {
	it('gives this month, last month and this half-year as of a day', () => {
		expect(presetPeriod('thisMonth', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
		expect(presetPeriod('lastMonth', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
		expect(presetPeriod('thisHalf', '2026-07-01')).toEqual({ from: '2026-07-01', to: '2026-12-31' });
		expect(presetPeriod('thisHalf', '2026-06-30')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
		expect(presetPeriod('custom', '2026-06-30')).toBeNull();
	});

	it('names the field of a custom period that is missing, malformed or the wrong way round', () => {
		expect(periodErrors('', '2026-01-01')).toEqual({ from: 'required' });
		expect(periodErrors('2026-13-01', '')).toEqual({ from: 'invalid', to: 'required' });
		expect(periodErrors('2026-03-02', '2026-03-01')).toEqual({ to: 'before-from' });
		expect(periodErrors('2026-03-01', '2026-03-01')).toEqual({});
	});
});
