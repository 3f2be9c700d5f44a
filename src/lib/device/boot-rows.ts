// The ledger's top rows as the list shows them, taken from the page (issue 11), for the frame that
// src/boot-frame.js paints at the next start before the app's JavaScript has run: real rows on the
// screen in the time it takes to parse the page, not after the app has loaded (most of a second on
// a mid-range phone). Taken from the DOM the app rendered, as plain data (tags, classes, text,
// links): the frame builds the same rows with createElement and textContent, never as HTML, so it
// needs no copy of the row's markup and cannot drift from it (app.css styles both). The entries
// those rows open are kept with them (boot-entries.ts), for a tap on a row before the app is there.
import type { EntryOf } from './boot-entries';
import { rememberRows, type BootRows } from './boot-frame';
import { nodeOf } from './boot-nodes';

/**
 * The rows in view at the top of `viewport` (the ledger's list, role=list), with where it is on the
 * screen; null when the list is scrolled (its top is not what the next start shows first).
 */
function snapshotRows(viewport: HTMLElement): BootRows | null {
	if (viewport.scrollTop !== 0) return null;
	const box = viewport.getBoundingClientRect();
	const items = [...viewport.querySelectorAll<HTMLElement>('[role=listitem]')]
		.map((row) => ({ row, top: row.offsetTop }))
		.filter(({ top }) => top < viewport.clientHeight)
		.sort((a, b) => a.top - b.top);
	if (!items[0]?.row.firstElementChild) return { top: 0, left: 0, right: 0, height: 0, rowHeight: 0, items: [] };
	return {
		top: Math.round(box.top + window.scrollY),
		left: Math.round(box.left),
		right: Math.round(document.documentElement.clientWidth - box.right),
		height: Math.round(viewport.clientHeight),
		rowHeight: items[0].row.offsetHeight,
		items: items.map(({ row }) => row.firstElementChild).filter((el): el is Element => !!el).map(nodeOf)
	};
}

/** boot-entries.ts once loaded: later keeps are done within their call (one as the page is hidden, before it goes). */
let entriesModule: typeof import('./boot-entries') | null = null;

const loadEntriesModule = async () => (entriesModule ??= await import('./boot-entries'));

/** Loads boot-entries.ts ahead (the board has loaded: its rows' entries will be kept), in the background. */
export function loadEntryFrames(): void {
	if (!entriesModule) loadEntriesModule().catch(() => {});
}

/**
 * Keeps the list's top rows for the next start at `path`, unless the list is scrolled; with
 * `entryOf` (the board has loaded), the entries they open too, as their page first shows them.
 * With `pause`, those entries are rendered first, one a task, and the rows are taken after that
 * (none are kept if the list has gone meanwhile: the page keeps them as it goes).
 */
export async function keepRows(path: string, viewport: HTMLElement | null | undefined, entryOf?: EntryOf, pause?: () => Promise<unknown>): Promise<void> {
	if (!viewport) return;
	if (entryOf && pause) {
		const ahead = snapshotRows(viewport);
		if (!ahead) return;
		await (await loadEntriesModule()).renderEntriesAhead(ahead.items, entryOf, pause);
		if (!viewport.isConnected) return;
	}
	const rows = snapshotRows(viewport);
	if (!rows) return;
	if (entryOf && rows.items.length) {
		if (!entriesModule) {
			// The page may be going away before it loads: the rows now (with the entries kept earlier
			// while their rows are unchanged), their own entries once it has.
			rememberRows(path, rows);
		}
		const entries = (entriesModule ?? (await loadEntriesModule())).entryFrames(rows.items, entryOf);
		if (entries) rows.entries = entries;
	}
	rememberRows(path, rows);
}
