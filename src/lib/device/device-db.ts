// Device-only data (Dexie over IndexedDB): which stations this device holds, with a cached summary
// for the list, the device's settings and the signed-in session. The documents live in IndexedDB in y-indexeddb's layout (docs.worker.ts).
import { DEVICE_DB } from './device-db-loader';
import Dexie, { type EntityTable } from 'dexie';
import type { StationInfo } from '$lib/domain/station';
import type { Access, Person, StationAs } from '$lib/remote/api';

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
	/** The server knows this station (it came from GET /api/me); without it the station stays on this device. */
	synced?: true;
	/** The signed-in person's rights as the server last said (null: none, e.g. removed from the team). */
	board?: Access;
	visits?: Access;
	contacts?: Access;
	as?: StationAs;
	/**
	 * The board's copy here is a reader's (the person reads the board, outside its team): the relay
	 * sends it with the team's text masked. A copy of the other kind is dropped when the right
	 * changes either way, and synced afresh (`deviceStations.merge`).
	 */
	boardCopy?: 'masked';
}

/** The one session of this device (`id` is always 'current'). */
export interface StoredSession {
	id: 'current';
	access: string;
	accessExpiresAt: number;
	refresh: string;
	person: Person;
	/** The server refused the refresh token: sign in again. Local data stays. */
	ended?: boolean;
	/**
	 * The server said the account is disabled (`401 account-disabled`): the server stations' data
	 * was deleted from the device. `lostChanges`: how many changes of it had not been sent.
	 */
	disabled?: true;
	lostChanges?: number;
}

export interface Setting {
	key: string;
	value: unknown;
}

export class DeviceDb extends Dexie {
	stations!: EntityTable<DeviceStation, 'id'>;
	settings!: EntityTable<Setting, 'key'>;
	session!: EntityTable<StoredSession, 'id'>;

	constructor(name = DEVICE_DB) {
		super(name);
		this.version(1).stores({ stations: 'id, addedAt', settings: 'key' });
		// Accounts (issue 3): existing devices upgrade in place; their stations stay local-only.
		this.version(2).stores({ session: 'id' });
		// A new version changes DEVICE_DB_VERSION (device-db-loader.ts) too: the start's first reads read only it as it is.
	}
}

export const deviceDb = new DeviceDb();

// For the views that follow a table (stations.svelte.ts), which import this module lazily.
export { liveQuery } from 'dexie';
