// Live sync: the stock y-websocket provider on each open document the signed-in person may open,
// and what the views show about it (local only / syncing / synced, changes not yet on the server,
// who else is here). The device's copy stays the source of truth: a provider is attached only
// after y-indexeddb has loaded the document, and detaching never touches local data.
import { createSubscriber } from 'svelte/reactivity';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { deviceDb } from '$lib/device/device-db';
import { onDocs } from '$lib/device/station-docs';
import { LOCAL } from '$lib/documents/board';
import { api, ApiError } from '$lib/remote/api';
import { session } from './session.svelte';
import { loadBoard } from './station-board.svelte';
import { loadContacts } from './station-contacts.svelte';
import { deviceStations } from './stations.svelte';
import { REFUSED, refusedChanges } from './refused-change.svelte';

export type SyncState = 'local' | 'syncing' | 'synced' | 'refused';
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
	/**
	 * Local edits (LOCAL-origin transactions) made while not connected-and-synced, reset when the
	 * provider next reports synced. An approximation of "changes not yet on the server": the
	 * protocol has no acknowledgement, so an edit sent over an open, synced socket counts as
	 * delivered, and a sync counts everything before it as delivered (our sync step 2 follows the
	 * server's step 1 on the same socket). Kept in Dexie so it survives a restart while offline.
	 */
	pending = 0;
	#reauths = 0;

	readonly name: string;
	readonly stationId: string;
	readonly kind: Kind;
	readonly doc: Y.Doc;
	readonly changed: () => void;

	constructor(name: string, stationId: string, kind: Kind, doc: Y.Doc, changed: () => void) {
		this.name = name;
		this.stationId = stationId;
		this.kind = kind;
		this.doc = doc;
		this.changed = changed;
		doc.on('update', this.#onUpdate);
		void deviceDb.settings.get(this.#pendingKey).then((row) => {
			if (typeof row?.value === 'number') this.#setPending(this.pending + row.value);
		});
	}

	get #pendingKey() {
		return `pending:${this.name}`;
	}

	get state(): SyncState {
		if (this.refused) return 'refused';
		if (!this.provider) return 'local';
		return this.provider.wsconnected && this.provider.synced ? 'synced' : 'syncing';
	}

	/** Others on this document now, by the names the relay verified (it overwrites `user`). */
	get peers(): Peer[] {
		const provider = this.provider;
		if (!provider) return [];
		const me = session.person?.id;
		const byId = new Map<string, string>();
		for (const [clientId, state] of provider.awareness.getStates()) {
			const user = clientId === this.doc.clientID ? null : (state as { user?: { id?: unknown; name?: unknown } }).user;
			if (user && typeof user.id === 'string' && typeof user.name === 'string' && user.id !== me) byId.set(user.id, user.name);
		}
		return [...byId].map(([id, name]) => ({ id, name }));
	}

	#onUpdate = (_update: Uint8Array, origin: unknown) => {
		if (origin !== LOCAL || this.state === 'synced') return;
		this.#setPending(this.pending + 1);
	};

	#setPending(n: number) {
		this.pending = n;
		void deviceDb.settings.put({ key: this.#pendingKey, value: n });
		this.changed();
	}

	attach(token: string, onRightsChanged: () => void) {
		const provider = new WebsocketProvider(`${location.origin.replace(/^http/, 'ws')}/sync`, this.name, this.doc, {
			params: { token }
		});
		this.provider = provider;
		// Nothing client-claimed is shown to others: the relay adds the verified { id, name } as `user`.
		provider.awareness.setLocalState({ here: true });
		provider.awareness.on('change', this.changed);
		provider.on('status', this.changed);
		provider.on('sync', (synced: boolean) => {
			if (synced) {
				this.#reauths = 0;
				if (this.pending) this.#setPending(0);
			}
			this.changed();
		});
		// 4100 and 1013 are not in 44xx: the provider reconnects by itself and is authorised afresh.
		provider.on('connection-close', (event: CloseEvent | null) => {
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
		provider.awareness.off('change', this.changed);
		provider.destroy();
		provider.awareness.destroy();
		this.changed();
	}

	destroy() {
		this.detach();
		this.doc.off('update', this.#onUpdate);
	}
}

const combine = (links: DocLink[]): { state: SyncState; pending: number } => {
	const states = new Set(links.map((l) => l.state));
	const state: SyncState = states.has('refused')
		? 'refused'
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

	#changed = () => {
		for (const update of this.#listeners) update();
	};

	/** Once per page: follows every document as it loads, and the network coming back. */
	init() {
		if (this.#started) return;
		this.#started = true;
		onDocs((name, doc) => {
			const existing = this.#links.get(name);
			if (!doc) {
				existing?.destroy();
				this.#links.delete(name);
				return this.#changed();
			}
			if (existing) return;
			const m = /^(board|visits|contacts):(.+)$/.exec(name);
			if (!m) return;
			const link = new DocLink(name, m[2], m[1] as Kind, doc, this.#changed);
			this.#links.set(name, link);
			void this.#reconcile(link);
		});
		window.addEventListener('online', () => void this.start());
		void this.start();
	}

	/**
	 * Asks the server which stations the person has and with which rights, merges them onto the
	 * device, then attaches or detaches every open document to match. Offline it only reconciles.
	 */
	async start() {
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
				if (!(error instanceof ApiError) || error.status !== 0) console.warn('Could not fetch stations', error);
			}
		}
		await this.reconcile();
		// The boards of the person's own teams keep syncing while signed in, so their cards are true
		// and edits arrive before a board is opened. Boards read by the office or a street leader
		// (a whole district of them) sync only while opened; visit logs sync where opened.
		if (session.active)
			for (const row of await deviceDb.stations.toArray()) {
				if (!row.synced || row.board !== 'write') continue;
				void loadBoard(row.id);
				if (row.contacts === 'write') void loadContacts(row.id); // issue 8: the team's residents' contacts with it
			}
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
		const row = await deviceDb.stations.get(link.stationId);
		const access = row?.synced ? (row[link.kind] ?? null) : null;
		if (!session.active || !access || link.refused) return link.detach();
		if (link.provider) return;
		const token = await session.accessToken();
		if (token && !link.provider && this.#links.get(link.name) === link) link.attach(token, () => void this.start());
	}

	/** The whole device: shown in the app bar. */
	get overall(): { state: SyncState; pending: number } {
		this.#track();
		return combine([...this.#links.values()].filter((l) => !l.refused));
	}

	/** One station (its board and, where open, its visit log): shown on its card. */
	station(id: string): { state: SyncState; pending: number } {
		this.#track();
		return combine([...this.#links.values()].filter((l) => l.stationId === id));
	}

	/** Who else has this station's board open now. */
	peers(stationId: string): Peer[] {
		this.#track();
		return this.#links.get(`board:${stationId}`)?.peers ?? [];
	}
}

export const liveSync = new LiveSync();
