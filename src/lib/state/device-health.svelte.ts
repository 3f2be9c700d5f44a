// What the app knows about the device's own storage, for the banner and the settings screen:
// a change that could not be stored, storage cleared under the open page or while the app was
// closed (a wipe, noticed by a marker in localStorage that the browser does not evict with
// IndexedDB), whether storage is persistent, and how much is used.
import type { DeviceStation } from '$lib/device/device-db';
import { deviceDb, readDevice } from '$lib/device/device-db-loader';
import { failedStores, onDocLost, onRemoteDocs, retryStore } from '$lib/device/doc-registry';
import { session } from './session.svelte';

const MARKER = 'yixian:device';
const WIPED = 'yixian:wiped';

interface Marker {
	stations: { id: string; name: string }[];
	unsent: number;
}

export interface Wipe {
	stations: string[];
	unsent: number;
}

function readJson<T>(key: string): T | null {
	try {
		return JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
	} catch {
		return null;
	}
}

class DeviceHealth {
	failed = $state(false);
	retrying = $state(false);
	lostWhileOpen = $state(false);
	wiped = $state<Wipe | null>(null);
	persisted = $state<boolean | null>(null);
	estimate = $state<{ usage: number; quota: number } | null>(null);
	#started = false;
	#stations: DeviceStation[] = [];
	/** The marker as last written by this page. */
	#marker = '';

	/** Once per page, before anything else reads or writes the device database. */
	async init() {
		if (this.#started) return;
		this.#started = true;
		this.wiped = readJson<Wipe>(WIPED);
		const marker = readJson<Marker>(MARKER);
		if (marker?.stations.length && (await readDevice<number>('stations', (s) => s.count(), (db) => db.stations.count())) === 0) {
			// The device held stations and now holds none, without the app having removed them.
			const wipe = { stations: marker.stations.map((s) => s.name), unsent: marker.unsent };
			localStorage.setItem(WIPED, JSON.stringify(wipe));
			localStorage.setItem(MARKER, JSON.stringify({ stations: [], unsent: 0 }));
			this.wiped = wipe;
		}
		onRemoteDocs((_name, handle) => handle.onChange(() => (this.failed = failedStores().length > 0)));
		onDocLost(() => void this.#lost());
		// Whether storage is persistent, and its use: asked by the settings screen that shows them (StorageStatus), not at every start.
	}

	/** Keeps the marker current: which stations this device holds and how many changes wait. */
	note(stations: DeviceStation[] | null, unsent: number) {
		if (!stations) return;
		this.#stations = stations;
		const marker: Marker = { stations: stations.map((s) => ({ id: s.id, name: s.name })), unsent };
		const json = JSON.stringify(marker);
		if (json === this.#marker) return; // the station list changes with its counts, the marker seldom
		this.#marker = json;
		localStorage.setItem(MARKER, json);
	}

	/** Storage was cleared while open: the documents write themselves back; so do the station list and session. */
	async #lost() {
		if (this.lostWhileOpen) return;
		this.lostWhileOpen = true;
		const stations = $state.snapshot(this.#stations) as DeviceStation[];
		for (let attempt = 0; attempt < 6; attempt++) {
			try {
				// Dexie's connection was cut too: open afresh (the database is created again, empty).
				const db = await deviceDb();
				db.close({ disableAutoOpen: false });
				await db.open();
				if (stations.length) await db.stations.bulkPut(stations);
				await session.storeAgain();
				return;
			} catch (error) {
				console.warn(`Could not store the station list again (attempt ${attempt + 1})`, error);
				await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
			}
		}
	}

	async retry() {
		this.retrying = true;
		try {
			await retryStore();
		} catch {
			/* still failing: the banner stays */
		} finally {
			this.retrying = false;
			this.failed = failedStores().length > 0;
		}
	}

	dismissWipe() {
		localStorage.removeItem(WIPED);
		this.wiped = null;
		this.lostWhileOpen = false;
	}

	/** A deliberate erase is not a wipe: nothing to warn about at the next start. */
	forgetMarker() {
		localStorage.removeItem(MARKER);
		localStorage.removeItem(WIPED);
		this.#stations = [];
		this.#marker = '';
	}

	/**
	 * Asks the browser to keep this app's storage (after sign-in or the first station: a browser
	 * grants it more readily to an app the person uses). Harmless to call again.
	 */
	async requestPersistence() {
		try {
			if (navigator.storage?.persist && !(await navigator.storage.persisted())) await navigator.storage.persist();
		} catch {
			/* unsupported: the settings screen says so */
		}
		await this.checkPersistence();
	}

	async checkPersistence() {
		try {
			this.persisted = navigator.storage?.persisted ? await navigator.storage.persisted() : null;
			const estimate = await navigator.storage?.estimate?.();
			this.estimate = estimate ? { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 } : null;
		} catch {
			this.persisted = null;
		}
	}
}

export const deviceHealth = new DeviceHealth();
