// Filtering, searching and sorting the ledger list: plain functions so they are tested without a
// browser and cost one pass over the entries.
import { isOverdue, type EntryState, type EntryStatus, type Tier } from './ledger';

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

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

const sorters: Record<LedgerSort, (a: EntryState, b: EntryState) => number> = {
	received: (a, b) => cmp(b.receivedOn, a.receivedOn) || b.createdAt - a.createdAt,
	updated: (a, b) => b.updatedAt - a.updatedAt,
	// Open entries with the nearest deadline first; those without a deadline after them.
	deadline: (a, b) =>
		cmp(a.status === 'open' ? 0 : 1, b.status === 'open' ? 0 : 1) ||
		cmp(a.deadline || '9999', b.deadline || '9999') ||
		b.createdAt - a.createdAt,
	tier: (a, b) => b.tier - a.tier || b.createdAt - a.createdAt
};

// Entry states are immutable snapshots (a change makes a new one), so the lowered text of each
// is computed once and reused by every keystroke of a search.
const haystacks = new WeakMap<EntryState, string>();

/** Text search ignores case and looks at content, place, responsible person and the reference. */
function matchesText(e: EntryState, needle: string): boolean {
	let haystack = haystacks.get(e);
	if (haystack === undefined) {
		haystack = `${e.content}\n${e.place}\n${e.responsible}`.toLowerCase();
		haystacks.set(e, haystack);
	}
	return haystack.includes(needle) || e.id.startsWith(needle);
}

/** Sorting is the costly half: views sort when entries or the order change, not per keystroke. */
export function sortLedger(entries: readonly EntryState[], sort: LedgerSort): EntryState[] {
	return [...entries].sort(sorters[sort]);
}

/** Keeps the order of `entries`. */
export function filterLedger(entries: readonly EntryState[], q: Omit<LedgerQuery, 'sort'>, today: string): EntryState[] {
	const needle = q.text.trim().toLowerCase();
	return entries.filter(
		(e) =>
			(q.tier === null || e.tier === q.tier) &&
			(q.status === null || e.status === q.status) &&
			(q.category === null || e.category === q.category) &&
			(!q.overdueOnly || isOverdue(e, today)) &&
			(!needle || matchesText(e, needle))
	);
}

export function queryLedger(entries: readonly EntryState[], q: LedgerQuery, today: string): EntryState[] {
	return filterLedger(sortLedger(entries, q.sort), q, today);
}
