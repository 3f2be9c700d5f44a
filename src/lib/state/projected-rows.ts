// The ledger rows this page has read from the board's projection (device/board-projection.ts),
// kept in memory so an entry tapped before the board's document has loaded opens at once with
// its row (content, tier, status, dates), and the rest of the entry fills in when the document
// is there (issue 11). The document stays the truth: once it has loaded, nothing reads these.
import type { LedgerRow } from '$lib/domain/ledger-query';

const byStation = new Map<string, Map<string, LedgerRow>>();

/** Remembers rows read from a station's projection (the head first, then all of them). */
export function rememberRows(station: string, rows: readonly LedgerRow[]): void {
	let known = byStation.get(station);
	if (!known) byStation.set(station, (known = new Map()));
	for (const row of rows) known.set(row.id, row);
}

/** An entry's projected row, if this page has read it. */
export function projectedRow(station: string, entry: string): LedgerRow | null {
	return byStation.get(station)?.get(entry) ?? null;
}

/** Forgets a station's rows: its board has loaded (nothing reads them now), or left the device. */
export function forgetRows(station: string): void {
	byStation.delete(station);
}
