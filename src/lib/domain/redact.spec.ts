import { expect, it } from 'vitest';
import { redact } from './redact';

it('masks the names and numbers the ledger knows, and anything like a phone number', () => {
	expect(redact('王秀英反映：电话 138-1234-5678', ['王秀英', ''])).toBe('某某反映：电话 ***');
	expect(redact('3号楼202室漏水', [])).toBe('3号楼202室漏水');
	expect(redact('身份证号 370102199001011234', [])).toBe('身份证号 ***');
	expect(redact('身份证11010519491231002X，电话13812345678', [])).toBe('身份证***，电话***');
	expect(redact('李', ['李'])).toBe('李'); // a single character is too common to mask
});

it('masks a longer name whole, not by a shorter one inside it', () => {
	expect(redact('王秀英和王秀反映', ['王秀', '王秀英'])).toBe('某某和某某反映');
	expect(redact('联系 0531 8888', ['0531 8888'])).toBe('联系 ***');
});

it('masks with thousands of known names, each where it is', () => {
	const names = Array.from({ length: 20_000 }, (_, i) => `住户${i}号`);
	expect(redact('住户19999号和住户7号都反映了，住户不详', names)).toBe('某某和某某都反映了，住户不详');
});
