import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES, frequentCategories, isDefaultCategory, withCategory } from './categories';

describe('the default problem categories', () => {
	it('include the kinds of problems the seed report names, and other', () => {
		for (const key of ['old-estate', 'property', 'transport', 'public-security', 'infrastructure', 'other']) {
			expect(DEFAULT_CATEGORIES).toContain(key);
		}
	});

	it('have no duplicates', () => {
		expect(new Set(DEFAULT_CATEGORIES).size).toBe(DEFAULT_CATEGORIES.length);
	});

	it('end with other', () => {
		expect(DEFAULT_CATEGORIES.at(-1)).toBe('other');
	});
});

describe('isDefaultCategory: translated keys versus station-typed names', () => {
	it('recognises a default key', () => {
		for (const key of DEFAULT_CATEGORIES) expect(isDefaultCategory(key)).toBe(true);
	});

	it('does not recognise a category a station typed', () => {
		expect(isDefaultCategory('停车')).toBe(false);
		expect(isDefaultCategory('Property')).toBe(false);
		expect(isDefaultCategory('')).toBe(false);
	});
});

describe('withCategory: a station adds its own category', () => {
	it('appends a new, trimmed name and leaves the given list alone', () => {
		const list = ['property', 'other'];
		expect(withCategory(list, '  停车难 ')).toEqual(['property', 'other', '停车难']);
		expect(list).toEqual(['property', 'other']);
	});

	it('refuses a blank name', () => {
		expect(withCategory(['other'], '')).toBeNull();
		expect(withCategory(['other'], '   ')).toBeNull();
	});

	it('refuses a duplicate, even with surrounding spaces', () => {
		expect(withCategory(['property', '停车难'], '停车难')).toBeNull();
		expect(withCategory(['property', '停车难'], ' 停车难  ')).toBeNull();
	});

	it('refuses the name a category is shown as: typing 物业管理 does not add a second 物业管理', () => {
		const zh = (c: string) => ({ property: '物业管理', other: '其他' })[c] ?? c;
		expect(withCategory(['property', 'other'], '物业管理', zh)).toBeNull();
		expect(withCategory(['property', 'other'], ' 其他 ', zh)).toBeNull();
		expect(withCategory(['property'], 'property management', () => 'Property management')).toBeNull();
		expect(withCategory(['property', 'other'], '停车难', zh)).toEqual(['property', 'other', '停车难']);
	});

	it('refuses a name over 40 characters, and accepts 40', () => {
		expect(withCategory([], 'x'.repeat(41))).toBeNull();
		expect(withCategory([], 'x'.repeat(40))).toEqual(['x'.repeat(40)]);
	});
});

describe('frequentCategories: the quick entry offers what this station records most', () => {
	const list = ['old-estate', 'property', 'transport', 'infrastructure', 'environment', 'legal', 'other'];
	const used = (...cats: string[]) => cats.map((category) => ({ category }));

	it('orders the station’s categories by how often its entries use them, then by the list', () => {
		expect(frequentCategories(used('environment', 'legal', 'environment', 'transport'), list, 4)).toEqual(['environment', 'transport', 'legal', 'old-estate']);
	});

	it('follows the list on a new station, and never offers other among the chips', () => {
		expect(frequentCategories([], list, 3)).toEqual(['old-estate', 'property', 'transport']);
		expect(frequentCategories(used('other', 'other'), list, 2)).toEqual(['old-estate', 'property']);
	});

	it('leaves out categories no longer on the station’s list', () => {
		expect(frequentCategories(used('gone', 'gone', 'legal'), list, 2)).toEqual(['legal', 'old-estate']);
	});
});
