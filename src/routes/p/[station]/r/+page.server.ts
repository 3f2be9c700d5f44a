import { error } from '@sveltejs/kit';
import { isReference } from '$lib/domain/reports';
import { t } from '$lib/i18n/i18n.svelte';
import { publicSource } from '$lib/server/bridge';

export async function load({ params, url, getClientAddress }) {
	const ref = (url.searchParams.get('ref') ?? '').trim().toUpperCase().slice(0, 12);
	const source = publicSource()!;
	const station = await source.station(params.station);
	// Arriving from the report form (its redirect, or a reload of it): the confirmation with the
	// reference. It reads no report and counts as no lookup, so a resident whose address has used
	// its lookups still gets the number; it says only what the address says.
	if (url.searchParams.get('sent') === '1' && station && isReference(ref)) return { ref, stationId: params.station, station, report: null, sent: true };
	const report = ref ? await source.report(params.station, ref, getClientAddress()) : null;
	// A plain page with the status: the lookup is a GET, there is no form to keep.
	if (report === 'too-many') error(429, t('public.lookup.tooMany'));
	return { ref, stationId: params.station, station, report, sent: false };
}
