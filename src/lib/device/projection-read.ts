// The reads of the board projection (board-projection.ts, which writes it with Dexie) that a start
// waits on — the ledger's digest and rows, an entry's row and timeline, the month's visits — in
// plain IndexedDB (issue 11). Dexie's open of a database (its schema's versions parsed, a
// transaction over every store to check the one installed) cost the main thread about 40 ms at
// CPU ×4 before the ledger's first rows, and the rows worker, which only reads, loaded Dexie whole
// (90 KB of its 104) before its first answer.
// Read as it is (idb-peek.ts): where it is missing, or at another version than the code's, a read finds
// nothing (as with no projection kept), and Dexie makes it at its next write.
import type { TimelineEvent } from '$lib/domain/ledger';
import type { LedgerRow } from '$lib/domain/ledger-query';
import { yieldToMain } from '$lib/perf';
import { peek, result } from './idb-peek';
import type { JournalNote, MonthVisits, ProjectedRow, StationDigest, VisitRow } from './board-projection';

export const PROJECTION_DB = 'yixian-projection';
/** ProjectionDb's last `version()` (board-projection.ts): a new version changes both. */
export const PROJECTION_DB_VERSION = 4;

/**
 * A station's rows are kept in PAGES pages, each entry's page fixed by its id: FNV-1a of the id,
 * modulo PAGES (board-projection.ts says why).
 */
export const PAGES = 64;
export function pageOf(id: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
	return (h >>> 0) % PAGES;
}

/** Items with an entry's id by the page the entry is kept in. */
export function byPage<T extends { id: string }>(items: readonly T[]): Map<number, T[]> {
	const pages = new Map<number, T[]>();
	for (const item of items) {
		const n = pageOf(item.id);
		const list = pages.get(n);
		if (list) list.push(item);
		else pages.set(n, [item]);
	}
	return pages;
}

/**
 * The journal's notes over a page's rows: a noted row replaces the entry's, a note without one
 * removes it, a row for an entry the page lacks is added. Only the pages with notes are gone
 * through (readRows): indexing 50,000 rows by id to apply a handful of notes held a phone's main
 * thread for 100 ms at CPU ×4, and looking each up in the notes still took 45.
 */
export function overlay(rows: readonly ProjectedRow[], notes: readonly JournalNote[]): ProjectedRow[] {
	const noted = new Map(notes.map((n) => [n.id, n]));
	const out: ProjectedRow[] = [];
	for (const row of rows) {
		const note = noted.get(row.id);
		if (!note) out.push(row);
		else if (note.row) out.push(note.row);
		noted.delete(row.id);
	}
	for (const note of noted.values()) if (note.row) out.push(note.row);
	return out;
}

/** Runs `read` over `stores` of the projection as it is; null where it (or a store) is not there. */
async function reading<T>(stores: string[], read: (store: (name: string) => IDBObjectStore) => Promise<T>): Promise<T | null> {
	const peeked = await peek(PROJECTION_DB, PROJECTION_DB_VERSION, stores, read);
	// A cache: the document is read anyway.
	return peeked.ok ? peeked.value : null;
}

export async function readDigest(station: string): Promise<StationDigest | null> {
	return (await reading(['digests'], (s) => result<StationDigest | undefined>(s('digests').get(station)))) ?? null;
}

/** An entry's timeline as last projected (null: none, or the projection could not be read). */
export async function readTimeline(station: string, id: string): Promise<TimelineEvent[] | null> {
	const kept = await reading(['timelines'], (s) => result<{ events: TimelineEvent[] } | undefined>(s('timelines').get([station, id])));
	return kept?.events ?? null;
}

/** Rows read per request, about: reading (and cloning) 50,000 at once held a phone's main thread for a second. */
const READ_ROWS = 1500;

/**
 * The station's rows as last projected (null when there are none: never opened on this device, or
 * lost), read some pages at a time (about READ_ROWS rows), giving the main thread back in between,
 * or all at once `offMain` (in a worker, where nothing waits for the thread), with the journal's
 * notes over them. `digest`: the station's, just read.
 */
export async function readRows(station: string, digest: StationDigest | null, offMain = false): Promise<LedgerRow[] | null> {
	if (!digest?.rowsAt) return null;
	const perRead = offMain ? PAGES : Math.max(1, Math.floor((READ_ROWS * PAGES) / Math.max(1, digest.total ?? 0)));
	const notes = await reading(['journal'], (s) => result<JournalNote[]>(s('journal').index('station').getAll(station)));
	if (!notes) return null;
	// The journal's notes by the page their entry is kept in: only those pages are gone through row by row.
	const noted = byPage(notes);
	const rows: ProjectedRow[] = [];
	for (let from = 0; from < PAGES; from += perRead) {
		if (from) await yieldToMain();
		const range = IDBKeyRange.bound([station, from], [station, from + perRead], false, true);
		const pages = await reading(['pages'], (s) => result<{ n: number; rows: ProjectedRow[] }[]>(s('pages').getAll(range)));
		if (!pages) return null;
		for (const page of pages) {
			const list = noted.get(page.n);
			noted.delete(page.n);
			for (const row of list ? overlay(page.rows, list) : page.rows) rows.push(row);
		}
	}
	// Entries noted in a page not written yet.
	for (const list of noted.values()) for (const row of overlay([], list)) rows.push(row);
	return rows;
}

/**
 * An entry's projected row read on its own (null: none, or no projection): for an entry opened
 * before the ledger has read its rows (a tap on the rows the boot frame painted), one page and one
 * note instead of the whole document.
 */
export async function readRow(station: string, id: string): Promise<LedgerRow | null> {
	const found = await reading(['digests', 'journal', 'pages'], async (s) => {
		const [digest, note, page] = await Promise.all([
			result<StationDigest | undefined>(s('digests').get(station)),
			result<JournalNote | undefined>(s('journal').get([station, id])),
			result<{ rows: ProjectedRow[] } | undefined>(s('pages').get([station, pageOf(id)]))
		]);
		if (!digest?.rowsAt) return null;
		if (note) return note.row ?? null;
		return page?.rows.find((r) => r.id === id) ?? null;
	});
	return found ?? null;
}

/** The visits of `month` as last projected from the station's visit log (null: none for that month). */
export async function readMonthVisits(station: string, month: string): Promise<VisitRow[] | null> {
	const kept = await reading(['visits'], (s) => result<MonthVisits | undefined>(s('visits').get(station)));
	return kept?.month === month ? kept.rows : null;
}

/** What the visits page shows before the visit log has loaded: the digest (the month's count) and the month's visits, read side by side. */
export async function readVisitsProjection(station: string, month: string): Promise<{ digest: StationDigest | null; rows: VisitRow[] | null }> {
	const [digest, rows] = await Promise.all([readDigest(station), readMonthVisits(station, month)]);
	return { digest, rows };
}
