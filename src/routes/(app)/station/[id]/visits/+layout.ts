import { deviceDb } from '$lib/device/device-db';
import { loadVisitLog } from '$lib/state/station-board.svelte';

export async function load({ params }) {
	if (!(await deviceDb.stations.get(params.id))) return { visitLog: null };
	return { visitLog: await loadVisitLog(params.id) };
}
