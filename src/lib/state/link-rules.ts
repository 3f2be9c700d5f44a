// What a document's link does on the relay's close codes that the page must answer
// (docs/sync-protocol.md): the codes, and a refused token refreshed (remote-link.ts). No Yjs, no
// y-websocket here.
import { session } from './session.svelte';

/** The relay's close codes the app acts on (docs/sync-protocol.md). */
export const Close = { rightsChanged: 4100, unauthenticated: 4401, forbidden: 4403, unknownDocument: 4404 } as const;
/** Fresh tokens refused this many times in a row: stop instead of looping (e.g. a disabled account). */
const MAX_REAUTH = 3;

/** What a link does with the outcome of a token refresh. */
export interface ReauthSteps {
	/** The link is still the one that was refused (not detached or attached afresh meanwhile). */
	current(): boolean;
	connect(token: string): void;
	/** Too many refusals in a row: the link stops for good. */
	refuse(): void;
	/** The session ended: the link stops; local edits wait on the device. */
	stop(): void;
	/** The account is disabled: the stations' data leaves the device. */
	rightsChanged(): void;
}

/** 4401: the token expired (or was refused). Refresh it and connect again, or give up cleanly. */
export class Reauthoriser {
	#count = 0;

	/** The link synced: the refusals in a row start again from none. */
	reset() {
		this.#count = 0;
	}

	async run(steps: ReauthSteps): Promise<void> {
		if (++this.#count > MAX_REAUTH) return steps.refuse();
		const token = await session.refresh();
		if (!steps.current()) return;
		if (token) steps.connect(token);
		else if (session.ended) {
			steps.stop();
			if (session.disabled) steps.rightsChanged();
		} else {
			// Offline or the server is unreachable: try again when the network is back.
			this.#count--;
			const retry = () => void this.run(steps);
			if (navigator.onLine) setTimeout(retry, 5000);
			else window.addEventListener('online', retry, { once: true });
		}
	}
}
