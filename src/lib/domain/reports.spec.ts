import { expect, it } from 'vitest';
import { isReference, newReference, validateReport } from './reports';

it('accepts a report with only the problem, and trims it', () => {
	expect(validateReport({ content: '  路灯不亮 ' })).toEqual({ ok: true, value: { content: '路灯不亮', place: '', name: '', phone: '' } });
});

it('names every bad field', () => {
	const r = validateReport({ content: ' ', phone: 'call me', name: 'x'.repeat(61) });
	expect(r.ok).toBe(false);
	if (!r.ok) expect(r.errors).toEqual([{ field: 'content', code: 'required' }, expect.objectContaining({ field: 'name', code: 'too-long' }), { field: 'phone', code: 'invalid' }]);
});

it('makes six-character references without look-alike characters', () => {
	for (let i = 0; i < 200; i++) expect(newReference()).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
	expect(newReference(() => new Uint8Array([0, 1, 2, 3, 30, 31]))).toBe('2345Z2');
});

it('tells a reference from anything else (the confirmation page echoes only a reference)', () => {
	for (let i = 0; i < 50; i++) expect(isReference(newReference())).toBe(true);
	for (const text of ['', 'ABCDE', 'ABCDEFG', 'abcdef', 'ABCDE0', 'ABCDEI', 'ABC<EF', 'ABCDE\u0000']) expect(isReference(text), text).toBe(false);
});

it('refuses control characters in any field, NUL included, but keeps line breaks in the problem', () => {
	const r = validateReport({ content: '路灯\u0000不亮', place: '3号楼\u001b', name: '刘\u0085' });
	expect(r.ok).toBe(false);
	if (!r.ok) expect(r.errors).toEqual([{ field: 'content', code: 'control-characters' }, { field: 'place', code: 'control-characters' }, { field: 'name', code: 'control-characters' }]);
	expect(validateReport({ content: '路灯不亮\n已经三天' }).ok).toBe(true);
});

it("refuses tabs and line breaks in the resident's name and phone, one-line text as everywhere else", () => {
	const r = validateReport({ content: '路灯不亮', name: '多\n行', phone: '138\t00000000' });
	expect(r.ok).toBe(false);
	if (!r.ok) expect(r.errors).toEqual([{ field: 'name', code: 'control-characters' }, { field: 'phone', code: 'control-characters' }]);
	expect(validateReport({ content: '路灯不亮', name: '刘 阿姨' }).ok).toBe(true);
});

it('takes the same phone numbers as the directory', () => {
	expect(validateReport({ content: 'x', phone: '138 0000-0000' }).ok).toBe(true);
	expect(validateReport({ content: 'x', phone: '+86 138 0000 0000' }).ok).toBe(true);
	const r = validateReport({ content: 'x', phone: '123' });
	expect(!r.ok && r.errors).toEqual([{ field: 'phone', code: 'invalid' }]);
});
