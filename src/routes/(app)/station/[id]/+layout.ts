import type { DeviceStation } from '$lib/device/device-db';
import { readDevice } from '$lib/device/device-db-loader';

/** The station row on this device (name, street, summary); the documents load where they are needed. */
export async function load({ params }) {
	return { station: (await readDevice<DeviceStation | undefined>('stations', (s) => s.get(params.id), (db) => db.stations.get(params.id))) ?? null };
}
