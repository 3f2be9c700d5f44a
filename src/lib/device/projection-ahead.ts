// Reads of the board projection (board-projection.ts) started ahead of their page by its route's
// load, so they wait on IndexedDB while the app is still starting (issue 11): the ledger's digest
// and rows, an entry's timeline. Held here until the page takes them, not in the route's data,
// which would keep 50,000 rows alive as long as the page is open. One never taken (the app went
// elsewhere: no session, say) is let go 10 s after it is read.
import type { TimelineEvent } from '$lib/domain/ledger';
import type { LedgerRow } from '$lib/domain/ledger-query';
import { readDigest, readRows, readTimeline, type StationDigest } from './board-projection';

const UNTAKEN_MS = 10_000;

/** Reads by key, each taken once; `done` says when one may be let go. */
function heldReads<T>(done: (read: T) => Promise<unknown>) {
	const held = new Map<string, T>();
	return {
		put(key: string, read: T): void {
			held.set(key, read);
			const letGo = () => setTimeout(() => held.get(key) === read && held.delete(key), UNTAKEN_MS);
			done(read).then(letGo, letGo);
		},
		take(key: string): T | undefined {
			const read = held.get(key);
			held.delete(key);
			return read;
		},
		/** Lets go of the reads whose key passes `which`. */
		drop(which: (key: string) => boolean): void {
			for (const key of [...held.keys()]) if (which(key)) held.delete(key);
		}
	};
}

/** A ledger's projection being read: its digest (with the list's head), then its rows. */
export interface ProjectionRead {
	digest: Promise<StationDigest | null>;
	rows: Promise<LedgerRow[] | null>;
}

/** Starts reading a ledger's projection: its digest, then its rows (null: no projection). */
function readProjection(station: string): ProjectionRead {
	const digest = readDigest(station);
	return { digest, rows: digest.then((d) => readRows(station, d)) };
}

const ledgers = heldReads<ProjectionRead>((read) => read.rows);
const timelines = heldReads<Promise<TimelineEvent[] | null>>((read) => read);

/** Starts reading a ledger's projection ahead of its page (see takeProjection). */
export function readProjectionAhead(station: string): void {
	ledgers.put(station, readProjection(station));
}

/** The read started ahead for the station (once), else a new one. */
export function takeProjection(station: string): ProjectionRead {
	return ledgers.take(station) ?? readProjection(station);
}

/** Starts reading an entry's projected timeline ahead of its page (see takeTimeline). */
export function readTimelineAhead(station: string, id: string): void {
	timelines.put(`${station}/${id}`, readTimeline(station, id));
}

/** The entry's projected timeline: the read started ahead (once), else a new one. */
export function takeTimeline(station: string, id: string): Promise<TimelineEvent[] | null> {
	return timelines.take(`${station}/${id}`) ?? readTimeline(station, id);
}

/** A station's projection forgotten (`station`), or the whole projection erased: its reads held ahead go too. */
export function dropReadsAhead(station?: string): void {
	ledgers.drop((key) => station === undefined || key === station);
	timelines.drop((key) => station === undefined || key.startsWith(`${station}/`));
}
