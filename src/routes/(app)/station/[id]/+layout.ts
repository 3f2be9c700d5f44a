import { deviceDb } from '$lib/device/device-db';
import { loadBoard } from '$lib/state/station-board.svelte';

export async function load({ params }) {
	const station = await deviceDb.stations.get(params.id);
	if (!station) return { board: null };
	return { board: await loadBoard(params.id) };
}
