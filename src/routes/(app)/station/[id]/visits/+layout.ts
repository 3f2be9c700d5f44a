import { loadVisitLog } from '$lib/state/station-board.svelte';

export async function load({ parent }) {
	const { station } = await parent();
	return { visitLog: station ? await loadVisitLog(station.id) : null };
}
