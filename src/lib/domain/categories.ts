// The default problem categories, from the kinds of problems the seed report names. A station
// edits its own list; these keys are translated, anything a station adds is shown as typed.
export const DEFAULT_CATEGORIES = [
	'old-estate',
	'property',
	'transport',
	'public-security',
	'infrastructure',
	'fire-safety',
	'water-supply',
	'environment',
	'social-assistance',
	'employment',
	'legal',
	'other'
] as const;

export type DefaultCategory = (typeof DEFAULT_CATEGORIES)[number];

export const isDefaultCategory = (key: string): key is DefaultCategory =>
	(DEFAULT_CATEGORIES as readonly string[]).includes(key);

/**
 * Adds a category to a list, refusing blanks and duplicates; returns the new list or null. A default
 * category is stored by its key but shown translated (`shown`): its shown name, typed in, is a
 * duplicate too, in any case, or the ledger and statistics would carry two 物业管理.
 */
export function withCategory(list: readonly string[], label: string, shown: (category: string) => string = (c) => c): string[] | null {
	const name = label.trim();
	const same = (c: string) => [c, shown(c)].some((n) => n.trim().toLowerCase() === name.toLowerCase());
	if (!name || name.length > 40 || list.some(same)) return null;
	return [...list, name];
}

/**
 * The categories quick entry offers as chips: the station's own, most used first (ties in list
 * order). "other" is never a chip: choosing it must be a decision, not the easy tap.
 */
export function frequentCategories(entries: Iterable<{ category: string }>, list: readonly string[], n: number): string[] {
	const uses = new Map<string, number>();
	for (const e of entries) uses.set(e.category, (uses.get(e.category) ?? 0) + 1);
	const candidates = [...new Set(list)].filter((c) => c !== 'other');
	return candidates
		.map((c, i) => ({ c, i, n: uses.get(c) ?? 0 }))
		.sort((a, b) => b.n - a.n || a.i - b.i)
		.slice(0, n)
		.map((x) => x.c);
}
