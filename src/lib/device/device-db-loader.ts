// The device database (device-db.ts, with Dexie) is imported on first use (lazy-modules.ts), so it
// is not part of the app shell's first load (issue 11).
import type { DeviceDb } from './device-db';
import { peek, result } from './idb-peek';
import { deviceDbModule } from './lazy-modules';

export { deviceDbModule };

/** The device's database. */
export async function deviceDb(): Promise<DeviceDb> {
	return (await deviceDbModule()).deviceDb;
}

export const DEVICE_DB = 'yixian-device';
/** DeviceDb's last `version()` (device-db.ts): a new version changes both. */
export const DEVICE_DB_VERSION = 2;

/**
 * A read of one store of the device's database without Dexie (idb-peek.ts), for the reads a start
 * waits on before its first view (the session, the settings, the station): Dexie's import and open
 * then happen beside that view rather than before it. Where the database cannot be read as it is
 * (none yet, another version, an upgrade under way), through Dexie, which makes or upgrades it.
 */
export async function readDevice<T>(store: 'stations' | 'settings' | 'session', read: (store: IDBObjectStore) => IDBRequest, viaDexie: (db: DeviceDb) => Promise<T>): Promise<T> {
	const peeked = await peek(DEVICE_DB, DEVICE_DB_VERSION, [store], (s) => result<T>(read(s(store))));
	return peeked.ok ? peeked.value : viaDexie(await deviceDb());
}
