// "Sign out and erase this phone's data": every document and every cached personal datum goes.
import { deviceDb } from './device-db';
import { deviceDocNames, forgetDoc } from './station-docs';

export async function eraseDevice(): Promise<void> {
	for (const name of await deviceDocNames()) await forgetDoc(name);
	// Station rows (names, cached counts), the session (the person's phone and name) and settings.
	await deviceDb.transaction('rw', deviceDb.stations, deviceDb.session, deviceDb.settings, async () => {
		await deviceDb.stations.clear();
		await deviceDb.session.clear();
		await deviceDb.settings.clear();
	});
}
