import { error } from '@sveltejs/kit';
import { publicSource } from '$lib/server/bridge';
import { qrSvg } from '$lib/server/qr';

export async function load({ params }) {
	const source = publicSource()!;
	const found = await source.notice(params.station, params.notice);
	if (!found) error(404, 'This notice is not posted');
	const stationUrl = `${source.publicUrl}/p/${params.station}`;
	return { ...found, stationId: params.station, stationUrl, qr: await qrSvg(stationUrl) };
}
