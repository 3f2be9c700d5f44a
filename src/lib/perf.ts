// The moments of a page load that matter, as performance marks any benchmark can read
// (bench/board.js reads them): yx:shell (app bar and the station's frame painted), yx:first-rows
// (real ledger rows on screen), yx:list-complete (every row there: search and filters work),
// yx:hydrated (the Yjs document is loaded and the view shows it), yx:synced (the relay says synced).

export type PerfMoment = 'shell' | 'first-rows' | 'list-complete' | 'hydrated' | 'synced';

const marked = new Set<PerfMoment>();

/** Marks a moment once per page load: the first time is the one that counts. */
export function markOnce(moment: PerfMoment): void {
	if (marked.has(moment) || typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
	marked.add(moment);
	// The boot frame (src/boot-frame.js) marks the first rows when it paints the ones it kept.
	if (performance.getEntriesByName?.(`yx:${moment}`, 'mark').length) return;
	performance.mark(`yx:${moment}`);
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
