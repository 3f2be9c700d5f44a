// A projection of each station's board kept on the device beside its Yjs document: the ledger's
// list rows, each entry's timeline and what the due card last showed, so a busy station paints its
// list, and an entry opened at once its history, before the document is parsed (issue 11); and the
// visits page's rows of the month, from the visit log.
// The document stays the truth: rows are rewritten from it as it changes, and reconciled with it
// every time it loads, so a lost write only shows until then.
// Its own Dexie database, so its versions never collide with yixian-device's. Written here; the
// reads a start waits on are in projection-read.ts, in plain IndexedDB.
import Dexie, { type Table } from 'dexie';
import type { Reminder } from '$lib/domain/calendar';
import type { TimelineEvent } from '$lib/domain/ledger';
import type { Visit } from '$lib/domain/visits';
import { toLedgerRow, type LedgerRow } from '$lib/domain/ledger-query';
import { yieldToOthers } from '$lib/perf';
import { PAGES, PROJECTION_DB, byPage } from './projection-read';

export interface ProjectedRow extends LedgerRow {
	/** How many events the entry's projected timeline holds. */
	events: number;
}

/**
 * A station's rows are kept in pages, each entry's page fixed by its id (pageOf): a read costs the
 * main thread per record whatever the record's size, so 5,000 rows read as 5,000 records took three
 * to four times as long as the same rows read in pages (issue 11; 50,000: a second at CPU ×4), and
 * the pages are rewritten where they differ from the document at each load of the board (reconcileRows).
 * Between loads, an edit notes its entry's new row (or its removal) in the journal: one blind write,
 * as quick as the tab that may close right after it, and read over the pages until the next load
 * folds it in.
 */
interface RowPage {
	station: string;
	n: number;
	rows: ProjectedRow[];
}

/** An entry's row as an edit left it since the pages were last written (no row: the entry is gone). */
export interface JournalNote {
	station: string;
	id: string;
	/** When it was noted (Date.now()): a load's reconcile folds in only what was noted before it began. */
	at: number;
	row?: ProjectedRow;
}

/** An entry as the projection takes it: its row and its timeline. */
export type ProjectedEntry = LedgerRow & { timeline: readonly TimelineEvent[] };

/** An entry's timeline, as the entry page shows it before the document has loaded. */
interface ProjectedTimeline {
	station: string;
	id: string;
	events: TimelineEvent[];
}

export interface StationDigest {
	station: string;
	/** Written with the rows: a station without a digest has no projection yet (not an empty ledger). */
	rowsAt: number;
	/** The ledger's first rows in the default order, and how many entries there are: painted before the rows are read. */
	head?: LedgerRow[];
	total?: number;
	/** What the due card showed, for the day it showed it. */
	due?: { today: string; reminders: Reminder[]; fresh: number };
	/** Households visited this month per visitor, counted when the visit log was last open on this device. */
	visits?: { month: string; households: Record<string, number> };
}

/** What the visits page lists of a visit (its own row: household and address are a resident's data). */
export type VisitRow = Pick<Visit, 'id' | 'visitor' | 'date' | 'household' | 'address' | 'createdAt'>;

/** The visit log's visits of one month, as the visits page lists them; only where the log is kept. */
export interface MonthVisits {
	station: string;
	month: string;
	rows: VisitRow[];
}

class ProjectionDb extends Dexie {
	pages!: Table<RowPage, [string, number]>;
	journal!: Table<JournalNote, [string, string]>;
	digests!: Table<StationDigest, string>;
	visits!: Table<MonthVisits, string>;
	timelines!: Table<ProjectedTimeline, [string, string]>;

	constructor() {
		super(PROJECTION_DB);
		this.version(1).stores({ rows: '[station+id], station', digests: 'station' });
		this.version(2).stores({ visits: 'station' });
		this.version(3).stores({ timelines: '[station+id], station' });
		// Rows in pages (RowPage): the old row records go, and no digest claims rows until the
		// board's next load has written them (reconcileRows).
		this.version(4)
			.stores({ rows: null, pages: '[station+n], station', journal: '[station+id], station' })
			.upgrade((tx) => tx.table('digests').toCollection().modify((d: StationDigest) => void (d.rowsAt = 0)));
		// A new version changes PROJECTION_DB_VERSION (projection-read.ts) too: its reads read only that one as it is.
	}
}

let db: ProjectionDb | null = null;
const projection = () => (db ??= new ProjectionDb());

const same = (a: LedgerRow, b: LedgerRow) =>
	a.content === b.content &&
	a.place === b.place &&
	a.responsible === b.responsible &&
	a.category === b.category &&
	a.receivedOn === b.receivedOn &&
	a.createdAt === b.createdAt &&
	a.updatedAt === b.updatedAt &&
	a.tier === b.tier &&
	a.deadline === b.deadline &&
	a.status === b.status &&
	a.reopenCount === b.reopenCount;

const rowOf = (e: ProjectedEntry): ProjectedRow => ({ ...toLedgerRow(e), events: e.timeline.length });
type Head = { rows: readonly LedgerRow[]; total: number };

/** Notes the rows and timelines of the entries that changed and removes those that are gone, with the ledger's new head. */
export async function writeRows(station: string, changed: readonly ProjectedEntry[], removed: readonly string[], head: Head): Promise<void> {
	const p = projection();
	await p.transaction('rw', p.journal, p.timelines, p.digests, async () => {
		const at = Date.now();
		const notes: JournalNote[] = [...changed.map((e) => ({ station, id: e.id, at, row: rowOf(e) })), ...removed.map((id) => ({ station, id, at }))];
		// All asked for at once: a save waits for this write (StationBoard.projected), and each
		// request awaited in turn waited for a turn of a main thread busy with the save.
		await Promise.all([
			notes.length && p.journal.bulkPut(notes),
			changed.length && p.timelines.bulkPut(changed.map((e) => ({ station, id: e.id, events: [...e.timeline] }))),
			removed.length && p.timelines.bulkDelete(removed.map((id) => [station, id] as [string, string])),
			putHead(p, station, head, false)
		]);
	});
}

/** Writes these pages (a page left empty is deleted). */
async function putPages(p: ProjectionDb, station: string, pages: Map<number, Map<string, ProjectedRow>>): Promise<void> {
	const full = [...pages].filter(([, rows]) => rows.size);
	const empty = [...pages].filter(([, rows]) => !rows.size);
	if (full.length) await p.pages.bulkPut(full.map(([n, rows]) => ({ station, n, rows: [...rows.values()] })));
	if (empty.length) await p.pages.bulkDelete(empty.map(([n]) => [station, n] as [string, number]));
}

/**
 * Writes the ledger's head into the digest. Only `paged` (a reconcile, which has just written every
 * page) makes the digest claim the rows; an edit's note keeps the claim as it was, so a projection
 * lost (storage cleared under the open app) is not claimed by the journal's one or two notes alone.
 */
async function putHead(p: ProjectionDb, station: string, head: Head, paged: boolean): Promise<void> {
	const digest = await p.digests.get(station);
	const rowsAt = paged ? Date.now() : (digest?.rowsAt ?? 0);
	await p.digests.put({ ...digest, station, rowsAt, head: head.rows.map(toLedgerRow), total: head.total });
}

/**
 * Keys read per request: 50,000 at once came back as one task of nearly half a second at CPU ×4,
 * and 4,000 (their copy into the page, and the collection after it) as one of 50–110 ms after a
 * board's load (issue 11, twenty-eighth step).
 */
const READ_KEYS = 1000;

/** The entries of a station that have a projected timeline, their keys read some thousands at a time. */
async function timelineIds(p: ProjectionDb, station: string): Promise<Set<string>> {
	const ids = new Set<string>();
	let after: string | null = null;
	for (;;) {
		const range = p.timelines.where('[station+id]');
		const keys: [string, string][] = await (after === null ? range.between([station, Dexie.minKey], [station, Dexie.maxKey]) : range.between([station, after], [station, Dexie.maxKey], false))
			.limit(READ_KEYS)
			.primaryKeys();
		for (const [, id] of keys) ids.add(id);
		if (keys.length < READ_KEYS) return ids;
		after = keys[keys.length - 1][1];
		await yieldToOthers();
	}
}

/**
 * Makes the stored pages and timelines equal to the document's entries (after a load): only what
 * differs is written. A page is rewritten when any of its rows differs, or it holds a row it should
 * not; a timeline when its row changed or its length did (an older event merged late does not move
 * the row's updatedAt), or when it is missing.
 */
export async function reconcileRows(station: string, live: readonly ProjectedEntry[], head: Head, wanted: () => boolean = () => true): Promise<void> {
	const p = projection();
	const since = Date.now();
	// Nobody waits for it: each of its steps goes after whatever else the page has to do (a search
	// typed while a big ledger has just loaded went slower while this took turns with it).
	await yieldToOthers();
	const withTimeline = await timelineIds(p, station);
	// Storage cleared under the reads (the browser cuts the connection; Dexie opens the database
	// again, empty): what was read before is not there any more, so everything is written.
	const connection = p.backendDB();
	const entriesOf = byPage(live);
	// Page by page, read one at a time: at 50,000 entries no second copy of the whole ledger is
	// held at once (the document's entries are), and the main thread is given back between reads.
	const changed = new Map<number, Map<string, ProjectedRow>>();
	const stale: ProjectedEntry[] = [];
	for (let n = 0; n < PAGES; n++) {
		const entries = entriesOf.get(n) ?? [];
		await yieldToOthers();
		const stored = (await p.pages.get([station, n]))?.rows;
		if (!stored && !entries.length) continue;
		const old = new Map(stored?.map((r) => [r.id, r]));
		let differs = old.size !== entries.length;
		for (const entry of entries) {
			const row = old.get(entry.id);
			const fresh = !!row && same(row, entry) && row.events === entry.timeline.length;
			if (!fresh) differs = true;
			if (!fresh || !withTimeline.has(entry.id)) stale.push(entry);
		}
		if (differs) changed.set(n, new Map(entries.map((e) => [e.id, rowOf(e)])));
	}
	const liveIds = new Set(live.map((e) => e.id));
	const gone = [...withTimeline].filter((id) => !liveIds.has(id));
	// The board let go of meanwhile (its station forgotten, the device erased): nothing written back.
	if (!wanted()) return;
	await p.transaction('rw', p.pages, p.journal, p.timelines, p.digests, async () => {
		const wiped = p.backendDB() !== connection;
		if (wiped) for (let n = 0; n < PAGES; n++) changed.set(n, new Map(entriesOf.get(n)?.map((e) => [e.id, rowOf(e)])));
		const timelines = wiped ? live : stale;
		await putPages(p, station, changed);
		// The pages are the document now: what was noted before this load began is in them.
		await p.journal
			.where('station')
			.equals(station)
			.and((note) => note.at < since)
			.delete();
		if (timelines.length) await p.timelines.bulkPut(timelines.map((e) => ({ station, id: e.id, events: [...e.timeline] })));
		if (gone.length) await p.timelines.bulkDelete(gone.map((id) => [station, id] as [string, string]));
		await putHead(p, station, head, true);
	});
}

/** Merges a part of the digest (the due card's, the visit log's) into the station's digest. */
export async function saveDigest(station: string, part: Pick<StationDigest, 'due'> | Pick<StationDigest, 'visits'>): Promise<void> {
	const p = projection();
	await p.transaction('rw', p.digests, async () => {
		const digest = await p.digests.get(station);
		// Without rows the digest must not claim a projection: rowsAt 0 until the board writes them.
		await p.digests.put({ rowsAt: 0, ...digest, ...part, station });
	});
}

export async function writeMonthVisits(station: string, month: string, visits: readonly VisitRow[]): Promise<void> {
	const rows = visits.map(({ id, visitor, date, household, address, createdAt }) => ({ id, visitor, date, household, address, createdAt }));
	await projection().visits.put({ station, month, rows });
}

/** The visit log left this device (its right ended): the visits projected from it go too. */
export async function forgetMonthVisits(station: string): Promise<void> {
	await projection().visits.delete(station);
}

/** Removes a station's projection from this device (with its documents; its reads held ahead: projection-ahead.ts). */
export async function forgetProjection(station: string): Promise<void> {
	const p = projection();
	await p.transaction('rw', p.pages, p.journal, p.timelines, p.digests, p.visits, async () => {
		await p.pages.where('station').equals(station).delete();
		await p.journal.where('station').equals(station).delete();
		await p.timelines.where('station').equals(station).delete();
		await p.digests.delete(station);
		await p.visits.delete(station);
	});
}

/** "Sign out and erase": the whole projection goes (its rows name residents' problems). */
export async function eraseProjection(): Promise<void> {
	db?.close();
	db = null;
	await Dexie.delete(PROJECTION_DB);
}
