// Small checks for plain values in a document (docs/data-model.md). Each returns a
// refusal reason, or null when the value fits. The limits are those of the app's own forms
// (src/lib/domain), so nothing the app writes is ever refused.
import * as Y from 'yjs';

export type Check = (value: unknown) => string | null;

/** Every string a client writes is bounded; the longest the app allows is a 2,000-character text (but an idea's detail: shapes.ts). */
export const TEXT = 2000;
export const SHORT = 200;
export const NAME = 60;

export const text = (max: number): Check => (v) =>
	typeof v !== 'string' ? 'not a string' : v.length > max ? `text longer than ${max}` : null;
export const num: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'not a number');
/** A whole number from 0 to `max` (a count people typed: cards, person-times). */
export const count = (max: number): Check => (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max ? null : `not a whole number from 0 to ${max}`);
export const bool: Check = (v) => (typeof v === 'boolean' ? null : 'not a boolean');
export const day: Check = (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'not a YYYY-MM-DD day');
export const dayOrEmpty: Check = (v) => (v === '' ? null : day(v));
export const oneOf = (...values: readonly unknown[]): Check => (v) => (values.includes(v) ? null : `not one of ${values.join(', ')}`);
export const optional = (check: Check): Check => (v) => (v === undefined ? null : check(v));
export const list = (item: Check, max: number): Check => (v) => {
	if (!Array.isArray(v)) return 'not a list';
	if (v.length > max) return `more than ${max} items`;
	for (const x of v) {
		const bad = item(x);
		if (bad) return bad;
	}
	return null;
};

export type Fields = Record<string, Check>;

/**
 * Only an object literal's own fields count: lib0 reads a "__proto__" key into an object's
 * prototype, whose fields a check would read while re-encoding the object dropped them.
 */
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && !(v instanceof Y.AbstractType);

/** A plain object with exactly the documented fields (those not `optional` are required). */
export const record = (fields: Fields): Check => (v) => {
	if (!isPlainObject(v)) return 'not a record';
	for (const key of Object.keys(v)) if (!Object.hasOwn(fields, key)) return `unknown field ${key}`;
	for (const [key, check] of Object.entries(fields)) {
		const bad = check(v[key]);
		if (bad) return `${key}: ${bad}`;
	}
	return null;
};

/** One field of a Y.Map record; unknown keys are refused. */
export function field(fields: Fields, key: string, value: unknown): string | null {
	const check = Object.hasOwn(fields, key) ? fields[key] : undefined;
	if (!check) return `unknown field ${key}`;
	const bad = check(value);
	return bad ? `${key}: ${bad}` : null;
}
