// A projection of each station's board kept on the device beside its Yjs document: the ledger's
// list rows, each entry's timeline and what the due card last showed, so a busy station paints its
// list, and an entry opened at once its history, before the document is parsed (issue 11); and the
// visits page's rows of the month, from the visit log.
// The document stays the truth: rows are rewritten from it as it changes, and reconciled with it
// every time it loads, so a lost write only shows until then.
// Its own Dexie database, so its versions never collide with yixian-device's.
import Dexie, { type Table } from 'dexie';
import type { Reminder } from '$lib/domain/calendar';
import type { TimelineEvent } from '$lib/domain/ledger';
import type { Visit } from '$lib/domain/visits';
import { toLedgerRow, type LedgerRow } from '$lib/domain/ledger-query';
import { yieldToMain } from '$lib/perf';

export interface ProjectedRow extends LedgerRow {
	station: string;
	/** How many events the entry's projected timeline holds (older projections: none). */
	events?: number;
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
	rows!: Table<ProjectedRow, [string, string]>;
	digests!: Table<StationDigest, string>;
	visits!: Table<MonthVisits, string>;
	timelines!: Table<ProjectedTimeline, [string, string]>;

	constructor() {
		super('yixian-projection');
		this.version(1).stores({ rows: '[station+id], station', digests: 'station' });
		this.version(2).stores({ visits: 'station' });
		this.version(3).stores({ timelines: '[station+id], station' });
	}
}

let db: ProjectionDb | null = null;
const projection = () => (db ??= new ProjectionDb());

/** Rows read per request: reading (and cloning) 50,000 at once held a phone's main thread for a second. */
const PAGE = 1500;

/**
 * The station's rows as last projected (null when there are none: never opened on this device, or
 * lost), read a page at a time in key order, giving the main thread back between pages.
 */
export async function readRows(station: string): Promise<LedgerRow[] | null> {
	try {
		const p = projection();
		const digest = await p.digests.get(station);
		if (!digest?.rowsAt) return null;
		const rows: ProjectedRow[] = [];
		for (let after: string | null = null; ; ) {
			const from: unknown[] = after === null ? [station, Dexie.minKey] : [station, after];
			const page: ProjectedRow[] = await p.rows.where('[station+id]').between(from, [station, Dexie.maxKey], after === null, true).limit(PAGE).toArray();
			for (const row of page) rows.push(row);
			if (page.length < PAGE) return rows;
			after = page[page.length - 1].id;
			await yieldToMain();
		}
	} catch (err) {
		// A cache: the document is read anyway.
		console.warn('Reading the board projection failed', err);
		return null;
	}
}

/** An entry's timeline as last projected (null: none, or the projection could not be read). */
export async function readTimeline(station: string, id: string): Promise<TimelineEvent[] | null> {
	try {
		return (await projection().timelines.get([station, id]))?.events ?? null;
	} catch {
		return null;
	}
}

export async function readDigest(station: string): Promise<StationDigest | null> {
	try {
		return (await projection().digests.get(station)) ?? null;
	} catch {
		return null;
	}
}

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

/** Writes the rows and timelines of the entries that changed and removes those that are gone, with the ledger's new head. */
export async function writeRows(station: string, changed: readonly ProjectedEntry[], removed: readonly string[], head: { rows: readonly LedgerRow[]; total: number }): Promise<void> {
	const p = projection();
	await p.transaction('rw', p.rows, p.timelines, p.digests, async () => {
		if (changed.length) {
			await p.rows.bulkPut(changed.map((e) => ({ ...toLedgerRow(e), station, events: e.timeline.length })));
			await p.timelines.bulkPut(changed.map((e) => ({ station, id: e.id, events: [...e.timeline] })));
		}
		if (removed.length) {
			const keys = removed.map((id) => [station, id] as [string, string]);
			await p.rows.bulkDelete(keys);
			await p.timelines.bulkDelete(keys);
		}
		const digest = await p.digests.get(station);
		await p.digests.put({ ...digest, station, rowsAt: Date.now(), head: head.rows.map(toLedgerRow), total: head.total });
	});
}

/**
 * Makes the stored rows and timelines equal to the document's entries (after a load): only the
 * differences are written. A timeline is rewritten when its row changed or its length did (an
 * older event merged late does not move the row's updatedAt), or when it is missing.
 */
export async function reconcileRows(station: string, live: readonly ProjectedEntry[], head: { rows: readonly LedgerRow[]; total: number }): Promise<void> {
	const p = projection();
	const stored = new Map((await p.rows.where('station').equals(station).toArray()).map((r) => [r.id, r]));
	const withTimeline = new Set((await p.timelines.where('station').equals(station).primaryKeys()).map(([, id]) => id));
	const changed: ProjectedEntry[] = [];
	for (const entry of live) {
		const old = stored.get(entry.id);
		if (!old || !same(old, entry) || old.events !== entry.timeline.length || !withTimeline.has(entry.id)) changed.push(entry);
		stored.delete(entry.id);
	}
	await writeRows(station, changed, [...stored.keys()], head);
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

/** The visits of `month` as last projected from the station's visit log (null: none for that month). */
export async function readMonthVisits(station: string, month: string): Promise<VisitRow[] | null> {
	try {
		const kept = await projection().visits.get(station);
		return kept?.month === month ? kept.rows : null;
	} catch {
		return null;
	}
}

export async function writeMonthVisits(station: string, month: string, visits: readonly VisitRow[]): Promise<void> {
	const rows = visits.map(({ id, visitor, date, household, address, createdAt }) => ({ id, visitor, date, household, address, createdAt }));
	await projection().visits.put({ station, month, rows });
}

/** The visit log left this device (its right ended): the visits projected from it go too. */
export async function forgetMonthVisits(station: string): Promise<void> {
	await projection().visits.delete(station);
}

/** Removes a station's projection from this device (with its documents). */
export async function forgetProjection(station: string): Promise<void> {
	const p = projection();
	await p.transaction('rw', p.rows, p.timelines, p.digests, p.visits, async () => {
		await p.rows.where('station').equals(station).delete();
		await p.timelines.where('station').equals(station).delete();
		await p.digests.delete(station);
		await p.visits.delete(station);
	});
}

/** "Sign out and erase": the whole projection goes (its rows name residents' problems). */
export async function eraseProjection(): Promise<void> {
	db?.close();
	db = null;
	await Dexie.delete('yixian-projection');
}
