import { readRow } from '$lib/device/projection-read';
import { readProjectionAhead, readTimelineAhead } from '$lib/device/projection-ahead';
import { canSee } from '$lib/domain/access';
import { projectedRow, rememberRows } from '$lib/state/projected-rows';
import { loadCleanBoard, loadContacts, loadedBoard } from '$lib/state/station-data';

/** How long an entry's page waits for its whole state before it shows the entry's row first. */
const ENTRY_AHEAD_MS = 150;

// Routes in this group show the board. Visit routes do not load it: it is the larger document.
// The residents' contacts load beside it only for those who may read them (the station's team).
// The ledger does not wait for the board: it paints its frame and the projected rows at once and
// loads the board itself (issue 11). Nor does an entry whose row the ledger has shown, or the
// projection has (read here when the ledger has not): it opens with that row and loads the rest
// itself. Every other page here needs the document to show anything.
// The ledger's projection is read from here, before the station's own load (and the app's) is
// done: the reads wait on IndexedDB meanwhile instead of after the page has mounted (issue 11).
export async function load({ parent, route, params }) {
	const ledger = route.id === '/(app)/station/[id]/(board)';
	if (ledger && !loadedBoard(params.id)) readProjectionAhead(params.id);
	// An entry the ledger has not read (a tap on the rows the boot frame painted): its row alone.
	const entryId = route.id === '/(app)/station/[id]/(board)/entry/[entryId]' ? (params.entryId ?? '') : null;
	const row = entryId && !loadedBoard(params.id) && !projectedRow(params.id, entryId) ? readRow(params.id, entryId) : null;
	// Its timeline too, for the page to take, where the page will show it before the board has loaded.
	if (entryId && !loadedBoard(params.id)) readTimelineAhead(params.id, entryId);
	const { station } = await parent();
	if (!station) return { board: null, contacts: null };
	if (ledger) return { board: loadedBoard(station.id), contacts: null };
	const board = loadedBoard(station.id);
	if (entryId !== null && !board) {
		const read = await row;
		if (read) rememberRows(station.id, [read]);
		if (projectedRow(station.id, entryId)) return { board: null, contacts: null };
	}
	const [clean, contacts] = await Promise.all([loadCleanBoard(station), canSee(station, 'contacts') ? loadContacts(station.id) : null]);
	// An entry opened from a loaded board (SvelteKit runs this at the tap's press: data-sveltekit-
	// preload-data): its whole state and reporter asked now, so that its page's first frame shows it
	// whole instead of its row, then the rest a layout later (issue 11). A busy worker is not waited for.
	if (entryId !== null) await Promise.all([clean.entryAhead(entryId, ENTRY_AHEAD_MS), contacts?.reporterAhead(entryId, ENTRY_AHEAD_MS)]);
	return { board: clean, contacts };
}
