// The ledger rows this page has shown (the windows of the board's projection, device/board-projection.ts,
// and of the board itself, device/hosted-list.ts), kept in memory so an entry tapped in the list
// opens at once with its row (content, tier, status, dates), and the rest of the entry fills in
// when the documents' worker has told it (issue 11): before the board's document has loaded, or
// for a message's round trip after.
//
// Kept as the lists they were shown as, not indexed by id (an entry is looked up once, when it is
// tapped, by a short scan), the last few of them: a tapped row was in one of the last shown.
import type { LedgerRow } from '$lib/domain/ledger-query';

const byStation = new Map<string, (readonly LedgerRow[])[]>();
/** Lists kept per station. */
const KEPT = 8;

/** Remembers rows a station's list has shown (the head first, then its windows): the later wins. */
export function rememberRows(station: string, rows: readonly LedgerRow[]): void {
	const lists = byStation.get(station);
	if (!lists) return void byStation.set(station, [rows]);
	lists.push(rows);
	if (lists.length > KEPT) lists.shift();
}

/** An entry's row, if this page has shown it: from the latest list that has it. */
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
