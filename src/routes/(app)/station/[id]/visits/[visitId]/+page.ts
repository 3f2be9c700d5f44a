import { loadBoard } from '$lib/state/station-data';

// The problems raised on a visit are ledger entries: this visit page needs the board too.
export async function load({ parent }) {
	const { station } = await parent();
	return { board: station ? await loadBoard(station.id) : null };
}
