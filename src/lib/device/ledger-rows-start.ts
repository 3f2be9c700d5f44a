// The ledger's rows worker (ledger-rows.worker.ts), made here and nowhere else. At a start at a
// ledger's address it is made as the app's shell is evaluated (the root app layout's module), so
// that it fetches its module, starts and reads the station's projected rows while the router starts
// and the page mounts, instead of after: its first answer completes the list (issue 11,
// bench/board-issue-11.md). The ledger's first read takes it (ledger-rows-client.ts); one nobody
// took by the end of the start's navigation (the app went elsewhere: no session, say) is let go.
import { markOnce } from '$lib/perf';
import type { RowsRequest } from './ledger-rows';

/** A worker asked to read `station`'s rows. Throws where none can be made. */
function newWorker(station: string): Worker {
	const worker = new Worker(new URL('./ledger-rows.worker.ts', import.meta.url), { type: 'module', name: 'ledger-rows' });
	worker.postMessage({ type: 'open', station } satisfies RowsRequest);
	return worker;
}

/** The station of a ledger's address (`/station/:id`), else null. */
export function ledgerStation(path: string): string | null {
	const id = /^\/station\/([^/]+)\/?$/.exec(path)?.[1];
	try {
		return id ? decodeURIComponent(id) : null;
	} catch {
		return null; // (a malformed address: the router refuses it too)
	}
}

let atStart: { station: string; worker: Worker; failed: boolean } | null = null;

/** At a start at a ledger's address (`path`), its rows worker made at once. */
export function startLedgerRows(path: string): void {
	const station = ledgerStation(path);
	if (!station || typeof Worker === 'undefined') return;
	try {
		const started = { station, worker: newWorker(station), failed: false };
		// A worker that cannot start: not handed on (the ledger makes its own, or reads on its thread).
		started.worker.onerror = (event) => {
			event.preventDefault();
			started.failed = true;
		};
		atStart = started;
		markOnce('rows-worker');
	} catch {
		// The ledger makes its own, or reads the rows on its thread (ledger-rows-client.ts).
	}
}

/** A worker reading `station`'s rows: the start's, the first time one is asked for during it, else a new one. Throws where none can be made. */
export function rowsWorker(station: string): Worker {
	const started = atStart;
	atStart = null;
	if (started && !started.failed && started.station === station) {
		started.worker.onerror = null;
		return started.worker;
	}
	started?.worker.terminate();
	return newWorker(station);
}

/** The start's navigation is over: a worker it made and nobody took is let go. */
export function endOfStart(): void {
	atStart?.worker.terminate();
	atStart = null;
}
