import { describe, expect, it } from 'vitest';
import { catalogue } from './catalogue';
import { en } from './en';
import { zh } from './zh';

describe('catalogue', () => {
	it('holds every part’s keys, a later part winning a key two share (as a spread did)', () => {
		const merged = catalogue({ a: '1', b: '2' }, { b: '3' }, { c: '4' });
		expect(merged).toEqual({ a: '1', b: '3', c: '4' });
	});

	it('gives English every key Chinese has, and no other', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
		expect(Object.keys(zh).length).toBeGreaterThan(800);
	});
});
