import { readProjectionAhead } from '$lib/device/board-projection';
import { canSee } from '$lib/domain/access';
import { projectedRow } from '$lib/state/projected-rows';
import { loadedBoard } from '$lib/state/station-board.svelte';
import { loadCleanBoard, loadContacts } from '$lib/state/station-contacts.svelte';

// Routes in this group show the board. Visit routes do not load it: it is the larger document.
// The residents' contacts load beside it only for those who may read them (the station's team).
// The ledger does not wait for the board: it paints its frame and the projected rows at once and
// loads the board itself (issue 11). Nor does an entry whose row the ledger has shown: it opens
// with that row and loads the rest itself. Every other page here needs the document to show anything.
// The ledger's projection is read from here, before the station's own load (and the app's) is
// done: the reads wait on IndexedDB meanwhile instead of after the page has mounted (issue 11).
export async function load({ parent, route, params }) {
	const ledger = route.id === '/(app)/station/[id]/(board)';
	if (ledger && !loadedBoard(params.id)) readProjectionAhead(params.id);
	const { station } = await parent();
	if (!station) return { board: null, contacts: null };
	if (ledger) return { board: loadedBoard(station.id), contacts: null };
	const board = loadedBoard(station.id);
	if (route.id === '/(app)/station/[id]/(board)/entry/[entryId]' && !board && projectedRow(station.id, params.entryId ?? ''))
		return { board: null, contacts: null };
	const [clean, contacts] = await Promise.all([loadCleanBoard(station), canSee(station, 'contacts') ? loadContacts(station.id) : null]);
	return { board: clean, contacts };
}
