// The windows of the ledger list a loaded board answered, by query (issue 11): shown again at once
// instead of after a message's round trip to the documents' worker — exactly, when the board's
// entries have not changed since (a search cleared: its list before the search), or brought up to
// date from the rows the worker told since, until its answer comes (the page come back to).
import { covers, type RowsWindow } from '$lib/device/ledger-rows';
import type { LedgerRow } from '$lib/domain/ledger-query';

/** What the windows were read from: a loaded board (StationBoard), as far as they need it. */
export interface WindowSource {
	readonly changes: number;
	readonly rowsMark: number;
	asNow(rows: readonly LedgerRow[], mark: number): LedgerRow[] | null;
}

interface Kept {
	window: RowsWindow;
	/** The board's count of changes it was asked at, and its rows' mark (`asNow`). */
	changes: number;
	mark: number;
}

/** Queries kept per board: the list before a search, and a few searches. */
const KEPT = 4;

export class BoardWindows {
	readonly #kept = new WeakMap<WindowSource, Map<string, Kept>>();

	/** A window the board answered for its query (`window.key`), asked at its count of `changes`. */
	keep(board: WindowSource, window: RowsWindow, changes: number): void {
		let byKey = this.#kept.get(board);
		if (!byKey) this.#kept.set(board, (byKey = new Map()));
		byKey.delete(window.key);
		byKey.set(window.key, { window, changes, mark: board.rowsMark });
		for (const key of byKey.keys()) if (byKey.size > KEPT) byKey.delete(key);
	}

	/** The window for `key` as the board would answer it now: no change since, rows [from, to) within it; else null. */
	exact(board: WindowSource, key: string, from: number, to: number): RowsWindow | null {
		const kept = this.#kept.get(board)?.get(key);
		if (!kept || kept.changes !== board.changes) return null;
		return covers(kept.window, from, to) ? kept.window : null;
	}

	/** The last window for `key`, its rows as the board holds them now; null when that cannot be told (hosted-doc.ts, TOLD_ROWS). */
	last(board: WindowSource, key: string): RowsWindow | null {
		const kept = this.#kept.get(board)?.get(key);
		const rows = kept && board.asNow(kept.window.rows, kept.mark);
		return rows ? { ...kept.window, rows } : null;
	}
}
