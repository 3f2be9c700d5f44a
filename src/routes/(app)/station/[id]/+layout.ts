import { deviceDb } from '$lib/device/device-db-loader';

/** The station row on this device (name, street, summary); the documents load where they are needed. */
export async function load({ params }) {
	return { station: (await (await deviceDb()).stations.get(params.id)) ?? null };
}
