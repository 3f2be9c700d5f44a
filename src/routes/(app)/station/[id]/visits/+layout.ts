import { canSee } from '$lib/domain/access';
import { loadVisitLog, loadedVisitLog } from '$lib/state/station-board.svelte';

// Without a right to the visit log (a lawyer, a street leader) it is never opened, so never synced.
// The visits list does not wait for it: it paints its frame first and loads the log itself
// (issue 11); a single visit, the ties and the new-visit form need the document to show anything.
export async function load({ parent, route }) {
	const { station } = await parent();
	const allowed = !!station && canSee(station, 'visits');
	if (!allowed) return { allowed, visitLog: null };
	if (route.id === '/(app)/station/[id]/visits') return { allowed, visitLog: loadedVisitLog(station.id) };
	return { allowed, visitLog: await loadVisitLog(station.id) };
}
