// Device-only data (Dexie over IndexedDB): which stations this device holds, with a cached summary
// for the list, and the device's settings. The documents themselves live in y-indexeddb.
import Dexie, { type EntityTable } from 'dexie';
import type { StationInfo } from '$lib/domain/station';

export interface StationSummary {
	total: number;
	open: number;
	overdue: number;
	updatedAt: number;
}

export interface DeviceStation extends StationInfo {
	/** The same id names the station's documents here and, once it syncs, on the server. */
	id: string;
	addedAt: number;
	summary: StationSummary;
}

export interface Setting {
	key: string;
	value: unknown;
}

export class DeviceDb extends Dexie {
	stations!: EntityTable<DeviceStation, 'id'>;
	settings!: EntityTable<Setting, 'key'>;

	constructor(name = 'yixian-device') {
		super(name);
		this.version(1).stores({ stations: 'id, addedAt', settings: 'key' });
	}
}

export const deviceDb = new DeviceDb();
