// Modules imported on first use rather than with the code that calls them, so that a start
// evaluates neither Dexie nor Yjs before its first view (issue 11):
// - the device layer's modules that carry Dexie (about 30 KB gzip, and 40 ms of evaluation at CPU ×4
//   before anything is opened): the reads a start waits on go through plain IndexedDB
//   (idb-peek.ts), and the first write or live query comes after that view;
// - the station's documents (yjs and lib0, state/station-data.ts).
// The service worker precaches every build file, so these load offline too.

let firstAskedAt: number | null = null;

/**
 * When this page first asked for one of these modules (performance.now()), or null. What a start
 * requests from then on is not kept as a start's modules (boot-modules.ts): a station's first open
 * on a device, before it has a projection, writes one before its first view is complete, and the
 * starts after it, which paint from that projection, would otherwise ask for Dexie at once.
 */
export function lazyModulesAskedAt(): number | null {
	return firstAskedAt;
}

/** A module imported on first use; a failed import (a network error on a first visit) is tried again at the next use. */
export function lazyImport<M>(load: () => Promise<M>): () => Promise<M> {
	let loading: Promise<M> | null = null;
	return () => {
		firstAskedAt ??= typeof performance === 'undefined' ? null : performance.now();
		return (loading ??= load().catch((error: unknown) => {
			loading = null;
			throw error;
		}));
	};
}

/** device-db.ts: the device's database, and Dexie's `liveQuery` for the views that follow a table. */
export const deviceDbModule = lazyImport(() => import('./device-db'));

/** board-projection.ts: the projection's writers (its reads are projection-read.ts, without Dexie). */
export const projectionWriters = lazyImport(() => import('./board-projection'));
