import { loadBoard, loadedBoard } from '$lib/state/station-board.svelte';

// Routes in this group show the board. Visit routes do not load it: it is the larger document.
// The ledger does not wait for it: it paints its frame and the projected rows at once and loads
// the board itself (issue 11); every other page here needs the document to show anything.
export async function load({ parent, route }) {
	const { station } = await parent();
	if (!station) return { board: null };
	if (route.id === '/(app)/station/[id]/(board)') return { board: loadedBoard(station.id) };
	return { board: await loadBoard(station.id) };
}
