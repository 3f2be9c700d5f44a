// What the app shell shows of live sync (the app bar's badge, the station cards), without loading
// the sync engine itself (sync.svelte.ts: Yjs, y-websocket). The (app) layout starts the engine in
// the background; until it has loaded nothing is attached, which reads as the engine's own
// initial state ("local", nothing pending).
import type { SyncState } from './sync.svelte';

type Engine = (typeof import('./sync.svelte'))['liveSync'];
const IDLE: { state: SyncState; pending: number } = { state: 'local', pending: 0 };

class SyncView {
	#engine = $state.raw<Engine | null>(null);
	#loading: Promise<Engine> | null = null;

	/** Once per page: loads the sync engine and starts it (nothing on screen waits for it). */
	init(): Promise<Engine> {
		return (this.#loading ??= import('./sync.svelte').then(({ liveSync }) => {
			liveSync.init();
			this.#engine = liveSync;
			return liveSync;
		}));
	}

	/** The whole device: shown in the app bar. */
	get overall(): { state: SyncState; pending: number } {
		return this.#engine?.overall ?? IDLE;
	}

	/** Every change on this device the server does not have, those of stations made here included. */
	get notOnServer(): number {
		return this.#engine?.notOnServer ?? 0;
	}

	/** One station: shown on its card. */
	station(id: string): { state: SyncState; pending: number } {
		return this.#engine?.station(id) ?? IDLE;
	}
}

export const syncView = new SyncView();
