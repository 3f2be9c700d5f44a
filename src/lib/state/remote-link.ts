// A document's link to the relay as live sync sees it (device/hosted-link.ts runs the stock
// provider in the documents' worker, with the document): its state, unsent count and peers from the
// worker's messages, and the page's answers to the relay's close codes (link-rules.ts). The page
// keeps the session: it refreshes the token and sends it. No Yjs, no y-websocket on the page.
import type { RemoteDoc } from '$lib/device/docs-client';
import { send } from '$lib/device/docs-client';
import type { FromWorker, LinkPeer, LinkStatus } from '$lib/device/docs-protocol';
import { Close, Reauthoriser } from './link-rules';
import { REFUSED, refusedChanges } from './refused-change.svelte';
import { linkState, type SyncState } from './link-state';
import { session } from './session.svelte';

export type { SyncState };
export type Peer = LinkPeer;
// Issue 8: contacts:<station> (residents' personal data, team only) syncs like the other two.
export type Kind = 'board' | 'visits' | 'contacts';

const UNLINKED: LinkStatus = { attached: false, connected: false, synced: false, lost: false, peers: [] };

export class RemoteLink {
	refused = false;
	#attached = false;
	/** Counts attaches and detaches: a refresh finished after either is for a link that is gone. */
	#generation = 0;
	#status: LinkStatus = UNLINKED;
	readonly #reauth = new Reauthoriser();
	#onRightsChanged: (() => void) | null = null;
	readonly #off: () => void;

	constructor(
		readonly name: string,
		readonly stationId: string,
		readonly kind: Kind,
		readonly doc: RemoteDoc,
		readonly changed: () => void
	) {
		const offStore = doc.onChange(changed);
		const handler = (m: FromWorker) => {
			if (m.type === 'link') {
				if (!this.#attached) return;
				if (m.status.synced && m.status.connected) this.#reauth.reset();
				this.#status = m.status;
				changed();
			} else if (m.type === 'closed') this.#closed(m.code, m.reason);
		};
		doc.handlers.add(handler);
		this.#off = () => {
			offStore();
			doc.handlers.delete(handler);
		};
	}

	get attached(): boolean {
		return this.#attached;
	}

	/** Local changes stored on this device that the server has not acknowledged (survives restarts). */
	get pending(): number {
		return this.doc.unsent;
	}

	get state(): SyncState {
		return linkState(this.#status, { attached: this.#attached, refused: this.refused, pending: this.pending, online: navigator.onLine });
	}

	get peers(): Peer[] {
		if (!this.#attached || this.state === 'offline') return [];
		return this.#status.peers;
	}

	reconnect() {
		if (!this.#attached) return;
		this.#status = { ...this.#status, connected: false, lost: true };
		send({ type: 'reconnect', name: this.name });
		this.changed();
	}

	attach(token: string, onRightsChanged: () => void) {
		this.#onRightsChanged = onRightsChanged;
		if (this.#attached) return;
		this.#attached = true;
		this.#generation++;
		this.#status = UNLINKED;
		send({ type: 'attach', name: this.name, url: `${location.origin.replace(/^http/, 'ws')}/sync`, token, me: session.person?.id ?? null });
		this.changed();
	}

	#closed(code: number, reason: string) {
		if (!this.#attached) return;
		if (code === Close.rightsChanged) this.#onRightsChanged?.();
		else if (code === Close.unauthenticated) void this.#reauthorise();
		else if (code === REFUSED) {
			// Issue 8: the change broke the document's rules; kept for export, then synced afresh.
			this.detach();
			void this.doc.encode().then((update) => refusedChanges.keepAndResync(this.name, update, reason));
		} else if (code === Close.forbidden || code === Close.unknownDocument) {
			this.refused = true;
			this.detach();
			// The right may have ended since the app's last look at GET /api/me (no 4100 reaches a link
			// refused at its start): ask again, so the device drops what it may no longer keep.
			this.#onRightsChanged?.();
		} else this.detach(); // any other refusal: the worker let go of the link already
		this.changed();
	}

	#reauthorise() {
		const generation = this.#generation;
		return this.#reauth.run({
			current: () => this.#attached && this.#generation === generation,
			connect: (token) => send({ type: 'token', name: this.name, token }),
			refuse: () => {
				this.refused = true;
				this.detach();
			},
			stop: () => this.detach(),
			rightsChanged: () => this.#onRightsChanged?.()
		});
	}

	detach() {
		if (!this.#attached) return;
		this.#attached = false;
		this.#generation++;
		this.#status = UNLINKED;
		send({ type: 'detach', name: this.name });
		this.changed();
	}

	destroy() {
		this.detach();
		this.#off();
	}
}
