import { deviceHealth } from '$lib/state/device-health.svelte';
import { session } from '$lib/state/session.svelte';
import { settings } from '$lib/state/settings.svelte';
import { syncView } from '$lib/state/sync-view.svelte';

// The app runs from the device's copy of the data: rendered in the browser only, booted from the
// precached shell when offline. Public pages (later) live outside this group and are server-rendered.
export const ssr = false;

export async function load() {
	// Side by side: each waits on the device's database, not on the others (issue 11).
	await Promise.all([settings.loaded || settings.load(), session.loaded || session.load(), deviceHealth.init()]);
	// Sync starts in the background: nothing on screen waits for the network, nor for the sync
	// engine's code (Yjs, y-websocket), which is not part of the app shell's first load.
	void syncView.init();
}
