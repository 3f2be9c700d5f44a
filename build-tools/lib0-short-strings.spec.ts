import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as stock from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FROM, SHORT_BYTES, shortStrings } from './lib0-short-strings';

const require = createRequire(import.meta.url);
const decodingFile = join(dirname(require.resolve('lib0/package.json')), 'decoding.js');
// Beside the real one, so that its own imports (./string.js, …) resolve as they do in the build.
const patchedFile = join(dirname(decodingFile), 'decoding.short-strings-test.js');
let patched: typeof stock;
beforeAll(async () => {
	writeFileSync(patchedFile, shortStrings(readFileSync(decodingFile, 'utf8')));
	patched = await import(pathToFileURL(patchedFile).href);
});
afterAll(() => rmSync(patchedFile, { force: true }));
afterEach(() => vi.restoreAllMocks());

/** The bytes `write` encodes. */
const bytes = (write: (e: encoding.Encoder) => void) => {
	const e = encoding.createEncoder();
	write(e);
	return encoding.toUint8Array(e);
};
/** A string's length then `raw`, as lib0 writes a string, whatever the bytes are. */
const rawString = (raw: number[], claimed = raw.length) => Uint8Array.from([...bytes((e) => encoding.writeVarUint(e, claimed)), ...raw]);
/** What reading one string gives with `lib`: the string and where the decoder ended, or what it threw. */
const read = (lib: typeof stock, buf: Uint8Array, how: 'readVarString' | 'readAny' = 'readVarString') => {
	const decoder = lib.createDecoder(buf);
	try {
		return { value: lib[how](decoder), pos: decoder.pos };
	} catch (error) {
		return { threw: String(error) };
	}
};

const STRINGS = [
	'',
	'id',
	'timeline',
	'V1StGXR8_Z5jdHi6B-myT',
	'小区东门路灯不亮，居民夜间出行不便',
	'é ü ß ¿ ߿',
	'\u0000\u007f\u0080\u07ff\u0800\uffff',
	'\ufeff以字节顺序标记开头',
	'😀 a 4-byte sequence',
	'a'.repeat(SHORT_BYTES),
	'a'.repeat(SHORT_BYTES + 1),
	'问'.repeat(Math.floor(SHORT_BYTES / 3)),
	'问'.repeat(Math.floor(SHORT_BYTES / 3) + 1)
];

describe('lib0 with short strings decoded in JavaScript (issue 11)', () => {
	it('finds _readVarStringNative in the installed lib0 exactly once, and the build would fail without it', () => {
		const source = readFileSync(decodingFile, 'utf8');
		expect(source.split(FROM).length).toBe(2);
		expect(shortStrings(source)).not.toContain(FROM);
		expect(() => shortStrings(source.replace(FROM, ''))).toThrow(/lib0 upgraded/);
	});

	it('decodes every string as TextDecoder does, and ends where it does', () => {
		for (const s of STRINGS) {
			const buf = bytes((e) => encoding.writeVarString(e, s));
			expect(read(patched, buf), JSON.stringify(s)).toEqual(read(stock, buf));
			expect(read(patched, buf).value).toBe(s);
		}
		const all = bytes((e) => STRINGS.forEach((s) => encoding.writeVarString(e, s)));
		const decoder = patched.createDecoder(all);
		expect(STRINGS.map(() => patched.readVarString(decoder))).toEqual(STRINGS);
		expect(decoder.pos).toBe(all.length);
	});

	it('gives each of many short strings back as it was, those it has seen before too', () => {
		// More strings than the table of those seen lately has slots, many sharing one: a slot's
		// string is given back only when it is the very one read.
		const keys = ['id', 'at', 'by', 'type', 'content', '张三', '李四', '2026-11-30'];
		const many = Array.from({ length: 20_000 }, (_, i) => (i % 3 ? keys[i % keys.length]! : `${i.toString(36)}问${(i * 7919).toString(36)}`));
		const buf = bytes((e) => many.forEach((s) => encoding.writeVarString(e, s)));
		const decoder = patched.createDecoder(buf);
		expect(many.map(() => patched.readVarString(decoder))).toEqual(many);
	});

	it('throws for malformed bytes, and for a length past the end, as before', () => {
		const malformed = [
			[0x80], // a continuation byte alone
			[0xff],
			[0xc0, 0x80], // overlong
			[0xe0, 0x80, 0x80], // overlong
			[0xed, 0xa0, 0x80], // a surrogate
			[0xc3], // cut short
			[0xe4, 0xb8],
			[0xe4, 0x41, 0x41],
			[0xf0, 0x9f, 0x98], // a 4-byte sequence cut short
			[0xf8, 0x88, 0x80, 0x80, 0x80]
		];
		for (const raw of malformed) {
			const buf = rawString(raw);
			expect(read(stock, buf).threw, raw.join(' ')).toMatch(/TypeError/);
			expect(read(patched, buf), raw.join(' ')).toEqual(read(stock, buf));
		}
		const past = rawString([0x61, 0x62, 0x63], 10);
		expect(read(stock, past).threw).toBeTruthy();
		expect(read(patched, past)).toEqual(read(stock, past));
	});

	it('decodes a board’s values (objects, arrays, keys) as before', () => {
		const value = { id: 'e1', at: 1764921600000, by: '张三', type: 'note', text: '已联系物业，下周一前修好', tags: ['环境卫生', '', { ok: true, n: null }] };
		const buf = bytes((e) => encoding.writeAny(e, value));
		expect(read(patched, buf, 'readAny')).toEqual(read(stock, buf, 'readAny'));
		expect(read(patched, buf, 'readAny').value).toEqual(value);
	});

	it('makes no call into TextDecoder for a short string', () => {
		const short = ['', 'id', 'timeline', 'V1StGXR8_Z5jdHi6B-myT', '张三', 'é ü ß ¿ ߿', '\ufeff环境卫生', '问'.repeat(Math.floor(SHORT_BYTES / 3))];
		const decode = vi.spyOn(TextDecoder.prototype, 'decode');
		const decoder = patched.createDecoder(bytes((e) => short.forEach((s) => encoding.writeVarString(e, s))));
		expect(short.map(() => patched.readVarString(decoder))).toEqual(short);
		expect(decode).not.toHaveBeenCalled();
		// A 4-byte sequence or a longer string still goes to it.
		for (const s of ['😀', 'a'.repeat(SHORT_BYTES + 1), '小区东门路灯不亮，居民夜间出行不便']) patched.readVarString(patched.createDecoder(bytes((e) => encoding.writeVarString(e, s))));
		expect(decode).toHaveBeenCalledTimes(3);
	});
});
