// The ledger view's sorted list, kept from one list of entries to the next (issue 11): when the
// board's entries change (an edit here, or a peer's streaming in), the entries that changed are put
// back in their place (resortLedger) instead of the whole ledger being sorted again, which at
// 50,000 entries was a tenth of a second of the main thread at CPU ×4 for every change.
import { resortLedger, sortLedger, type LedgerRow, type LedgerSort } from '$lib/domain/ledger-query';

/** What the list came from (a MirrorMap): which entries changed between two of its lists, and each as it is now. */
export interface EntrySource<T> {
	changedBetween(from: readonly T[], to: readonly T[]): Map<string, T | undefined> | null;
	get(id: string): T | undefined;
}

/** Beyond this many changed entries at once (a sync after days offline), a whole sort is quicker. */
const PATCH_AT_MOST = 512;

export class SortedLedger {
	#last: { all: readonly LedgerRow[]; sort: LedgerSort; out: LedgerRow[]; entries: unknown } | null = null;

	/** `all` sorted; `entries` is the live map `all` came from (null: rows from elsewhere, sorted whole). */
	sorted<T extends LedgerRow>(all: readonly T[], sort: LedgerSort, entries: EntrySource<T> | null): T[] {
		const last = this.#last;
		if (last && last.all === all && last.sort === sort) return last.out as T[];
		const changed = last && entries && last.entries === entries && last.sort === sort ? entries.changedBetween(last.all as T[], all) : null;
		const out = changed && changed.size <= PATCH_AT_MOST ? resortLedger(last!.out as T[], sort, changed, (id) => entries!.get(id)) : sortLedger(all, sort);
		this.#last = { all, sort, out, entries };
		return out;
	}
}
