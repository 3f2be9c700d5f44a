// The entries of the ledger's top rows as their page first shows them (EntryPreview: the row and
// its timeline), for the frame src/boot-frame.js paints when one of those rows is tapped before
// the app has loaded (issue 11): the entry is on screen at the tap, not when the app is there.
// Rendered off-screen from the same component the entry page shows, and kept as plain data
// (boot-nodes.ts), so the frame's copy cannot drift from the page's. Loaded only when rows are
// kept (boot-rows.ts), never at a start.
import { flushSync, mount, unmount } from 'svelte';
import EntryPreview from '$lib/components/EntryPreview.svelte';
import type { TimelineEvent } from '$lib/domain/ledger';
import type { LedgerRow } from '$lib/domain/ledger-query';
import { shortRef } from '$lib/domain/ids';
import { i18n, t } from '$lib/i18n/i18n.svelte';
import { clock } from '$lib/state/clock.svelte';
import type { BootEntries, BootEntry, BootNode } from './boot-frame';
import { nodeOf } from './boot-nodes';

/** An entry as its page first shows it, by id; null when it is not known (yet). */
export type EntryOf = (id: string) => { row: LedgerRow; timeline: TimelineEvent[] } | null;

const ENTRY = /^\/station\/[^/]+\/entry\/([^/]+)$/;

/** The entries the kept rows link to, rendered as the entry page first shows them; null: none known. */
export function entryFrames(rows: BootNode[], entryOf: EntryOf): BootEntries | null {
	const items: Record<string, BootEntry> = {};
	for (const row of rows) {
		const linked = linkedEntry(row, entryOf);
		if (!linked) continue;
		items[linked.href] = { title: t('entry.ref', { ref: shortRef(linked.id) }), nodes: renderedOnce(linked.entry), row: JSON.stringify(row) };
	}
	return Object.keys(items).length ? { backLabel: t('nav.back'), items } : null;
}

/**
 * Renders the entries the rows link to ahead, one a task (`pause` between; all fifteen or so in one
 * were a task of 50–60 ms at CPU ×4 once the board had loaded): entryFrames then finds them made.
 */
export async function renderEntriesAhead(rows: BootNode[], entryOf: EntryOf, pause: () => Promise<unknown>): Promise<void> {
	for (const row of rows) {
		const linked = linkedEntry(row, entryOf);
		if (!linked) continue;
		renderedOnce(linked.entry);
		await pause();
	}
}

/** The entry a kept row links to, if it is known. */
function linkedEntry(row: BootNode, entryOf: EntryOf) {
	const href = row[3]?.href ?? '';
	const id = ENTRY.exec(href)?.[1];
	const entry = id ? entryOf(id) : null;
	return id && entry ? { href, id, entry } : null;
}

/**
 * Each entry's rendering, by the entry's state (an immutable snapshot: an edit makes a new one), the
 * language and the day (a badge says overdue): the rows are kept again whenever the list settles,
 * and rendering all fifteen or so each time was a task of 50–60 ms at CPU ×4, once an edit or a
 * peer's edit had changed one of them (issue 11).
 */
const renderings = new WeakMap<LedgerRow, { key: string; nodes: BootNode[] }>();

function renderedOnce(entry: { row: LedgerRow; timeline: TimelineEvent[] }): BootNode[] {
	const key = `${i18n.locale} ${clock.today} ${entry.timeline.length}`;
	const known = renderings.get(entry.row);
	if (known?.key === key) return known.nodes;
	const nodes = rendered(entry);
	renderings.set(entry.row, { key, nodes });
	return nodes;
}

function rendered(props: { row: LedgerRow; timeline: TimelineEvent[] }): BootNode[] {
	const target = document.createElement('div');
	const view = mount(EntryPreview, { target, props });
	flushSync();
	const nodes = [...target.children].map(nodeOf);
	void unmount(view);
	return nodes;
}
