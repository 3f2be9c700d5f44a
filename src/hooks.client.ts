/**
 * Called by SvelteKit's router as it starts, before it reads the address: from here on, a tap on a
 * row of the frame src/boot-frame.js painted is left to the router (window.__yxBootTap), since the
 * frame changing the address now would change it under the router's first navigation (boot-frame.ts).
 */
export function init(): void {
	(window as { __yxBootLate?: boolean }).__yxBootLate = true;
}
