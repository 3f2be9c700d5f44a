import { loadBoard } from '$lib/state/station-board.svelte';

// Routes in this group show the board. Visit routes do not load it: it is the larger document.
export async function load({ parent }) {
	const { station } = await parent();
	return { board: station ? await loadBoard(station.id) : null };
}
