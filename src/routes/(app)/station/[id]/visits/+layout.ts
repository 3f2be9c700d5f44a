import { readVisitsProjection } from '$lib/device/projection-read';
import { canSee } from '$lib/domain/access';
import { clock } from '$lib/state/clock.svelte';
import { loadVisitLog, loadedVisitLog } from '$lib/state/station-data';

// Without a right to the visit log (a lawyer, a street leader) it is never opened, so never synced.
// The visits list does not wait for it: it paints its frame first and loads the log itself
// (issue 11); a single visit, the ties and the new-visit form need the document to show anything.
// The list's projection (the month's count and visits) is read from here, once the right is known,
// rather than after the page has mounted.
export async function load({ parent, route }) {
	const { station } = await parent();
	const allowed = !!station && canSee(station, 'visits');
	if (!allowed) return { allowed, visitLog: null, projected: null };
	if (route.id === '/(app)/station/[id]/visits') {
		const visitLog = loadedVisitLog(station.id);
		return { allowed, visitLog, projected: visitLog ? null : readVisitsProjection(station.id, clock.month) };
	}
	return { allowed, visitLog: await loadVisitLog(station.id), projected: null };
}
