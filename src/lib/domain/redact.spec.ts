import { expect, it } from 'vitest';
import { redact } from './redact';

it('masks the names and numbers the ledger knows, and anything like a phone number', () => {
	expect(redact('王秀英反映：电话 138-1234-5678', ['王秀英', ''])).toBe('某某反映：电话 ***');
	expect(redact('3号楼202室漏水', [])).toBe('3号楼202室漏水');
	expect(redact('身份证号 370102199001011234', [])).toBe('身份证号 ***');
	expect(redact('身份证11010519491231002X，电话13812345678', [])).toBe('身份证***，电话***');
	expect(redact('李', ['李'])).toBe('李'); // a single character is too common to mask
});
