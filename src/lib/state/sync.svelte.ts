// Live sync: the stock y-websocket provider on each open document the signed-in person may open
// (run in the documents' worker with the document: device/hosted-link.ts), and what the views show
// about it (local only / offline / syncing / synced, changes not yet on the server, who else is
// here). The device's copy stays the source of truth: a provider is attached only after the
// document has loaded from IndexedDB, and detaching never touches local data.
// Unsent changes are the document store's outbox (committed with each change); the relay's
// acknowledgement removes them (device/sync-ack.ts, docs/sync-protocol.md).
import { createSubscriber } from 'svelte/reactivity';
import type { DeviceStation } from '$lib/device/device-db';
import { deviceDb, readDevice } from '$lib/device/device-db-loader';
import { inBackground } from '$lib/device/in-background';
import { countUnsent, deviceDocNames } from '$lib/device/doc-on-device';
import { onDocs, onRemoteDocs, remote } from '$lib/device/doc-registry';
import type { RemoteDoc } from '$lib/device/docs-client';
import { docNames } from '$lib/domain/station';
import { afterFirstView } from '$lib/perf';
import { api, ApiError } from '$lib/remote/api';
import { session } from './session.svelte';
import { loadBoard, loadContacts, loadVisitLog } from './station-data';
import { deviceStations } from './stations.svelte';
import { lazyImport } from '$lib/device/lazy-modules';
import type { Kind, Peer, RemoteLink, SyncState } from './remote-link';

export type { Peer, SyncState } from './remote-link';

/** A document's link, run by the documents' worker (remote-link.ts). */
type Link = RemoteLink;

/** The links' module (and the documents' worker's client with it), imported when the first document has loaded: not at a start (issue 11). */
const remoteLinks = lazyImport(() => import('./remote-link'));

/** The station a document belongs to (`board:<station>`, …). */
const stationOf = (name: string) => name.slice(name.indexOf(':') + 1);

/** `counted`: whether a link's unsent changes wait for an upload (not those of a station made on this device). */
const combine = (links: Link[], counted: (link: Link) => boolean): { state: SyncState; pending: number } => {
	const states = new Set(links.map((l) => l.state));
	const state: SyncState = states.has('refused')
		? 'refused'
		: states.has('offline')
			? 'offline'
			: states.has('syncing')
			? 'syncing'
			: states.has('synced')
				? 'synced'
				: 'local';
	return { state, pending: links.reduce((n, l) => n + (counted(l) ? l.pending : 0), 0) };
};

class LiveSync {
	#links = new Map<string, Link>();
	#listeners = new Set<() => void>();
	#track = createSubscriber((update) => {
		this.#listeners.add(update);
		return () => this.#listeners.delete(update);
	});
	#started = false;
	/** Unsent changes of documents on the device that this page has not opened. */
	#dormant = new Map<string, number>();
	/**
	 * Stations whose changes nothing uploads: made on this device and unknown to the server (until the
	 * office adopts one, docs/api.md), or with no row here at all (being made, or being dropped). Their
	 * changes are never counted as waiting to upload (the card of one made here says 仅本机); erasing
	 * the device asks for those made here separately (SignOutPanel).
	 */
	#deviceOnly = new Set<string>();
	#counted = (link: Link) => !this.#deviceOnly.has(link.stationId);

	#changed = () => {
		for (const update of this.#listeners) update();
	};

	/** Once per page: follows every document as it loads, and the network coming back. */
	init() {
		if (this.#started) return;
		this.#started = true;
		// A document removed from the device (forgetDoc): its link goes.
		onDocs((name, doc) => {
			if (doc) return;
			this.#links.get(name)?.destroy();
			this.#links.delete(name);
			this.#dormant.delete(name);
			this.#changed();
		});
		// Each document, once the documents' worker has loaded it, links there.
		onRemoteDocs((name, handle) => {
			const m = /^(board|visits|contacts):(.+)$/.exec(name);
			if (this.#links.has(name) || !m) return;
			const attach = async () => {
				const { RemoteLink } = await remoteLinks();
				// Linked meanwhile, or forgotten (a new document of the name is linked by its own call).
				if (this.#links.has(name) || remote.get(name) !== handle) return;
				const link = new RemoteLink(name, m[2], m[1] as Kind, handle as RemoteDoc, this.#changed);
				this.#links.set(name, link);
				await this.#reconcile(link);
			};
			inBackground(attach(), 'Attaching a document');
		});
		inBackground(this.#countDormant(), 'Counting the unsent changes of unopened documents');
		window.addEventListener('online', () => {
			// Back at once, not after the provider's next try (up to its back-off): a lost link says 离线
			// only until the relay has answered its new socket.
			for (const link of this.#links.values()) if (link.state === 'offline') link.reconnect();
			this.#changed();
			this.#startInBackground();
		});
		// Back in front (a phone's app switcher): rights, names and streets may have changed meanwhile.
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') this.#startInBackground();
		});
		// An open socket may outlive the network by half a minute: say 离线 now and drop it.
		window.addEventListener('offline', () => {
			for (const link of this.#links.values()) link.reconnect();
			this.#changed();
		});
		this.#startInBackground();
	}

	#startInBackground() {
		inBackground(this.start(), 'Syncing the stations');
	}

	/**
	 * Asks the server which stations the person has and with which rights, merges them onto the
	 * device, then attaches or detaches every open document to match. Offline it only reconciles.
	 */
	start(): Promise<void> {
		// A call while a run is under way makes one more run after it (rights may have changed since
		// it asked); calls while that one waits share it.
		return (this.#startQueued ??= this.#serially(() => {
			this.#startQueued = null;
			return this.#startOnce();
		}));
	}

	#startQueued: Promise<void> | null = null;
	#queue: Promise<void> = Promise.resolve();

	/**
	 * Runs `fn` after every earlier one finished. Whatever opens or drops a station's documents here
	 * goes through it: a run that read the station list before another run's merge dropped a station
	 * would otherwise open its board again after the drop, re-creating the deleted database.
	 */
	#serially(fn: () => Promise<void>): Promise<void> {
		const run = this.#queue.then(fn, fn);
		this.#queue = run.catch(() => {});
		return run;
	}

	async #startOnce() {
		if (session.active && navigator.onLine) {
			try {
				let token = await session.accessToken();
				const me = await api.me(token ?? '').catch(async (error) => {
					if (!(error instanceof ApiError && error.status === 401)) throw error;
					token = await session.refresh();
					if (!token) throw error;
					return api.me(token);
				});
				session.updatePerson(me.person);
				await deviceStations.merge(me.stations);
			} catch (error) {
				if (error instanceof ApiError && error.code === 'account-disabled') await session.markDisabled();
				else if (!(error instanceof ApiError) || error.status !== 0) console.warn('Could not fetch stations', error);
			}
		}
		if (session.disabled) await this.#dropAccount();
		await this.reconcile();
		// The boards of the person's own teams keep syncing while signed in, so their cards are true
		// and edits arrive before a board is opened. Boards read by the office or a street leader
		// (a whole district of them) sync only while opened; visit logs sync where opened.
		// Loaded once the page's first view is complete: the ledger lists its projected rows before
		// any board's parse takes the main thread (issue 11).
		if (session.active) await afterFirstView();
		if (session.active)
			for (const row of await (await deviceDb()).stations.toArray()) {
				if (!row.synced || row.board !== 'write') continue;
				void loadBoard(row.id);
				if (row.contacts === 'write') void loadContacts(row.id); // issue 8: the team's residents' contacts with it
			}
	}

	/**
	 * The account is disabled (docs/api.md, `account-disabled`): every server station's documents
	 * leave the device. Nothing of them can be sent any more (the relay refuses every connection of
	 * the person), so what was unsent is counted, for the banner to say so, and goes too.
	 */
	async #dropAccount() {
		const ids = await deviceStations.serverStationIds();
		if (ids.length === 0) return;
		let lost = 0;
		for (const id of ids)
			for (const name of Object.values(docNames(id))) {
				const link = this.#links.get(name);
				lost += link ? link.pending : await countUnsent(name).catch(() => 0);
				link?.detach();
			}
		await deviceStations.drop(ids);
		await session.noteLost(lost);
	}

	async #countDormant() {
		// Read as the device holds it, without Dexie: this runs at a start, before its first view.
		const rows = await readDevice<DeviceStation[]>('stations', (s) => s.getAll(), (db) => db.stations.toArray()).catch(() => null);
		const uploading = rows && new Set(rows.filter((row) => row.synced).map((row) => row.id));
		for (const name of await deviceDocNames()) {
			if (this.#links.has(name)) continue;
			if (uploading) this.#noteDeviceOnly(stationOf(name), uploading.has(stationOf(name)));
			const n = await countUnsent(name).catch(() => 0);
			if (n > 0 && !this.#links.has(name)) this.#dormant.set(name, n);
		}
		this.#changed();
		// A document with changes waiting opens so that they can be sent (a visit log, or the contacts
		// of a station not opened yet, is otherwise opened only where shown).
		// Only where the person may still sync it, and never during a merge: opening a document
		// re-creates its database, and one whose right ended is being deleted (stations.svelte.ts).
		await this.#serially(async () => {
			for (const name of this.#dormant.keys()) {
				const m = /^(visits|contacts):(.+)$/.exec(name);
				if (!m) continue;
				const row = await (await deviceDb()).stations.get(m[2]);
				if (!row?.synced || !row[m[1] as 'visits' | 'contacts']) continue;
				void (m[1] === 'visits' ? loadVisitLog(m[2]) : loadContacts(m[2]));
			}
		});
	}

	/** Unsent changes of one station's documents not opened on this page. */
	#dormantOf(filter: (name: string) => boolean): number {
		let n = 0;
		for (const [name, count] of this.#dormant) if (!this.#links.has(name) && !this.#deviceOnly.has(stationOf(name)) && filter(name)) n += count;
		return n;
	}

	/** Notes whether a station's changes are uploaded (its row is the server's), as its row says now. */
	#noteDeviceOnly(stationId: string, uploads: boolean) {
		const deviceOnly = !uploads;
		if (deviceOnly === this.#deviceOnly.has(stationId)) return;
		if (deviceOnly) this.#deviceOnly.add(stationId);
		else this.#deviceOnly.delete(stationId);
		this.#changed();
	}

	/** Before erasing the device: every provider stops. */
	detachAll() {
		for (const link of this.#links.values()) link.detach();
		this.#dormant.clear();
		this.#changed();
	}

	/** After signing in: documents refused earlier get another try with the new rights. */
	forgetRefusals() {
		for (const link of this.#links.values()) link.refused = false;
		this.#changed();
	}

	async reconcile() {
		await Promise.all([...this.#links.values()].map((link) => this.#reconcile(link)));
	}

	async #reconcile(link: Link) {
		const row = await (await deviceDb()).stations.get(link.stationId);
		this.#noteDeviceOnly(link.stationId, !!row?.synced);
		const access = row?.synced ? (row[link.kind] ?? null) : null;
		if (!session.active || !access || link.refused) return link.detach();
		if (link.attached) return;
		const token = await session.accessToken();
		if (token && !link.attached && this.#links.get(link.name) === link) link.attach(token, () => this.#startInBackground());
	}

	/** The whole device: shown in the app bar. */
	get overall(): { state: SyncState; pending: number } {
		this.#track();
		const overall = combine([...this.#links.values()].filter((l) => !l.refused), this.#counted);
		return { ...overall, pending: overall.pending + this.#dormantOf(() => true) };
	}

	/**
	 * Every change on this device the server does not have, those of stations made here included:
	 * what a wipe of the device's storage would lose (device-health.svelte.ts).
	 */
	get notOnServer(): number {
		this.#track();
		let n = 0;
		for (const link of this.#links.values()) if (!link.refused) n += link.pending;
		for (const [name, count] of this.#dormant) if (!this.#links.has(name)) n += count;
		return n;
	}

	/** One station (its board and, where open, its visit log): shown on its card. */
	station(id: string): { state: SyncState; pending: number } {
		this.#track();
		const one = combine([...this.#links.values()].filter((l) => l.stationId === id), this.#counted);
		return { ...one, pending: one.pending + this.#dormantOf((name) => name.endsWith(`:${id}`)) };
	}

	/** Who else has this station's board open now. */
	peers(stationId: string): Peer[] {
		this.#track();
		return this.#links.get(`board:${stationId}`)?.peers ?? [];
	}
}

export const liveSync = new LiveSync();
