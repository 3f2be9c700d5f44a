import { expect, it } from 'vitest';
import { newReference, validateReport } from './reports';

it('accepts a report with only the problem, and trims it', () => {
	expect(validateReport({ content: '  路灯不亮 ' })).toEqual({ ok: true, value: { content: '路灯不亮', place: '', name: '', phone: '' } });
});

it('names every bad field', () => {
	const r = validateReport({ content: ' ', phone: 'call me', name: 'x'.repeat(61) });
	expect(r.ok).toBe(false);
	if (!r.ok) expect(r.errors).toEqual([{ field: 'content', code: 'required' }, { field: 'name', code: 'too-long' }, { field: 'phone', code: 'invalid' }]);
});

it('makes six-character references without look-alike characters', () => {
	for (let i = 0; i < 200; i++) expect(newReference()).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
	expect(newReference(() => new Uint8Array([0, 1, 2, 3, 30, 31]))).toBe('2345Z2');
});
