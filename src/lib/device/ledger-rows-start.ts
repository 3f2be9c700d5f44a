// The ledger's rows worker (ledger-rows.worker.ts), made here, or at a start by the boot frame's
// script. At a start at a ledger's address the frame's script (src/boot-frame.js) makes it as the
// page's head is parsed, from its address as the last start kept it (boot-modules.ts), so that it
// fetches its module, starts and reads the station's projected rows while the app's own modules are
// fetched and evaluated; failing that, it is made as the app's shell is evaluated (the root app
// layout's module), still before the router starts and the page mounts: its first answer completes
// the list (issue 11, bench/board-issue-11.md). The ledger's first read takes it
// (ledger-rows-client.ts); one nobody took by the end of the start's navigation (the app went
// elsewhere: no session, say) is let go.
import { markOnce } from '$lib/perf';
import type { RowsRequest } from './ledger-rows';
import workerUrl from './ledger-rows.worker.ts?worker&url';

/** The worker's script in this build of the app (the frame's script makes it from this, kept). */
export const ROWS_WORKER_URL = workerUrl;

/** A worker asked to read `station`'s rows. Throws where none can be made. */
function newWorker(station: string): Worker {
	const worker = new Worker(workerUrl, { type: 'module', name: 'ledger-rows' });
	worker.postMessage({ type: 'open', station } satisfies RowsRequest);
	return worker;
}

type Started = { station: string; worker: Worker; failed: boolean };

/** The worker the boot frame's script made (src/boot-frame.js), taken once. */
function fromBootFrame(): (Started & { url: string }) | null {
	const w = globalThis as { __yxRowsWorker?: Started & { url: string } };
	const early = w.__yxRowsWorker ?? null;
	delete w.__yxRowsWorker;
	return early;
}

/** Whether the frame's worker runs this build's script (the address it was kept under may be another build's). */
const ownScript = (url: string) => typeof location !== 'undefined' && new URL(ROWS_WORKER_URL, location.href).pathname === url;

/** The station of a ledger's address (`/station/:id`), else null. */
export function ledgerStation(path: string): string | null {
	const id = /^\/station\/([^/]+)\/?$/.exec(path)?.[1];
	try {
		return id ? decodeURIComponent(id) : null;
	} catch {
		return null; // (a malformed address: the router refuses it too)
	}
}

let atStart: Started | null = null;

/** At a start at a ledger's address (`path`), its rows worker made at once. */
export function startLedgerRows(path: string): void {
	const station = ledgerStation(path);
	const early = fromBootFrame();
	if (early && early.station === station && !early.failed && ownScript(early.url)) {
		atStart = early;
		markOnce('rows-worker', 'frame');
		return;
	}
	early?.worker.terminate();
	if (!station || typeof Worker === 'undefined') return;
	try {
		const started = { station, worker: newWorker(station), failed: false };
		// A worker that cannot start: not handed on (the ledger makes its own, or reads on its thread).
		started.worker.onerror = (event) => {
			event.preventDefault();
			started.failed = true;
		};
		atStart = started;
		markOnce('rows-worker', 'app');
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
	fromBootFrame()?.worker.terminate();
}
