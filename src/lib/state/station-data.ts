// A station's documents as a page's start asks for them (issue 11). The ledger and the visits page
// paint from their projections and load the documents only after their first view; the documents
// themselves live in the documents' worker (device/docs.worker.ts: Yjs and y-websocket never run on
// the page). The layers that show them (station-board.svelte.ts, station-contacts.svelte.ts,
// station-visits.svelte.ts) are imported at the first load; what has loaded already is looked up
// here at once, without a microtask.
import type { DeviceStation } from '$lib/device/device-db';
import { lazyImport } from '$lib/device/lazy-modules';
import type { StationBoard } from './station-board.svelte';
import type { VisitLog } from './station-visits.svelte';
import type { StationContacts } from './station-contacts.svelte';

/** Boards whose load has finished (station-board.svelte.ts keeps it): a view shows them at once. */
export const loadedBoards = new Map<string, StationBoard>();
/** Visit logs whose load has finished in this page. */
export const loadedLogs = new Map<string, VisitLog>();

const boardLayer = lazyImport(() => import('./station-board.svelte'));
const contactsLayer = lazyImport(() => import('./station-contacts.svelte'));
/** The visit log's layer holds no Yjs: its document is in the documents' worker. */
const visitsLayer = lazyImport(() => import('./station-visits.svelte'));

/** The board when it has loaded already (null: call loadBoard and wait). */
export function loadedBoard(id: string): StationBoard | null {
	return loadedBoards.get(id) ?? null;
}

/** The visit log when it has loaded already in this page (null: not opened). */
export function loadedVisitLog(id: string): VisitLog | null {
	return loadedLogs.get(id) ?? null;
}

export async function loadBoard(id: string): Promise<StationBoard> {
	return (await boardLayer()).loadBoard(id);
}

/** The visit log is opened only where visits are shown: the ledger never pays for 20,000 visits. */
export async function loadVisitLog(id: string): Promise<VisitLog> {
	return (await visitsLayer()).loadVisitLog(id);
}

export async function loadContacts(id: string): Promise<StationContacts> {
	return (await contactsLayer()).loadContacts(id);
}

/** The board ready to show: loaded, and cleaned of the residents' data an old copy may hold. */
export async function loadCleanBoard(station: DeviceStation): Promise<StationBoard> {
	return (await contactsLayer()).loadCleanBoard(station);
}
