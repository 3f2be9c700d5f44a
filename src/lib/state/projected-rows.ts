// The ledger rows this page has read from the board's projection (device/board-projection.ts),
// kept in memory so an entry tapped before the board's document has loaded opens at once with
// its row (content, tier, status, dates), and the rest of the entry fills in when the document
// is there (issue 11). The document stays the truth: once it has loaded, nothing reads these.
//
// Kept as the lists they were read as, not indexed by id: indexing 50,000 rows held a phone's
// main thread for 50 ms at the moment the list was shown (CPU ×4), for an entry that is looked up
// once, when it is tapped, by a scan of a few milliseconds.
import type { LedgerRow } from '$lib/domain/ledger-query';

const byStation = new Map<string, (readonly LedgerRow[])[]>();

/** Remembers rows read from a station's projection (the head first, then all of them): the later read wins. */
export function rememberRows(station: string, rows: readonly LedgerRow[]): void {
	const lists = byStation.get(station);
	if (lists) lists.push(rows);
	else byStation.set(station, [rows]);
}

/** An entry's projected row, if this page has read it: from the latest read that has it. */
export function projectedRow(station: string, entry: string): LedgerRow | null {
	const lists = byStation.get(station) ?? [];
	for (let i = lists.length - 1; i >= 0; i--) {
		const row = lists[i].find((r) => r.id === entry);
		if (row) return row;
	}
	return null;
}

/** Forgets a station's rows: its board has loaded (nothing reads them now), or left the device. */
export function forgetRows(station: string): void {
	byStation.delete(station);
}
