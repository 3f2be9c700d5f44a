import { browser } from '$app/environment';
import { startLedgerRows } from '$lib/device/ledger-rows-start';
import { deviceHealth } from '$lib/state/device-health.svelte';
import { session } from '$lib/state/session.svelte';
import { settings } from '$lib/state/settings.svelte';
import { syncView } from '$lib/state/sync-view.svelte';

// The app runs from the device's copy of the data: rendered in the browser only, booted from the
// precached shell when offline. Public pages (later) live outside this group and are server-rendered.
export const ssr = false;

/** Side by side: each waits on the device's database, not on the others (issue 11). */
const read = () => Promise.all([settings.loaded || settings.load(), session.loaded || session.load(), deviceHealth.init()]);
// Asked as this module is evaluated, with the app's shell: the reads wait on IndexedDB while the
// router starts and fetches the page's modules, instead of after (issue 11).
let ahead: Promise<unknown> | null = browser ? read() : null;
ahead?.catch(() => {}); // (its failure is the first load's)
// At a ledger, its rows' worker too (ledger-rows-start.ts).
if (browser) startLedgerRows(location.pathname);

export async function load() {
	const reading = ahead ?? read();
	ahead = null;
	await reading;
	// Sync starts in the background: nothing on screen waits for the network, nor for the sync
	// engine's code (Yjs, y-websocket), which is not part of the app shell's first load.
	void syncView.init();
}
