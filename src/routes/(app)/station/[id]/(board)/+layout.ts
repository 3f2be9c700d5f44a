import { canSee } from '$lib/domain/access';
import { loadBoard } from '$lib/state/station-board.svelte';
import { cleanBoard, loadContacts } from '$lib/state/station-contacts.svelte';

// Routes in this group show the board. Visit routes do not load it: it is the larger document.
// The residents' contacts load beside it only for those who may read them (the station's team).
export async function load({ parent }) {
	const { station } = await parent();
	if (!station) return { board: null, contacts: null };
	const [board, contacts] = await Promise.all([loadBoard(station.id), canSee(station, 'contacts') ? loadContacts(station.id) : null]);
	return { board: await cleanBoard(station, board, contacts), contacts };
}
