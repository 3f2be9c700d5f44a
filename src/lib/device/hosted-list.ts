// The ledger's list as the documents' worker answers it once a board has loaded (issue 11): the
// page asks for the window of rows it shows (ledger-rows.ts: a query, a range) and is answered with
// how many rows match and those rows, as it asks the projection's worker before the load. The
// orders, filters and search texts of every entry are made here, off the page's main thread: at
// 50,000 entries the page's own sort, its search texts and each keystroke's pass over every row
// were the tasks of a big station that grew with its history.
//
// Each order asked is kept as a sorted list; a change puts the entries it changed back in their
// place (resortLedger) at the next ask rather than sorting the ledger again. The last query's
// matches are kept for the next window of the same query (a scroll) until anything changes.
import { filterLedger, resortLedger, sortLedger, warmSearch, type EntryRow, type LedgerSort } from '$lib/domain/ledger-query';
import { frequentCategories } from '$lib/domain/categories';
import { yieldToOthers } from '$lib/perf';
import type { HostedDoc } from './hosted-doc';
import { queryKey, windowOf, type RowsAsk, type RowsWindow } from './ledger-rows';

/** Beyond this many entries changed since an order was last asked (a sync after days offline), a whole sort is quicker. */
const PATCH_AT_MOST = 512;

interface Sorted {
	list: EntryRow[];
	/** The entries changed since `list` was made, each with its row as it is in `list` (undefined: not in it). */
	since: Map<string, EntryRow | undefined>;
}

export class HostedList {
	/** The rows the kept lists were made of (the hosted document's, as of the last change seen). */
	#rows: Map<string, EntryRow> | null = null;
	readonly #sorted = new Map<LedgerSort, Sorted>();
	#matches: { key: string; matches: EntryRow[] } | null = null;
	#warmed = false;

	constructor(private readonly hosted: HostedDoc) {
		hosted.onChange((part, keys) => part === 'entries' && this.#changed(keys));
	}

	#changed(keys: readonly string[]) {
		const rows = this.#rows;
		this.#matches = null;
		if (!rows) return; // none asked yet: the first ask reads the rows as they are then
		const now = this.hosted.rows<EntryRow>('entries');
		for (const key of keys) {
			const was = rows.get(key);
			for (const sorted of this.#sorted.values()) if (!sorted.since.has(key)) sorted.since.set(key, was);
			const row = now.get(key);
			if (row) rows.set(key, row);
			else rows.delete(key);
		}
	}

	/** The rows in `sort` order, as they are now. */
	#sortedBy(rows: Map<string, EntryRow>, sort: LedgerSort): EntryRow[] {
		const kept = this.#sorted.get(sort);
		if (kept && !kept.since.size) return kept.list;
		const list = kept && kept.since.size <= PATCH_AT_MOST ? resortLedger(kept.list, sort, kept.since, (id) => rows.get(id)) : sortLedger([...rows.values()], sort);
		this.#sorted.set(sort, { list, since: new Map() });
		return list;
	}

	/** The categories the station records most, of `list` (the quick entry's), at most `n`. */
	async frequent(list: readonly string[], n: number): Promise<string[]> {
		await this.hosted.ready;
		return frequentCategories(this.hosted.rows<EntryRow>('entries').values(), list, n);
	}

	/** The rows of the entries raised on a visit, newest received first. */
	async raisedOn(visitId: string): Promise<EntryRow[]> {
		await this.hosted.ready;
		const raised = [...this.hosted.rows<EntryRow>('entries').values()].filter((row) => row.visitId === visitId);
		return sortLedger(raised, 'received');
	}

	/** The window asked of the rows matching the query asked (once the document has loaded). */
	async answer(ask: RowsAsk): Promise<RowsWindow> {
		await this.hosted.ready;
		const rows = (this.#rows ??= new Map(this.hosted.rows<EntryRow>('entries')));
		const { query, today, from, to } = ask;
		const key = queryKey(query, today);
		if (this.#matches?.key !== key) {
			const sorted = this.#sortedBy(rows, query.sort);
			this.#matches = { key, matches: filterLedger(sorted, query, today) };
			// The search texts made in the background once the list is there: the first keystroke finds them.
			if (!this.#warmed) {
				this.#warmed = true;
				void warmSearch(sorted, yieldToOthers);
			}
		}
		return windowOf(key, rows.size, this.#matches.matches, from, to);
	}
}
