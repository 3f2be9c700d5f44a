// The device database (device-db.ts: Dexie, about 30 KB gzip) is imported on first use, so it is
// not part of the app shell's first load (issue 11). The service worker precaches its chunk like
// every build file, so it loads offline too.
import type { DeviceDb } from './device-db';

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
