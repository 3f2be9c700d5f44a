// Filtering, searching and sorting the ledger list: plain functions so they are tested without a
// browser and cost one pass over the entries.
import { isOverdue, type EntryState, type EntryStatus, type Tier } from './ledger';
import { matching } from './ledger-search';

export { warmSearch } from './ledger-search';

export const SORTS = ['received', 'updated', 'deadline', 'tier'] as const;
export type LedgerSort = (typeof SORTS)[number];

export interface LedgerQuery {
	tier: Tier | null;
	status: EntryStatus | null;
	category: string | null;
	overdueOnly: boolean;
	text: string;
	sort: LedgerSort;
}

export const emptyQuery = (): LedgerQuery => ({
	tier: null,
	status: null,
	category: null,
	overdueOnly: false,
	text: '',
	sort: 'received'
});

/** What the list needs of an entry: a derived entry, or its row in the device's projection (src/lib/device/board-projection.ts). */
export type LedgerRow = Pick<
	EntryState,
	'id' | 'content' | 'place' | 'responsible' | 'category' | 'receivedOn' | 'createdAt' | 'updatedAt' | 'tier' | 'deadline' | 'status' | 'reopenCount'
>;

/**
 * What the page holds of each entry once its board has loaded (the documents' worker tells it,
 * issue 11): the list's row and the visit it was raised on. An entry's whole state (its timeline,
 * referral, decision…) only while a view shows it.
 */
export type EntryRow = LedgerRow & Pick<EntryState, 'visitId'>;

export const toEntryRow = (e: EntryState): EntryRow => ({ ...toLedgerRow(e), visitId: e.visitId });

/** An entry's list row: the fields above and nothing else (no timeline, no resident). */
export function toLedgerRow(e: LedgerRow): LedgerRow {
	const { id, content, place, responsible, category, receivedOn, createdAt, updatedAt, tier, deadline, status, reopenCount } = e;
	return { id, content, place, responsible, category, receivedOn, createdAt, updatedAt, tier, deadline, status, reopenCount };
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

// Every order ends with the id: a total order, so an edited entry put back in its place
// (resortLedger) gives the very list a whole sort would.
const sorters: Record<LedgerSort, (a: LedgerRow, b: LedgerRow) => number> = {
	received: (a, b) => cmp(b.receivedOn, a.receivedOn) || b.createdAt - a.createdAt || cmp(a.id, b.id),
	updated: (a, b) => b.updatedAt - a.updatedAt || cmp(a.id, b.id),
	// Open entries with the nearest deadline first; those without a deadline after them.
	deadline: (a, b) =>
		cmp(a.status === 'open' ? 0 : 1, b.status === 'open' ? 0 : 1) ||
		cmp(a.deadline || '9999', b.deadline || '9999') ||
		b.createdAt - a.createdAt ||
		cmp(a.id, b.id),
	tier: (a, b) => b.tier - a.tier || b.createdAt - a.createdAt || cmp(a.id, b.id)
};

const newestFirst = (a: LedgerRow, b: LedgerRow) => b.createdAt - a.createdAt || cmp(a.id, b.id);

/**
 * Every order but 'updated' is a group with few values (a day, a tier, a deadline), then newest
 * first: the entries are grouped in one pass, the groups' values sorted, and each group by itself.
 * Far fewer comparisons than one sort of the whole list (50,000 entries over ten years: 3,650 days
 * of about 14 each), which took a quarter of a second at CPU ×4; the same order as `sorters`
 * (both end with the id, so no two entries tie).
 */
const groups: Partial<Record<LedgerSort, { of: (e: LedgerRow) => string | number; order: (a: never, b: never) => number }>> = {
	received: { of: (e) => e.receivedOn, order: (a: string, b: string) => cmp(b, a) },
	deadline: { of: (e) => `${e.status === 'open' ? 0 : 1}${e.deadline || '9999'}`, order: (a: string, b: string) => cmp(a, b) },
	tier: { of: (e) => e.tier, order: (a: number, b: number) => b - a }
};

/** A list's sorted copy, per list and order: the next sort of the same list in that order is the one made. */
const sortedLists = new WeakMap<readonly LedgerRow[], { sort: LedgerSort; out: readonly LedgerRow[] }>();

function sorting<T extends LedgerRow>(entries: readonly T[], sort: LedgerSort): T[] {
	const group = groups[sort];
	if (!group) return [...entries].sort(sorters[sort]);
	const byValue = new Map<string | number, T[]>();
	for (const e of entries) {
		const value = group.of(e);
		const members = byValue.get(value);
		if (members) members.push(e);
		else byValue.set(value, [e]);
	}
	const out: T[] = [];
	for (const value of [...byValue.keys()].sort(group.order as (a: string | number, b: string | number) => number)) {
		const members = byValue.get(value)!;
		if (members.length > 1) members.sort(newestFirst);
		for (const e of members) out.push(e);
	}
	return out;
}

/**
 * Sorting is the costly half: views sort when entries or the order change, not per keystroke. A
 * list sorted in this order before is not sorted again. The result is shared: never change it.
 */
export function sortLedger<T extends LedgerRow>(entries: readonly T[], sort: LedgerSort): T[] {
	const kept = sortedLists.get(entries);
	if (kept?.sort === sort) return kept.out as T[];
	const out = sorting(entries, sort);
	sortedLists.set(entries, { sort, out });
	return out;
}

/**
 * `sorted` (sortLedger's list in `sort` order) after the entries `changed` were edited, added or
 * removed — each id with its row as it is in `sorted` (undefined: not in it) — `get` reading each
 * as it is now (undefined: gone): the list sortLedger would make of the entries now, each old row
 * found and each new one placed by a binary search. A peer's edit streaming into an open ledger of
 * 50,000 entries sorted it all each time, a tenth of a second at CPU ×4 (issue 11); going through
 * the list once to drop the changed rows was still 5 ms at 5,000 entries, for every edit.
 */
export function resortLedger<T extends LedgerRow>(sorted: readonly T[], sort: LedgerSort, changed: ReadonlyMap<string, T | undefined>, get: (id: string) => T | undefined): T[] {
	const by = sorters[sort];
	const out = sorted.slice();
	/** Where `e` goes in `out` (the first position whose row sorts after it or is it: ids make the order total). */
	const place = (e: T) => {
		let lo = 0;
		let hi = out.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (by(out[mid], e) < 0) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	};
	for (const was of changed.values()) {
		if (!was) continue;
		let at = place(was);
		if (out[at] !== was) at = out.indexOf(was); // not where the order puts it: looked for
		if (at >= 0) out.splice(at, 1);
	}
	for (const id of changed.keys()) {
		const e = get(id);
		if (e) out.splice(place(e), 0, e);
	}
	return out;
}

/** Keeps the order of `entries`. */
export function filterLedger<T extends LedgerRow>(entries: readonly T[], q: Omit<LedgerQuery, 'sort'>, today: string): T[] {
	// Read once: the view's query is a reactive proxy, and each read of one costs (50,000 entries).
	const { tier, status, category, overdueOnly } = q;
	const needle = q.text.trim().toLowerCase();
	const byFields = tier !== null || status !== null || category !== null || overdueOnly;
	const keeps = (e: T) =>
		(tier === null || e.tier === tier) &&
		(status === null || e.status === status) &&
		(category === null || e.category === category) &&
		(!overdueOnly || isOverdue(e, today));
	if (!needle) return byFields ? entries.filter(keeps) : entries.slice();
	// The text first, over the list's joined texts (./ledger-search.ts); an entry is read only once it matches.
	const marks = matching(entries, needle);
	const out: T[] = [];
	for (let i = 0; i < marks.length; i++) if (marks[i] && (!byFields || keeps(entries[i]))) out.push(entries[i]);
	return out;
}

/** The first `n` of `entries` in `sort` order, in one pass (no sort of the whole ledger). */
export function topOfLedger<T extends LedgerRow>(entries: Iterable<T>, sort: LedgerSort, n: number): T[] {
	const by = sorters[sort];
	const top: T[] = [];
	for (const e of entries) keepTop(top, e, by, n);
	return top;
}

/** The same, `slice` entries at a time with `pause` between: a pass over 50,000 was a long task at CPU ×4 (issue 11). */
export async function topOfLedgerInSlices<T extends LedgerRow>(entries: readonly T[], sort: LedgerSort, n: number, pause: () => Promise<unknown>, slice = 5000): Promise<T[]> {
	const by = sorters[sort];
	const top: T[] = [];
	for (let i = 0; i < entries.length; i++) {
		if (i > 0 && i % slice === 0) await pause();
		keepTop(top, entries[i], by, n);
	}
	return top;
}

/** Puts `e` in its place in `top` (the first `n` so far) when it belongs there. */
function keepTop<T extends LedgerRow>(top: T[], e: T, by: (a: T, b: T) => number, n: number): void {
	if (top.length === n && by(e, top[n - 1]) >= 0) return;
	let i = top.length;
	while (i > 0 && by(e, top[i - 1]) < 0) i--;
	top.splice(i, 0, e);
	if (top.length > n) top.pop();
}

/**
 * The first `n` in `sort` order after the entries `changed` (ids) were edited, added or removed,
 * from `top`, the first `n` before, and `get`, an entry as it is now: without going through the
 * whole ledger, which an edit of one entry among 5,000 need not (issue 11). Null when it cannot
 * tell: an entry of the old head was removed, or now sorts after the old head's last row (an entry
 * never looked at may then belong in it).
 */
export function updateTop<T extends LedgerRow>(top: readonly T[], sort: LedgerSort, n: number, changed: Iterable<string>, get: (id: string) => T | undefined): T[] | null {
	const by = sorters[sort];
	const ids = new Set(changed);
	const last = top[top.length - 1];
	const candidates = new Map<string, T>();
	for (const row of top) {
		const now = ids.has(row.id) ? get(row.id) : row;
		if (!now || (top.length === n && by(now, last) > 0)) return null;
		candidates.set(row.id, now);
	}
	for (const id of ids) {
		const now = get(id);
		if (now) candidates.set(id, now);
	}
	return topOfLedger(candidates.values(), sort, n);
}

/** No filter, no search, the default order: the list's first rows are the projection's head. */
export function isDefaultQuery(q: LedgerQuery): boolean {
	const d = emptyQuery();
	return q.tier === d.tier && q.status === d.status && q.category === d.category && q.overdueOnly === d.overdueOnly && q.text.trim() === '' && q.sort === d.sort;
}

export function queryLedger<T extends LedgerRow>(entries: readonly T[], q: LedgerQuery, today: string): T[] {
	return filterLedger(sortLedger(entries, q.sort), q, today);
}
