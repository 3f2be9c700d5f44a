// The ledger's text search: which entries of a list hold a needle in their content, place or
// responsible person (ignoring case), or have an id that starts with it.
//
// A list is searched as runs of its entries, each run's lowered texts joined into one string and
// its ids into another, with where every entry begins: a keystroke is one native scan of each
// string (and a binary search per match) instead of a call per entry. Over 50,000 entries on a
// phone the per-entry scan took most of a keystroke (issue 11).
//
// A run ends after an entry whose id hashes to one in RUN_MEAN (or at RUN_MAX entries): where runs
// end depends on the entries in them, not on where they are in the list, so an edit, an addition
// or a removal leaves every other run as it was, and the next keystroke makes again only the run
// it fell in. (One string for the whole list was made again after every change: at 50,000 entries
// 0.15 s of the first keystroke after an edit at CPU ×4, and 0.3 s of the first one after the load.)
// Entries are immutable snapshots (a change makes a new one), so a run made before is known still
// to hold by the very entries it was made of.
import type { LedgerRow } from './ledger-query';

const SEP = '\u0000';
/** Runs of about this many entries: a power of two. */
const RUN_MEAN = 256;
const RUN_MAX = 1024;

/** Text search ignores case and looks at content, place, responsible person (and the reference). */
function haystackOf(e: LedgerRow): string {
	return `${e.content}\n${e.place}\n${e.responsible}`.toLowerCase();
}

interface Joined {
	text: string;
	/** Where each part begins in `text`, and one more: the end. */
	starts: Int32Array;
}

function joined(parts: readonly string[], lead: string): Joined {
	const starts = new Int32Array(parts.length + 1);
	let at = lead.length;
	for (let i = 0; i < parts.length; i++) {
		starts[i] = at;
		at += parts[i].length + SEP.length;
	}
	starts[parts.length] = at;
	return { text: lead + parts.join(SEP), starts };
}

/** The part `at` lies in: the last whose start is at or before it. */
function partAt({ starts }: Joined, at: number): number {
	let lo = 0;
	let hi = starts.length - 2;
	while (lo < hi) {
		const mid = (lo + hi + 1) >>> 1;
		if (starts[mid] <= at) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

interface Run {
	rows: readonly LedgerRow[];
	texts: Joined;
	/** The ids after a separator each: an id that starts with the needle is where SEP + needle is. */
	ids: Joined;
}

/** Whether a run ends after the entry with this id: one id in RUN_MEAN, ids made in a sequence too (FNV-1a, then MurmurHash3's mix). */
function endsRun(id: string): boolean {
	let h = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
	return ((h ^ (h >>> 16)) & (RUN_MEAN - 1)) === 0;
}

/** Each run by its first entry. */
const runAt = new WeakMap<LedgerRow, Run>();

/** The run that begins at `entries[from]`: the one made before while it holds the same entries, else a new one. */
function runFrom(entries: readonly LedgerRow[], from: number): Run {
	const kept = runAt.get(entries[from]);
	if (kept && from + kept.rows.length <= entries.length && kept.rows.every((r, k) => entries[from + k] === r)) return kept;
	let to = from;
	while (to < entries.length && to - from < RUN_MAX) if (endsRun(entries[to++].id)) break;
	const rows = entries.slice(from, to);
	// A run made before that began inside this one (an entry was added before it) is not kept.
	for (let k = 1; k < rows.length; k++) runAt.delete(rows[k]);
	const run = { rows, texts: joined(rows.map(haystackOf), ''), ids: joined(rows.map((e) => e.id), SEP) };
	runAt.set(rows[0], run);
	return run;
}

/** A list's runs, per list (lists are never changed in place: sortLedger and the views make new ones). */
const listRuns = new WeakMap<readonly LedgerRow[], readonly Run[]>();

/** The runs of `entries`, one after the other, each found or made as it is reached. */
function* runsAlong(entries: readonly LedgerRow[]): Generator<Run> {
	for (let from = 0; from < entries.length; ) {
		const run = runFrom(entries, from);
		yield run;
		from += run.rows.length;
	}
}

function runsOf(entries: readonly LedgerRow[]): readonly Run[] {
	let runs = listRuns.get(entries);
	if (!runs) listRuns.set(entries, (runs = [...runsAlong(entries)]));
	return runs;
}

/**
 * Makes the search texts of `entries` (a list as the view will search it: sorted) ahead, `pause`
 * between slices of about `slice` entries: the first keystroke after the board has loaded then
 * finds them made.
 */
export async function warmSearch(entries: readonly LedgerRow[], pause: () => Promise<unknown>, slice = 500): Promise<void> {
	const runs: Run[] = [];
	let covered = 0;
	let done = 0;
	for (const run of runsAlong(entries)) {
		runs.push(run);
		covered += run.rows.length;
		if ((done += run.rows.length) >= slice && covered < entries.length) {
			await pause();
			done = 0;
		}
	}
	listRuns.set(entries, runs);
}

/** Marks the entries whose text holds `needle` (lowered), or whose id starts with it. */
export function matching(entries: readonly LedgerRow[], needle: string): Uint8Array {
	const marks = new Uint8Array(entries.length);
	if (needle.includes(SEP)) {
		// Never typed; an entry's own text may hold one, so each is looked at by itself.
		entries.forEach((e, i) => (marks[i] = haystackOf(e).includes(needle) || e.id.startsWith(needle) ? 1 : 0));
		return marks;
	}
	const prefix = SEP + needle;
	let base = 0;
	for (const { rows, texts, ids } of runsOf(entries)) {
		for (let at = texts.text.indexOf(needle); at !== -1; ) {
			const i = partAt(texts, at);
			marks[base + i] = 1;
			at = texts.text.indexOf(needle, texts.starts[i + 1]);
		}
		for (let at = ids.text.indexOf(prefix); at !== -1; at = ids.text.indexOf(prefix, at + 1)) marks[base + partAt(ids, at + 1)] = 1;
		base += rows.length;
	}
	return marks;
}
