// The ledger's projected rows (board-projection.ts) kept and queried off the main thread until the
// board's document has loaded (issue 11): reading 5,000 rows from IndexedDB, and sorting them,
// held a mid-range phone's main thread for about 0.3 s before the list could be searched (50,000:
// 1.7 s), and the page shows some twenty of them. A worker (ledger-rows.worker.ts) reads them and
// answers each query with how many rows match and the window of them the list shows; the page asks
// again as the query or the scroll position changes (ledger-rows-client.ts, which answers on the
// main thread where no worker can run). Once the board has loaded, the page lists the board's own
// rows and lets these go.
import { readDigest, readRows } from './board-projection';
import { filterLedger, sortLedger, type LedgerQuery, type LedgerRow } from '$lib/domain/ledger-query';

/** A part of the list, as the page shows it: `count` rows match, `rows` are those from `start`. */
export interface RowsWindow {
	/** The query this answers, as `queryKey` gave it. */
	key: string;
	/** Rows in the station's projection. */
	total: number;
	/** Rows matching the query. */
	count: number;
	start: number;
	rows: LedgerRow[];
}

export interface RowsAsk {
	query: LedgerQuery;
	today: string;
	/** The window asked for: rows [from, to) of the matching ones. */
	from: number;
	to: number;
}

/** What decides which rows match and in what order: two asks with one key differ only in their window. */
export function queryKey(query: LedgerQuery, today: string): string {
	const { tier, status, category, overdueOnly, text, sort } = query;
	return JSON.stringify([tier, status, category, overdueOnly, text.trim().toLowerCase(), sort, overdueOnly ? today : '']);
}

/** A station's rows and the last query's matches: a scroll asks for another window of the same matches. */
export class RowsIndex {
	#last: { key: string; matches: LedgerRow[] } | null = null;

	constructor(readonly rows: readonly LedgerRow[]) {}

	answer({ query, today, from, to }: RowsAsk): RowsWindow {
		const key = queryKey(query, today);
		if (this.#last?.key !== key) this.#last = { key, matches: filterLedger(sortLedger(this.rows, query.sort), query, today) };
		const { matches } = this.#last;
		const start = Math.max(0, Math.min(from, matches.length));
		return { key, total: this.rows.length, count: matches.length, start, rows: matches.slice(start, Math.max(start, to)) };
	}
}

/** Reads the station's projected rows (null: none kept on this device). */
export async function readIndex(station: string): Promise<RowsIndex | null> {
	const rows = await readRows(station, await readDigest(station));
	return rows ? new RowsIndex(rows) : null;
}

// ——— The worker's messages.
export type RowsRequest = { type: 'open'; station: string } | ({ type: 'ask'; seq: number } & RowsAsk);
export type RowsReply = { type: 'answer'; seq: number; window: RowsWindow | null };
