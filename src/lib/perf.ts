// The moments of a page load that matter, as performance marks any benchmark can read
// (bench/board.js reads them): yx:shell (app bar and the station's frame painted), yx:first-rows
// (real ledger rows on screen), yx:list-complete (every row there: search and filters work),
// yx:hydrated (the Yjs document is loaded and the view shows it), yx:synced (the relay says synced),
// yx:entry-code (the ledger has loaded the entry page's code ahead: a tap on a row fetches none),
// yx:rows-worker (at a start at a ledger, its rows worker taken over by the app: detail 'frame' when the boot frame's
// script made it, 'app' when the app did as its shell was evaluated).

export type PerfMoment = 'shell' | 'first-rows' | 'list-complete' | 'hydrated' | 'synced' | 'entry-code' | 'rows-worker';

const marked = new Set<PerfMoment>();

/** Marks a moment once per page load: the first time is the one that counts. */
export function markOnce(moment: PerfMoment, detail?: string): void {
	if (marked.has(moment) || typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
	marked.add(moment);
	// The boot frame (src/boot-frame.js) marks the first rows when it paints the ones it kept.
	if (performance.getEntriesByName?.(`yx:${moment}`, 'mark').length) return;
	performance.mark(`yx:${moment}`, detail === undefined ? undefined : { detail });
}

/** Gives the main thread back (to input, rendering) between chunks of long work. */
export function yieldToMain(): Promise<void> {
	const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
	if (scheduler?.yield) return scheduler.yield();
	return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Waits until the main thread has nothing more urgent to do (input, rendering, the page's own work
 * in slices): for work nobody waits for, between its chunks. scheduler.yield() would not do here:
 * its continuation goes before the other tasks waiting.
 */
export function yieldToOthers(): Promise<void> {
	type PostTask = (task: () => void, options: { priority: 'background' }) => Promise<void>;
	const scheduler = (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler;
	if (scheduler?.postTask) return scheduler.postTask(() => {}, { priority: 'background' });
	return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Pages whose first view is still coming in steps (see holdBackground). */
let holds = 0;
let resume: (() => void) | null = null;
let resumed: Promise<void> | null = null;

/**
 * A page whose first view comes in steps (the ledger: its frame, its projected rows, then its
 * document) holds the app's background work (the other documents' loads) until that view is
 * complete, so that work does not compete with it. Returns the release: call it when the view is
 * complete, and when the page goes; a second call does nothing. A view that never completes (a
 * document that cannot load) holds nothing past HOLD_MAX_MS.
 */
export function holdBackground(): () => void {
	holds++;
	let held = true;
	const release = () => {
		if (!held) return;
		held = false;
		clearTimeout(cap);
		if (--holds > 0) return;
		resume?.();
		resume = resumed = null;
	};
	const cap = setTimeout(release, HOLD_MAX_MS);
	return release;
}

export const HOLD_MAX_MS = 10_000;

/** Resolves once no page holds background work (at once when none does). */
export function afterFirstView(): Promise<void> {
	if (holds === 0) return Promise.resolve();
	return (resumed ??= new Promise<void>((r) => (resume = r)));
}

/**
 * afterFirstView, for work a component asks for as it renders: asked once the render under way is
 * done, so that a page rendered in the same pass (after a layout that asks) has taken its hold.
 */
export async function firstViewDone(): Promise<void> {
	await Promise.resolve();
	await afterFirstView();
}
