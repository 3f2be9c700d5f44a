import { canSee } from '$lib/domain/access';
import { loadVisitLog } from '$lib/state/station-board.svelte';

// Without a right to the visit log (a lawyer, a street leader) it is never opened, so never synced.
export async function load({ parent }) {
	const { station } = await parent();
	return { visitLog: station && canSee(station, 'visits') ? await loadVisitLog(station.id) : null };
}
