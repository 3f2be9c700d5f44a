// A worker-held document's link to the relay (docs.worker.ts): the stock y-websocket provider, the
// relay's acknowledgements (sync-ack.ts) and presence. What the page acts on is told to it: the link's
// status, who else is here, and the relay's close codes (4100 rights changed; 4401, 4403, 4404,
// 4422 in docs/sync-protocol.md). The page keeps the session: a fresh token comes from it.
import { WebsocketProvider } from 'y-websocket';
import { Acknowledger } from './sync-ack';
import { PageSocket } from './page-socket';
import { announceAgain, forgetAbsentPeers } from '$lib/state/presence-clock';
import type { FromWorker, LinkPeer, LinkStatus } from './docs-protocol';
import type { HostedDoc } from './hosted-doc';

/** Close codes told to the page: 4100 (the provider reconnects by itself) and every terminal one. */
const RIGHTS_CHANGED = 4100;
const UNAUTHENTICATED = 4401;

export class HostedLink {
	#provider: WebsocketProvider | null = null;
	#ack: Acknowledger | null = null;
	#lost = false;
	/** The signed-in person: not one of the others shown. */
	#me: string | null = null;

	constructor(
		private readonly hosted: HostedDoc,
		private readonly post: (message: FromWorker) => void
	) {}

	attach(url: string, token: string, me: string | null) {
		if (this.#provider || !this.hosted.store) return;
		const provider = new WebsocketProvider(url, this.hosted.name, this.hosted.doc, {
			params: { token, ack: '1' },
			disableBc: true,
			// The socket itself is the page's (page-socket.ts).
			WebSocketPolyfill: PageSocket as unknown as typeof WebSocket
		});
		this.#provider = provider;
		this.#me = me;
		this.#ack = new Acknowledger(provider, this.hosted.store, () => this.reconnect());
		// Nothing client-claimed is shown to others: the relay adds the verified { id, name } as `user`.
		provider.awareness.setLocalState({ here: true });
		const tell = () => this.#tell();
		provider.awareness.on('change', tell);
		provider.on('status', ({ status }: { status: string }) => {
			if (status === 'connected') announceAgain(provider.awareness);
			else if (status === 'disconnected') forgetAbsentPeers(provider.awareness);
			tell();
		});
		provider.on('sync', (synced: boolean) => {
			if (synced) this.#lost = false;
			tell();
		});
		provider.on('connection-error', () => {
			this.#lost = true;
			tell();
		});
		provider.on('connection-close', (event: CloseEvent | null) => {
			this.#lost = true;
			if (event?.code === RIGHTS_CHANGED) this.post({ type: 'closed', name: this.hosted.name, code: RIGHTS_CHANGED, reason: event.reason });
			tell();
		});
		provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
			// 4401: the page refreshes the token and sends it (`token`); any other: this link is done.
			if (code !== UNAUTHENTICATED) this.detach();
			this.post({ type: 'closed', name: this.hosted.name, code, reason });
			tell();
		});
		tell();
	}

	/** Connects again with a fresh token (after 4401). */
	token(token: string) {
		const provider = this.#provider;
		if (!provider) return;
		provider.params = { ...provider.params, token };
		provider.connect();
	}

	/** The network is gone or the socket stopped answering: drop it and try again. */
	reconnect() {
		const provider = this.#provider;
		if (!provider) return;
		this.#lost = true;
		provider.disconnect();
		provider.connect();
		this.#tell();
	}

	detach() {
		const provider = this.#provider;
		if (!provider) return;
		this.#provider = null;
		this.#ack?.destroy();
		this.#ack = null;
		provider.destroy();
		provider.awareness.destroy();
		this.#tell();
	}

	#tell() {
		this.post({ type: 'link', name: this.hosted.name, status: this.status() });
	}

	status(): LinkStatus {
		const provider = this.#provider;
		if (!provider) return { attached: false, connected: false, synced: false, lost: this.#lost, peers: [] };
		const byId = new Map<string, string>();
		for (const [clientId, state] of provider.awareness.getStates()) {
			const user = clientId === this.hosted.doc.clientID ? null : (state as { user?: { id?: unknown; name?: unknown } }).user;
			if (user && typeof user.id === 'string' && typeof user.name === 'string' && user.id !== this.#me) byId.set(user.id, user.name);
		}
		const peers: LinkPeer[] = [...byId].map(([id, name]) => ({ id, name }));
		return { attached: true, connected: provider.wsconnected, synced: provider.synced, lost: this.#lost, peers };
	}
}
