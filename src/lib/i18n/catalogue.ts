// The feature catalogues (./zh/, ./en/) as one catalogue per language.

type Merged<T extends readonly object[]> = T extends readonly [infer Head, ...infer Rest extends readonly object[]] ? Head & Merged<Rest> : unknown;

/**
 * One object holding every part's keys, typed as all of them. Object.assign, not a spread: a
 * literal spreading some 900 keys cost 22–33 ms at every start at CPU ×4 (each key a new hidden
 * class), Object.assign under 1 ms (issue 11).
 */
export function catalogue<T extends readonly object[]>(...parts: T): Merged<T> {
	return Object.assign({}, ...parts) as Merged<T>;
}
