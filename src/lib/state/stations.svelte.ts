// The stations this device holds (Dexie), as a live list for the home screen.
import { liveQuery } from 'dexie';
import { createSubscriber } from 'svelte/reactivity';
import { deviceDb, type DeviceStation } from '$lib/device/device-db';
import { forgetDocs, openBoard } from '$lib/device/station-docs';
import { newId } from '$lib/domain/ids';
import type { StationInfo } from '$lib/domain/station';
import { initBoard } from '$lib/documents/board';
import { unloadStation } from './station-board.svelte';

class DeviceStations {
	#list = $state<DeviceStation[] | null>(null);
	#track = createSubscriber((update) => {
		const sub = liveQuery(() => deviceDb.stations.orderBy('addedAt').toArray()).subscribe({
			next: (rows) => {
				this.#list = rows;
				update();
			},
			error: (err) => console.error('Reading stations failed', err)
		});
		return () => sub.unsubscribe();
	});

	/** null until the device database has answered: never shown as "no stations" before that. */
	get list(): DeviceStation[] | null {
		this.#track();
		return this.#list;
	}

	async create(info: StationInfo): Promise<string> {
		const id = newId(12);
		const now = Date.now();
		const board = openBoard(id);
		await board.ready;
		initBoard(board.doc, info, now);
		await deviceDb.stations.add({ id, ...info, addedAt: now, summary: { total: 0, open: 0, overdue: 0, updatedAt: now } });
		return id;
	}

	async forget(id: string) {
		unloadStation(id);
		await forgetDocs(id);
		await deviceDb.stations.delete(id);
	}
}

export const deviceStations = new DeviceStations();
