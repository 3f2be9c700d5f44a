import { describe, expect, it } from 'vitest';
import { isRoundOpen, validateRound } from './rating-round';

describe('a rating round', () => {
	it('opens for a half-year with a closing day from today to a year ahead', () => {
		expect(validateRound({ halfYear: '2026-H2', closesOn: '2026-12-20' }, '2026-12-01')).toEqual({ ok: true, value: { halfYear: '2026-H2', closesOn: '2026-12-20' } });
		expect(validateRound({ halfYear: '2026-H2', closesOn: '2026-12-01' }, '2026-12-01').ok).toBe(true);
		expect(validateRound({ halfYear: '2026-H2', closesOn: '2027-12-01' }, '2026-12-01').ok).toBe(true);
		expect(validateRound({ halfYear: '2026-H2', closesOn: '2027-12-02' }, '2026-12-01')).toEqual({ ok: false, errors: [{ field: 'closesOn', code: 'beyond-a-year' }] });
		// Outside the years every date is taken in, as everywhere else.
		expect(validateRound({ halfYear: '2099-H2', closesOn: '2100-01-01' }, '2099-12-01')).toEqual({ ok: false, errors: [{ field: 'closesOn', code: 'out-of-range' }] });
	});

	it('names each bad field', () => {
		expect(validateRound({}, '2026-12-01')).toEqual({ ok: false, errors: [{ field: 'halfYear', code: 'required' }, { field: 'closesOn', code: 'required' }] });
		expect(validateRound({ halfYear: '2026-H3', closesOn: '2026-02-30' }, '2026-01-01')).toEqual({
			ok: false,
			errors: [{ field: 'halfYear', code: 'invalid' }, { field: 'closesOn', code: 'invalid' }]
		});
		expect(validateRound({ halfYear: '2026-H2', closesOn: '2026-11-30' }, '2026-12-01')).toEqual({ ok: false, errors: [{ field: 'closesOn', code: 'in-past' }] });
	});

	it('takes submissions through its closing day, and never after the office closed it', () => {
		expect(isRoundOpen({ closesOn: '2026-12-20', closedAt: null }, '2026-12-20')).toBe(true);
		expect(isRoundOpen({ closesOn: '2026-12-20', closedAt: null }, '2026-12-21')).toBe(false);
		expect(isRoundOpen({ closesOn: '2026-12-20', closedAt: 1 }, '2026-12-01')).toBe(false);
	});
});
