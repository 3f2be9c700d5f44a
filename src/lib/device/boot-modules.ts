// Which of the app's modules a start at a station's tab page needed before its first view was
// complete (issue 11), kept so that the next start at that kind of page asks for them as soon as
// the boot frame has painted (src/boot-frame.js), beside the shell's own. Without this, a start
// discovers them one import level after another: the app's modules, then the route's nodes once the
// router has matched the address, then what those import (three round trips, about 0.15 s of a
// mid-range phone's start with its main thread idle between them).
// Kept in localStorage (the inline script reads it synchronously) by page kind, not by station
// (`/station/:id/visits`): addresses of the app's own files, nothing of anyone's data. A record made by
// another build of the app (its start module differs) is not used, and is replaced.

import { TAB_PAGE } from './boot-frame';
import { ROWS_WORKER_URL } from './ledger-rows-start';

export const BOOT_MODULES_KEY = 'yixian:boot-modules';
/** The app's entry module, whose hashed name changes with every build. */
const START = '/_app/immutable/entry/start.';
/** Enough for a ledger's start (about twenty, the shell's with them) with room; a longer list is cut. */
const MAX = 48;

export interface BootModules {
	/** The build the lists were made by: its start module's address. */
	start: string;
	/** Page kind (`/station/:id`, `/station/:id/visits`, …) → the modules its start loaded. */
	pages: Record<string, string[]>;
	/** That build's ledger rows worker's script, which the frame's script starts at a ledger (ledger-rows-start.ts). */
	rowsWorker?: string;
}

/** A station's tab page's kind (its station's id left out), or null for any other page. src/boot-frame.js's lastStart() makes the same kind from its address: change both together. */
export function pageKind(path: string): string | null {
	const at = path.replace(/(.)\/$/, '$1');
	return TAB_PAGE.test(at) ? at.replace(/^\/station\/[^/]+/, '/station/:id') : null;
}

/**
 * Keeps the modules this page load asked for before `until` (its first view complete; the app's
 * JavaScript under /_app/immutable/, not its workers) as those of a start at `path`'s kind, with the
 * build's start module they came with. What the app imports once that view is complete (Dexie, for
 * its first write and live queries) is not a start's, and is not asked for before the next view.
 */
export function rememberModules(path: string, until = Infinity): void {
	const kind = pageKind(path);
	if (!kind || typeof localStorage === 'undefined' || typeof performance === 'undefined') return;
	let start: string | null = null;
	const modules = new Map<string, number>();
	for (const entry of performance.getEntriesByType('resource')) {
		if (entry.startTime >= until) continue;
		const { origin, pathname } = new URL(entry.name, location.href);
		if (origin !== location.origin || !/^\/_app\/immutable\/(?!workers\/)[\w./-]+\.js$/.test(pathname) || modules.has(pathname)) continue;
		if (pathname.startsWith(START)) start ??= pathname;
		else modules.set(pathname, (entry as PerformanceResourceTiming).decodedBodySize ?? 0);
	}
	if (!start) return;
	const saved = readSaved();
	const pages = saved?.start === start ? saved.pages : {};
	// The largest first: the next start asks for them a few per task, and a large module takes longest to arrive and compile.
	pages[kind] = [...modules].sort((a, b) => b[1] - a[1]).map(([path]) => path).slice(0, MAX);
	try {
		localStorage.setItem(BOOT_MODULES_KEY, JSON.stringify({ start, pages, rowsWorker: new URL(ROWS_WORKER_URL, location.href).pathname } satisfies BootModules));
	} catch (err) {
		// A cache for speed (storage full or disabled): starts work the same without it.
		console.warn('Keeping the modules of a start failed', err);
	}
}

/** The device erased: nothing of the app is left, not even this. */
export function forgetBootModules(): void {
	if (typeof localStorage !== 'undefined') localStorage.removeItem(BOOT_MODULES_KEY);
}

function readSaved(): BootModules | null {
	try {
		const saved = JSON.parse(localStorage.getItem(BOOT_MODULES_KEY) ?? 'null') as BootModules | null;
		return typeof saved?.start === 'string' && saved.pages && typeof saved.pages === 'object' ? saved : null;
	} catch {
		return null; // unreadable: made afresh
	}
}
