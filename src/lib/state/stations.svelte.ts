// The stations this device holds (Dexie), as a live list for the home screen.
import { createSubscriber } from 'svelte/reactivity';
import type { DeviceStation } from '$lib/device/device-db';
import { deviceDb, deviceDbModule } from '$lib/device/device-db-loader';
import { firstViewDone } from '$lib/perf';
import { newId } from '$lib/domain/ids';
import { canEdit, type DocKind } from '$lib/domain/access';
import { docNames, type StationInfo } from '$lib/domain/station';
import type { StationAccess } from '$lib/remote/api';
import { deviceHealth } from './device-health.svelte';
import { refusedChanges } from './refused-change.svelte';

const DOC_KINDS: readonly DocKind[] = ['board', 'visits', 'contacts'];

/**
 * The document layer, imported when a station's documents are created or removed: the station list
 * (the app shell) reads only Dexie.
 */
const documents = async () => {
	const [docs, client, views] = await Promise.all([import('$lib/device/station-docs'), import('$lib/device/docs-client'), import('./station-board.svelte')]);
	return { ...docs, ...client, ...views };
};

class DeviceStations {
	#list = $state<DeviceStation[] | null>(null);
	#track = createSubscriber((update) => {
		let sub: { unsubscribe(): void } | null = null;
		let stopped = false;
		// Dexie is imported on first use (device-db-loader.ts); the list stays null until it has answered.
		// Not before a page's first view is complete (perf.ts): a page that reads it at its start has
		// its station's row from its load, and Dexie's import and open would compete with that view.
		void firstViewDone()
			.then(deviceDbModule)
			.then(({ deviceDb, liveQuery }) => {
				if (stopped) return;
				sub = liveQuery(() => deviceDb.stations.orderBy('addedAt').toArray()).subscribe({
					next: (rows) => {
						this.#list = rows;
						update();
					},
					error: (err) => console.error('Reading stations failed', err)
				});
			}, (err: unknown) => console.error('Reading stations failed', err));
		return () => {
			stopped = true;
			sub?.unsubscribe();
		};
	});

	/** null until the device database has answered: never shown as "no stations" before that. */
	get list(): DeviceStation[] | null {
		this.#track();
		return this.#list;
	}

	/** The row as it is now (rights change while a page is open), else the one the page loaded. */
	current(loaded: DeviceStation): DeviceStation {
		return this.list?.find((s) => s.id === loaded.id) ?? loaded;
	}

	/** Whether the person may edit this station's document now; views hide every edit affordance otherwise. */
	canEdit(loaded: DeviceStation, kind: DocKind): boolean {
		return canEdit(this.current(loaded), kind);
	}

	/**
	 * Brings the server's list of the person's stations onto the device (GET /api/me). Name and
	 * street from the server win; stations made on this device that the server does not know stay
	 * as they are (local only).
	 *
	 * Local copies follow rights (issue 8): a document the person may no longer read (removed from
	 * the team, moved, a lawyer now, disabled) is deleted from the device, and a server station no
	 * longer listed goes with all its documents. Nothing of it could be sent any more: the relay
	 * refuses a document to anyone without the right to it. A board read outside the team comes
	 * masked: its copy is deleted when the person comes to write it, and the other way round. The
	 * row says the old kind of copy until it is deleted (a masked one is never editable: canEdit),
	 * and a page showing the station starts again then, on the new copy.
	 */
	async merge(stations: StationAccess[]) {
		const now = Date.now();
		const dropped: { id: string; kind: DocKind }[] = [];
		/** Boards whose copy changes kind: the kind each row says once the old copy is gone. */
		const switched = new Map<string, 'masked' | undefined>();
		let gone: string[] = [];
		const db = await deviceDb();
		await db.transaction('rw', db.stations, async () => {
			const listed = new Set(stations.map((s) => s.id));
			for (const s of stations) {
				const before = await db.stations.get(s.id);
				// A reader's board copy comes masked from the relay (docs/sync-protocol.md): kept apart from a writer's.
				const boardCopy = s.board === 'read' ? ('masked' as const) : undefined;
				// Masked and whole copies never mix: a reader come to write (or a reader's copy synced
				// before the relay masked) syncs the board afresh.
				const switching = !!before?.synced && !!before.board && !!s.board && before.boardCopy !== boardCopy;
				if (switching) switched.set(s.id, boardCopy);
				const fields = { name: s.name, street: s.streetName, kind: s.kind, board: s.board, visits: s.visits, contacts: s.contacts ?? null, as: s.as, synced: true as const, boardCopy: switching ? before!.boardCopy : boardCopy };
				if (before) await db.stations.update(s.id, fields);
				else await db.stations.add({ id: s.id, ...fields, addedAt: now, summary: { total: 0, open: 0, overdue: 0, updatedAt: 0 } });
				if (!before?.synced) continue;
				for (const kind of DOC_KINDS) if (before[kind] && !fields[kind]) dropped.push({ id: s.id, kind });
				if (switching) dropped.push({ id: s.id, kind: 'board' });
			}
			gone = (await db.stations.filter((s) => s.synced === true && !listed.has(s.id)).toArray()).map((s) => s.id);
			await db.stations.bulkDelete(gone);
		});
		if (gone.length === 0 && dropped.length === 0) return;
		const { forgetDoc, forgetDocs, unloadDoc, unloadStation } = await documents();
		for (const id of gone) {
			unloadStation(id);
			await forgetDocs(id);
			await refusedChanges.forget(Object.values(docNames(id)));
		}
		for (const { id, kind } of dropped) {
			unloadDoc(id, kind);
			await forgetDoc(docNames(id)[kind]);
			await refusedChanges.forget([docNames(id)[kind]]);
		}
		for (const [id, boardCopy] of switched) await db.stations.update(id, { boardCopy });
		// A page showing a switched board holds the copy just deleted: it starts again on the new one.
		const at = location.pathname.split('/');
		if (at[1] === 'station' && switched.has(at[2])) location.reload();
	}

	/** The stations of this device that the server gave (not those made here and never sent). */
	async serverStationIds(): Promise<string[]> {
		return (await (await deviceDb()).stations.filter((s) => s.synced === true).toArray()).map((s) => s.id);
	}

	/** Deletes these stations, their documents and any kept copy of them from the device (account disabled). */
	async drop(ids: string[]) {
		await (await deviceDb()).stations.bulkDelete(ids);
		const { forgetDocs, unloadStation } = await documents();
		for (const id of ids) {
			unloadStation(id);
			await forgetDocs(id);
			await refusedChanges.forget(Object.values(docNames(id)));
		}
	}

	async create(info: StationInfo): Promise<string> {
		const { openRemote } = await documents();
		const id = newId(12);
		const now = Date.now();
		const board = openRemote(docNames(id).board);
		await board.run('initBoard', info, now);
		await (await deviceDb()).stations.add({ id, ...info, addedAt: now, summary: { total: 0, open: 0, overdue: 0, updatedAt: now } });
		// The first station is worth keeping: ask the browser not to evict the device's storage.
		void deviceHealth.requestPersistence();
		return id;
	}

	async forget(id: string) {
		const { forgetDocs, unloadStation } = await documents();
		unloadStation(id);
		await forgetDocs(id);
		await (await deviceDb()).stations.delete(id);
	}
}

export const deviceStations = new DeviceStations();
