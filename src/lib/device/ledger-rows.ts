// The ledger's projected rows (board-projection.ts) kept and queried off the main thread until the
// board's document has loaded (issue 11): reading 5,000 rows from IndexedDB, and sorting them,
// held a mid-range phone's main thread for about 0.3 s before the list could be searched (50,000:
// 1.7 s), and the page shows some twenty of them. A worker (ledger-rows.worker.ts) reads them and
// answers each query with how many rows match and the window of them the list shows; the page asks
// again as the query or the scroll position changes (ledger-rows-client.ts, which answers on the
// main thread where no worker can run). Once the board has loaded, the page lists the board's own
// rows and lets these go.
import { readDigest, readRows } from './projection-read';
import { emptyQuery, filterLedger, isDefaultQuery, sortLedger, topOfLedger, type LedgerQuery, type LedgerRow } from '$lib/domain/ledger-query';

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

/** Whether `window` holds every matching row of [from, to) (past the last match: none needed). */
export const covers = (window: RowsWindow, from: number, to: number): boolean =>
	from >= window.start && Math.min(to, window.count) <= window.start + window.rows.length;

export interface RowsAsk {
	query: LedgerQuery;
	today: string;
	/** The window asked for: rows [from, to) of the matching ones. */
	from: number;
	to: number;
}

/** An ask as it can be posted to a worker (the page's query is a reactive proxy, which cannot be). */
export function plainAsk({ query, today, from, to }: RowsAsk): RowsAsk {
	return { query: { ...query }, today, from, to };
}

/** What decides which rows match and in what order: two asks with one key differ only in their window. */
export function queryKey(query: LedgerQuery, today: string): string {
	const { tier, status, category, overdueOnly, text, sort } = query;
	return JSON.stringify([tier, status, category, overdueOnly, text.trim().toLowerCase(), sort, overdueOnly ? today : '']);
}

/** A station's rows and the last query's matches: a scroll asks for another window of the same matches. */
export class RowsIndex {
	#last: { key: string; matches: LedgerRow[] } | null = null;

	/** `offMain`: in the worker, where the whole sort may follow a first answer at once. */
	constructor(
		readonly rows: readonly LedgerRow[],
		readonly offMain = false
	) {}

	answer(ask: RowsAsk): RowsWindow {
		const { query, today, from, to } = ask;
		const key = queryKey(query, today);
		const total = this.rows.length;
		// The list's first rows, unfiltered, before it is sorted (the first answer, at a start): the
		// top rows in one pass (half a second of sorting at 50,000 rows on a phone), the sort after.
		if (this.#last?.key !== key && isDefaultQuery({ ...query, sort: emptyQuery().sort }) && from === 0 && to <= FIRST_ROWS) {
			if (this.offMain) setTimeout(() => sortLedger(this.rows, query.sort), 0);
			return { key, total, count: total, start: 0, rows: topOfLedger(this.rows, query.sort, to) };
		}
		if (this.#last?.key !== key) this.#last = { key, matches: filterLedger(sortLedger(this.rows, query.sort), query, today) };
		return windowOf(key, total, this.#last.matches, from, to);
	}
}

/**
 * The rows of the last window shown, by id: a row of the next window equal to one of them is given
 * as that one, so a row still at its place is not rendered again (each answer comes as new
 * objects, copied across from a worker: a keystroke's answer re-rendered every row in view).
 */
export class ShownRows {
	#last = new Map<string, LedgerRow>();

	keep<T extends LedgerRow>(rows: readonly T[]): T[] {
		const next = new Map<string, LedgerRow>();
		const out = rows.map((row) => {
			const was = this.#last.get(row.id) as T | undefined;
			const kept = was && sameRow(was, row) ? was : row;
			next.set(row.id, kept);
			return kept;
		});
		this.#last = next;
		return out;
	}
}

/** Two rows alike in every field. */
function sameRow(a: LedgerRow, b: LedgerRow): boolean {
	const keys = Object.keys(a) as (keyof LedgerRow)[];
	return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** Rows [from, to) of `matches` (clamped), as the page shows them. */
export function windowOf(key: string, total: number, matches: readonly LedgerRow[], from: number, to: number): RowsWindow {
	const start = Math.max(0, Math.min(from, matches.length));
	return { key, total, count: matches.length, start, rows: matches.slice(start, Math.max(start, to)) };
}

/** The most rows a first answer takes in one pass (topOfLedger) rather than from the sorted list. */
const FIRST_ROWS = 200;

/** Reads the station's projected rows (null: none kept on this device); `offMain`: all at once, in the worker. */
export async function readIndex(station: string, offMain = false): Promise<RowsIndex | null> {
	const rows = await readRows(station, await readDigest(station), offMain);
	return rows ? new RowsIndex(rows, offMain) : null;
}

// ——— The worker's messages.
export type RowsRequest = { type: 'open'; station: string } | ({ type: 'ask'; seq: number } & RowsAsk);
export type RowsReply = { type: 'answer'; seq: number; window: RowsWindow | null };
