import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n/i18n.svelte';
import { publicSource } from '$lib/server/bridge';

export async function load({ params, url, getClientAddress }) {
	const ref = (url.searchParams.get('ref') ?? '').trim().toUpperCase().slice(0, 12);
	const source = publicSource()!;
	const report = ref ? await source.report(params.station, ref, getClientAddress()) : null;
	// A plain page with the status: the lookup is a GET, there is no form to keep.
	if (report === 'too-many') error(429, t('public.lookup.tooMany'));
	return { ref, stationId: params.station, station: await source.station(params.station), report };
}
