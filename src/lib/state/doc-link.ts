// One open document's link to the relay (sync.svelte.ts keeps one per document): the stock
// y-websocket provider, its state for the views, the changes not yet acknowledged, and what it does
// on the relay's close codes (docs/sync-protocol.md).
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { DocStore } from '$lib/device/doc-store';
import { Acknowledger } from '$lib/device/sync-ack';
import { announceAgain, forgetAbsentPeers } from './presence-clock';
import { session } from './session.svelte';
import { REFUSED, refusedChanges } from './refused-change.svelte';
import { Close, Reauthoriser } from './link-rules';

export type SyncState = 'local' | 'offline' | 'syncing' | 'synced' | 'refused';
export interface Peer {
	id: string;
	name: string;
}


// Issue 8: contacts:<station> (residents' personal data, team only) syncs like the other two.
export type Kind = 'board' | 'visits' | 'contacts';

/** One document's link to the relay. */
export class DocLink {
	provider: WebsocketProvider | null = null;
	refused = false;
	/** The connection was lost or could not be made, and has not synced again since. */
	#lost = false;
	#ack: Acknowledger | null = null;
	readonly #reauth = new Reauthoriser();
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

	/** A provider is linked (attach was called and not undone). */
	get attached(): boolean {
		return this.provider !== null;
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
		provider.on('status', ({ status }: { status: string }) => {
			// Others see this phone again at once, and it sees them (presence-clock.ts).
			if (status === 'connected') announceAgain(provider.awareness);
			else if (status === 'disconnected') forgetAbsentPeers(provider.awareness);
			this.changed();
		});
		provider.on('sync', (synced: boolean) => {
			if (synced) {
				this.#reauth.reset();
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
				void import('yjs').then((Y) => refusedChanges.keepAndResync(this.name, Y.encodeStateAsUpdate(this.doc), reason));
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
	#reauthorise(provider: WebsocketProvider) {
		return this.#reauth.run({
			current: () => this.provider === provider,
			connect: (token) => {
				provider.params = { ...provider.params, token };
				provider.connect();
			},
			refuse: () => {
				this.refused = true;
				this.detach();
			},
			stop: () => this.detach(),
			rightsChanged: () => this.#onRightsChanged?.()
		});
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
