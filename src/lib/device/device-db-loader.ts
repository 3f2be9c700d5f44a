// The device database (device-db.ts: Dexie, about 30 KB gzip) is imported on first use, so it is
// not part of the app shell's first load (issue 11). The service worker precaches its chunk like
// every build file, so it loads offline too.
import type { DeviceDb } from './device-db';
import { peek, result } from './idb-peek';

type DeviceDbModule = typeof import('./device-db');
let loading: Promise<DeviceDbModule> | null = null;

/** device-db.ts itself (its `liveQuery` for the views that follow a table). */
export function deviceDbModule(): Promise<DeviceDbModule> {
	// A failed import (a network error on a first visit) is tried again at the next use.
	return (loading ??= import('./device-db').catch((error: unknown) => {
		loading = null;
		throw error;
	}));
}

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
