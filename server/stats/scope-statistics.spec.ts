// The months a statistics period touches: counted, so no period makes it loop (issue 7: a period
// in the year 9999 used to loop forever and take the server down).
import { describe, expect, it } from 'vitest';
import { monthsOf } from './scope-statistics';

describe('monthsOf', () => {
	it('lists the months a period touches, across a year end', () => {
		expect(monthsOf({ from: '2025-11-15', to: '2026-02-01' })).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		expect(monthsOf({ from: '2026-03-01', to: '2026-03-31' })).toEqual(['2026-03']);
	});

	it('ends for the last month there is, and for a period the wrong way round', () => {
		expect(monthsOf({ from: '9999-12-01', to: '9999-12-31' })).toEqual(['9999-12']);
		expect(monthsOf({ from: '2026-05-01', to: '2026-04-01' })).toEqual([]);
	});

	it('throws for a period longer than the API allows instead of building it', () => {
		expect(() => monthsOf({ from: '0000-01-01', to: '9999-12-31' })).toThrow(RangeError);
	});
});
