// Live sync: the stock y-websocket provider on each open document the signed-in person may open,
// and what the views show about it (local only / offline / syncing / synced, changes not yet on the
// server, who else is here). The device's copy stays the source of truth: a provider is attached
// only after the document has loaded from IndexedDB, and detaching never touches local data.
// Unsent changes are the document store's outbox (committed with each change); the relay's
// acknowledgement removes them (device/sync-ack.ts, docs/sync-protocol.md).
import { createSubscriber } from 'svelte/reactivity';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { deviceDb } from '$lib/device/device-db-loader';
import type { DocStore } from '$lib/device/doc-store';
import { countUnsent, deviceDocNames, onDocs } from '$lib/device/station-docs';
import { Acknowledger } from '$lib/device/sync-ack';
import { docNames } from '$lib/domain/station';
import { api, ApiError } from '$lib/remote/api';
import { session } from './session.svelte';
import { loadBoard, loadVisitLog } from './station-board.svelte';
import { loadContacts } from './station-contacts.svelte';
import { deviceStations } from './stations.svelte';
import { REFUSED, refusedChanges } from './refused-change.svelte';

export type SyncState = 'local' | 'offline' | 'syncing' | 'synced' | 'refused';
export interface Peer {
	id: string;
	name: string;
}

/** The relay's close codes the app acts on (docs/sync-protocol.md). */
const Close = { rightsChanged: 4100, unauthenticated: 4401, forbidden: 4403, unknownDocument: 4404 } as const;
/** Fresh tokens refused this many times in a row: stop instead of looping (e.g. a disabled account). */
const MAX_REAUTH = 3;

// Issue 8: contacts:<station> (residents' personal data, team only) syncs like the other two.
type Kind = 'board' | 'visits' | 'contacts';

/** One document's link to the relay. */
class DocLink {
	provider: WebsocketProvider | null = null;
	refused = false;
	/** The connection was lost or could not be made, and has not synced again since. */
	#lost = false;
	#ack: Acknowledger | null = null;
	#reauths = 0;
	#offStore: () => void;
	#onRightsChanged: (() => void) | null = null;

	readonly name: string;
	readonly stationId: string;
	readonly kind: Kind;
	readonly doc: Y.Doc;
	readonly store: DocStore;
	readonly changed: () => void;

	constructor(name: string, stationId: string, kind: Kind, doc: Y.Doc, store: DocStore, changed: () => void) {
		this.name = name;
		this.stationId = stationId;
		this.kind = kind;
		this.doc = doc;
		this.store = store;
		this.changed = changed;
		this.#offStore = store.onChange(changed);
	}

	/** Local changes stored on this device that the server has not acknowledged (survives restarts). */
	get pending(): number {
		return this.store.unsent;
	}

	get state(): SyncState {
		if (this.refused) return 'refused';
		const provider = this.provider;
		if (!provider) return 'local';
		if (provider.wsconnected && provider.synced) return this.pending > 0 ? 'syncing' : 'synced';
		return this.#lost || !navigator.onLine ? 'offline' : 'syncing';
	}

	/** Others on this document now, by the names the relay verified (it overwrites `user`). */
	get peers(): Peer[] {
		const provider = this.provider;
		if (!provider || this.state === 'offline') return [];
		const me = session.person?.id;
		const byId = new Map<string, string>();
		for (const [clientId, state] of provider.awareness.getStates()) {
			const user = clientId === this.doc.clientID ? null : (state as { user?: { id?: unknown; name?: unknown } }).user;
			if (user && typeof user.id === 'string' && typeof user.name === 'string' && user.id !== me) byId.set(user.id, user.name);
		}
		return [...byId].map(([id, name]) => ({ id, name }));
	}

	/** The network is gone (offline event) or the socket stopped answering: drop it and try again. */
	reconnect() {
		const provider = this.provider;
		if (!provider) return;
		this.#lost = true;
		provider.disconnect();
		provider.connect();
		this.changed();
	}

	attach(token: string, onRightsChanged: () => void) {
		this.#onRightsChanged = onRightsChanged;
		const provider = new WebsocketProvider(`${location.origin.replace(/^http/, 'ws')}/sync`, this.name, this.doc, {
			params: { token, ack: '1' },
			// Without it, y-websocket encodes the whole document for a BroadcastChannel at every open
			// (3–4 MiB for a busy station), for tabs that share the same IndexedDB anyway (issue 11).
			disableBc: true
		});
		this.provider = provider;
		this.#ack = new Acknowledger(provider, this.store, () => this.reconnect());
		// Nothing client-claimed is shown to others: the relay adds the verified { id, name } as `user`.
		provider.awareness.setLocalState({ here: true });
		provider.awareness.on('change', this.changed);
		provider.on('status', this.changed);
		provider.on('sync', (synced: boolean) => {
			if (synced) {
				this.#reauths = 0;
				this.#lost = false;
			}
			this.changed();
		});
		// 4100 and 1013 are not in 44xx: the provider reconnects by itself and is authorised afresh.
		provider.on('connection-error', () => {
			this.#lost = true;
			this.changed();
		});
		provider.on('connection-close', (event: CloseEvent | null) => {
			this.#lost = true;
			if (event?.code === Close.rightsChanged) onRightsChanged();
			this.changed();
		});
		provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
			if (code === Close.unauthenticated) void this.#reauthorise(provider);
			else if (code === REFUSED) {
				// Issue 8: the change broke the document's rules; kept for export, then synced afresh.
				this.detach();
				void refusedChanges.keepAndResync(this.name, this.doc, reason);
			}
			else if (code === Close.forbidden || code === Close.unknownDocument) {
				this.refused = true;
				this.detach();
				// The right may have ended between the app's last look at GET /api/me and this
				// connection (no 4100 then reaches it): ask again, so the device drops what it may no
				// longer keep. A refused link is never attached again, so this cannot loop.
				onRightsChanged();
			}
			this.changed();
		});
	}

	/** 4401: the token expired (or was refused). Refresh it and connect again, or give up cleanly. */
	async #reauthorise(provider: WebsocketProvider) {
		if (++this.#reauths > MAX_REAUTH) {
			this.refused = true;
			return this.detach();
		}
		const token = await session.refresh();
		if (this.provider !== provider) return;
		if (token) {
			provider.params = { ...provider.params, token };
			provider.connect();
		} else if (session.ended) {
			this.detach(); // the banner asks to sign in again; local edits wait on the device
			if (session.disabled) this.#onRightsChanged?.(); // …unless disabled: then the stations' data goes
		} else {
			// Offline or the server is unreachable: try again when the network is back.
			this.#reauths--;
			const retry = () => void this.#reauthorise(provider);
			if (navigator.onLine) setTimeout(retry, 5000);
			else window.addEventListener('online', retry, { once: true });
		}
	}

	detach() {
		const provider = this.provider;
		if (!provider) return;
		this.provider = null;
		this.#ack?.destroy();
		this.#ack = null;
		provider.awareness.off('change', this.changed);
		provider.destroy();
		provider.awareness.destroy();
		this.changed();
	}

	destroy() {
		this.detach();
		this.#offStore();
	}
}

const combine = (links: DocLink[]): { state: SyncState; pending: number } => {
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
	return { state, pending: links.reduce((n, l) => n + l.pending, 0) };
};

class LiveSync {
	#links = new Map<string, DocLink>();
	#listeners = new Set<() => void>();
	#track = createSubscriber((update) => {
		this.#listeners.add(update);
		return () => this.#listeners.delete(update);
	});
	#started = false;
	/** Unsent changes of documents on the device that this page has not opened. */
	#dormant = new Map<string, number>();

	#changed = () => {
		for (const update of this.#listeners) update();
	};

	/** Once per page: follows every document as it loads, and the network coming back. */
	init() {
		if (this.#started) return;
		this.#started = true;
		onDocs((name, doc, store) => {
			const existing = this.#links.get(name);
			if (!doc || !store) {
				existing?.destroy();
				this.#links.delete(name);
				this.#dormant.delete(name);
				return this.#changed();
			}
			if (existing) return;
			const m = /^(board|visits|contacts):(.+)$/.exec(name);
			if (!m) return;
			const link = new DocLink(name, m[2], m[1] as Kind, doc, store, this.#changed);
			this.#links.set(name, link);
			void this.#reconcile(link);
		});
		void this.#countDormant();
		window.addEventListener('online', () => void this.start());
		// Back in front (a phone's app switcher): rights, names and streets may have changed meanwhile.
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') void this.start();
		});
		// An open socket may outlive the network by half a minute: say 离线 now and drop it.
		window.addEventListener('offline', () => {
			for (const link of this.#links.values()) link.reconnect();
			this.#changed();
		});
		void this.start();
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
		for (const name of await deviceDocNames()) {
			if (this.#links.has(name)) continue;
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
		for (const [name, count] of this.#dormant) if (!this.#links.has(name) && filter(name)) n += count;
		return n;
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

	async #reconcile(link: DocLink) {
		const row = await (await deviceDb()).stations.get(link.stationId);
		const access = row?.synced ? (row[link.kind] ?? null) : null;
		if (!session.active || !access || link.refused) return link.detach();
		if (link.provider) return;
		const token = await session.accessToken();
		if (token && !link.provider && this.#links.get(link.name) === link) link.attach(token, () => void this.start());
	}

	/** The whole device: shown in the app bar. */
	get overall(): { state: SyncState; pending: number } {
		this.#track();
		const overall = combine([...this.#links.values()].filter((l) => !l.refused));
		return { ...overall, pending: overall.pending + this.#dormantOf(() => true) };
	}

	/** One station (its board and, where open, its visit log): shown on its card. */
	station(id: string): { state: SyncState; pending: number } {
		this.#track();
		const one = combine([...this.#links.values()].filter((l) => l.stationId === id));
		return { ...one, pending: one.pending + this.#dormantOf((name) => name.endsWith(`:${id}`)) };
	}

	/** Who else has this station's board open now. */
	peers(stationId: string): Peer[] {
		this.#track();
		return this.#links.get(`board:${stationId}`)?.peers ?? [];
	}
}

export const liveSync = new LiveSync();
