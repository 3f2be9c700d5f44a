// The shared input rules (issue 7): the API, the public forms and the admin CLI refuse the same things.
import { describe, expect, it } from 'vitest';
import { dayProblem, halfYearProblem, hasControlCharacters, monthProblem, periodErrors, phoneProblem, textProblem, yearInAddress } from './input';

describe('text', () => {
	it('refuses control characters, NUL included, and lone surrogates', () => {
		for (const bad of ['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u009b', '\ud800', '\udfff']) {
			expect(textProblem(`甲${bad}乙`, { max: 60 })).toBe('control-characters');
		}
		expect(textProblem('甲😀乙', { max: 60 })).toBeNull();
	});

	it('keeps tabs and line breaks in multi-line text only', () => {
		expect(textProblem('一\n二\t三\r\n', { max: 60, multiline: true })).toBeNull();
		expect(textProblem('一\n二', { max: 60 })).toBe('control-characters');
		expect(hasControlCharacters('a\tb', true)).toBe(false);
		expect(hasControlCharacters('a\u0000b', true)).toBe(true);
	});

	it('refuses a control character at either end too, where trimming would hide it', () => {
		// A document's text is kept as typed (untrimmed): a form feed at its start must not slip through.
		expect(textProblem('\fNormal text', { max: 60, multiline: true })).toBe('control-characters');
		expect(textProblem('text\u000b', { max: 60 })).toBe('control-characters');
	});

	it('names blank, too long and not-a-string', () => {
		expect(textProblem('   ', { max: 5, required: true })).toBe('required');
		expect(textProblem(undefined, { max: 5, required: true })).toBe('required');
		expect(textProblem('   ', { max: 5 })).toBeNull();
		expect(textProblem(' 12345 ', { max: 5 })).toBeNull();
		expect(textProblem('123456', { max: 5 })).toBe('too-long');
		expect(textProblem(42, { max: 5 })).toBe('invalid');
	});

	it('takes text of invisible characters only (zero-width spaces, joiners, fillers) as blank', () => {
		// A street named "\u200b\u200b" shows as nothing on every screen.
		for (const invisible of ['\u200b\u200b', ' \u200c\u200d ', '\u2060', '\u3164', '\u00ad', '\u200b \u3000\u200b']) {
			expect(textProblem(invisible, { max: 20, required: true }), JSON.stringify(invisible)).toBe('required');
		}
		expect(textProblem('\u200b王\u200b', { max: 20, required: true })).toBeNull();
		expect(textProblem('👨\u200d👩\u200d👧', { max: 20, required: true })).toBeNull();
		expect(textProblem('\u200b'.repeat(21), { max: 20 })).toBe('too-long');
	});
});

describe('phone numbers', () => {
	it('allow spaces, dashes and a leading +, 5 to 20 digits', () => {
		expect(phoneProblem('138 0000-0000')).toBeNull();
		expect(phoneProblem('+8613800000000')).toBeNull();
		expect(phoneProblem('call me')).toBe('invalid');
		expect(phoneProblem('1234')).toBe('invalid');
		expect(phoneProblem('')).toBe('required');
		expect(phoneProblem('', false)).toBeNull();
		expect(phoneProblem('1'.repeat(31))).toBe('too-long');
	});
});

describe('dates and periods', () => {
	it('takes calendar days of the years 2000–2099 only', () => {
		expect(dayProblem('2024-02-29')).toBeNull();
		expect(dayProblem('2025-02-29')).toBe('invalid');
		expect(dayProblem('9999-12-31')).toBe('out-of-range');
		expect(dayProblem('0000-01-01')).toBe('out-of-range');
		expect(dayProblem('1999-12-31')).toBe('out-of-range');
		expect(dayProblem('20266-01-01')).toBe('invalid');
		expect(dayProblem('')).toBe('required');
		expect(monthProblem('2099-12')).toBeNull();
		expect(monthProblem('2100-01')).toBe('out-of-range');
		expect(halfYearProblem('0000-H1')).toBe('out-of-range');
		expect(halfYearProblem('2026-H3')).toBe('invalid');
	});

	it('holds a period to 60 months touched, the right way round', () => {
		expect(periodErrors('2020-01-01', '2024-12-31')).toEqual({});
		expect(periodErrors('2020-01-31', '2025-01-01')).toEqual({ to: 'period-too-long' });
		expect(periodErrors('2026-03-02', '2026-03-01')).toEqual({ to: 'before-from' });
		expect(periodErrors('9999-12-01', '9999-12-31')).toEqual({ from: 'out-of-range', to: 'out-of-range' });
		expect(periodErrors('2000-01-01', '2099-12-31', Infinity)).toEqual({});
	});
});

describe('a year in an address', () => {
	it('is the year when the address holds one of four digits in range, else null (never NaN)', () => {
		expect(yearInAddress('2026')).toBe(2026);
		for (const bad of ['abc', '', ' 2026', '2026.0', '1e3', '0x7e9', '1999', '2100', '02026', '20266', '-2026', undefined]) {
			expect(yearInAddress(bad)).toBeNull();
		}
	});
});
