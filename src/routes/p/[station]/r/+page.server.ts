import { publicSource } from '$lib/server/bridge';

export function load({ params, url }) {
	const ref = (url.searchParams.get('ref') ?? '').trim().toUpperCase().slice(0, 12);
	const source = publicSource()!;
	return { ref, stationId: params.station, station: source.station(params.station), report: ref ? source.report(params.station, ref) : null };
}
