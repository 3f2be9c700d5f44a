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

it('masks numbers typed in full-width digits (a Chinese input method’s), or set apart by dots', () => {
	// The resident's own phone, known to the station, typed in full width: masked as a number.
	expect(redact('电话１３９８７６５４３２１', ['13987654321'])).toBe('电话***');
	expect(redact('电话１３９８７６５４３２１', [])).toBe('电话***');
	expect(redact('身份证号１１０１０１１９９００１０１１２３４', [])).toBe('身份证号***');
	expect(redact('身份证１１０１０５１９４９１２３１００２Ｘ。', [])).toBe('身份证***。');
	expect(redact('另号139.8765.4321，或１３９－８７６５－４３２１', [])).toBe('另号***，或***');
	expect(redact('手机 139　8765　4321', [])).toBe('手机 ***');
	// A known name typed with a full-width letter in it, and the text around kept as it was typed.
	expect(redact('王Ａ英（Ｂ座）反映：电话１３８１２３４５６７８。', ['王A英'])).toBe('某某（Ｂ座）反映：电话***。');
	// Short runs stay: a house number, a room, a count.
	expect(redact('３号楼２０２室，共５户', [])).toBe('３号楼２０２室，共５户');
});
