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

/** Text search ignores case and looks at content, place, responsible person and the reference. */
function matchesText(e: EntryState, needle: string): boolean {
	return (
		e.content.toLowerCase().includes(needle) ||
		e.place.toLowerCase().includes(needle) ||
		e.responsible.toLowerCase().includes(needle) ||
		e.id.startsWith(needle)
	);
}

export function queryLedger(entries: readonly EntryState[], q: LedgerQuery, today: string): EntryState[] {
	const needle = q.text.trim().toLowerCase();
	const result = entries.filter(
		(e) =>
			(q.tier === null || e.tier === q.tier) &&
			(q.status === null || e.status === q.status) &&
			(q.category === null || e.category === q.category) &&
			(!q.overdueOnly || isOverdue(e, today)) &&
			(!needle || matchesText(e, needle))
	);
	return result.sort(sorters[q.sort]);
}
