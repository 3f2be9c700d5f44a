// "Sign out and erase this phone's data": every document and every cached personal datum goes.
import { forgetAllFrames } from './boot-frame';
import { forgetBootModules } from './boot-modules';
import { deviceDb } from './device-db-loader';
import { deviceDocNames } from './doc-on-device';
import { forgetSignedOut } from './signed-out';
import { forgetDoc } from './station-docs';

export async function eraseDevice(): Promise<void> {
	for (const name of await deviceDocNames()) await forgetDoc(name);
	// Station rows (names, cached counts), the session (the person's phone and name) and settings.
	const db = await deviceDb();
	await db.transaction('rw', db.stations, db.session, db.settings, async () => {
		await db.stations.clear();
		await db.session.clear();
		await db.settings.clear();
	});
	// What was painted before the documents loaded: the ledger's rows and digests, the app bars.
	const { eraseProjection } = await import('./board-projection');
	(await import('./projection-ahead')).dropReadsAhead();
	await eraseProjection();
	forgetAllFrames();
	forgetBootModules();
	// And who signed out last (their name and number).
	forgetSignedOut();
}
