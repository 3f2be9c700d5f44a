// Reads of the board projection (board-projection.ts) started ahead of their page by its route's
// load, so they wait on IndexedDB while the app is still starting (issue 11): the ledger's digest
// and rows (the rows in a worker: ledger-rows-client.ts), an entry's timeline. Held here until the
// page takes them, not in the route's data. One never taken (the app went elsewhere: no session,
// say) is let go 10 s after it is read.
import type { TimelineEvent } from '$lib/domain/ledger';
import type { StationDigest } from './board-projection';
import { readDigest, readTimeline } from './projection-read';
import { LedgerRows } from './ledger-rows-client';

const UNTAKEN_MS = 10_000;

/** Reads by key, each taken once; `done` says when one may be let go, `release` lets it go. */
function heldReads<T>(done: (read: T) => Promise<unknown>, release: (read: T) => void = () => {}) {
	const held = new Map<string, T>();
	const drop = (key: string) => {
		const read = held.get(key);
		held.delete(key);
		if (read !== undefined) release(read);
	};
	return {
		put(key: string, read: T): void {
			if (held.has(key)) drop(key);
			held.set(key, read);
			const letGo = () => setTimeout(() => held.get(key) === read && drop(key), UNTAKEN_MS);
			done(read).then(letGo, letGo);
		},
		take(key: string): T | undefined {
			const read = held.get(key);
			held.delete(key);
			return read;
		},
		/** Lets go of the reads whose key passes `which`. */
		drop(which: (key: string) => boolean): void {
			for (const key of [...held.keys()]) if (which(key)) drop(key);
		}
	};
}

/** A ledger's projection being read: its digest (with the list's head), and its rows, to be asked for windows of them. */
export interface ProjectionRead {
	digest: Promise<StationDigest | null>;
	/** The taker closes them once done with them. */
	rows: LedgerRows;
}

/** Starts reading a ledger's projection: its digest here, its rows in a worker. */
function readProjection(station: string): ProjectionRead {
	return { digest: readDigest(station), rows: new LedgerRows(station) };
}

const ledgers = heldReads<ProjectionRead>(
	(read) => read.digest,
	(read) => read.rows.close()
);
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
