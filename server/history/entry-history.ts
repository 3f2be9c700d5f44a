// An entry's history as a reader gets it (docs/api.md, "Entry history"): the rows the server
// recorded (history-store.ts), with each sender's name from the directory, and the timeline
// events it has no record of (stored before the history was kept). Nothing of residents: the
// reporter is never recorded, and for readers outside the team free text is masked like on
// the public pages (src/lib/domain/redact.ts).
import * as Y from 'yjs';
import { boardParts } from '../../src/lib/documents/board';
import { redact } from '../../src/lib/domain/redact';
import type { EntryHistoryItem, EntryHistoryView } from '../../src/lib/domain/entry-history';
import { HISTORY_FACTS } from './entry-changes';
import { FREE_TEXT_KEYS } from '../relay/masked-update';
import type { HistoryRow } from './history-store';

/** Fields of a timeline event a reader gets (its documented fields, shapes.ts). */
const EVENT_FIELDS = ['id', 'at', 'by', 'type', 'text', 'tier', 'responsible', 'deadline', 'departments', 'reason', 'satisfaction', 'decision', 'department', 'meetingDate'];
/** Free text a team member typed: masked for readers outside the team, the relay's keys (masked-update.ts). */
const FREE_TEXT = FREE_TEXT_KEYS;

export interface HistoryContext {
	/** The entry on the server's copy of the board, or undefined. */
	entry: Y.Map<unknown> | undefined;
	rows: HistoryRow[];
	/** A person's name by id, or null for the server itself. */
	nameOf(actor: string): string | null;
	/** Names and numbers to mask, or null for a team member (sees the text as the board has it). */
	mask: readonly string[] | null;
}

export function entryOf(board: Y.Doc, entryId: string): Y.Map<unknown> | undefined {
	const entry = boardParts(board).entries.get(entryId);
	return entry instanceof Y.Map ? entry : undefined;
}

const pick = (value: unknown, keys: readonly string[]): Record<string, unknown> => {
	const out: Record<string, unknown> = {};
	if (!value || typeof value !== 'object') return out;
	for (const k of keys) if (Object.hasOwn(value, k)) out[k] = (value as Record<string, unknown>)[k];
	return out;
};

function masked(field: string, value: unknown, mask: readonly string[] | null): unknown {
	if (!mask || !FREE_TEXT.has(field)) return value;
	if (Array.isArray(value)) return value.map((item: unknown) => (typeof item === 'string' ? redact(item, mask) : item));
	return typeof value === 'string' ? redact(value, mask) : value;
}

function maskAll(record: Record<string, unknown>, mask: readonly string[] | null): Record<string, unknown> {
	return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, masked(k, v, mask)]));
}

export function entryHistory({ entry, rows, nameOf, mask }: HistoryContext): EntryHistoryView {
	const items: EntryHistoryItem[] = rows.map((r) => {
		const base = { updateId: r.updateId, receivedAt: r.receivedAt, by: nameOf(r.actor), backfilled: r.note === 'backfilled', restoredFrom: restoredFrom(r.note) };
		if (r.kind === 'created') return { ...base, kind: 'created', facts: maskAll(pick(r.after, HISTORY_FACTS), mask) };
		if (r.kind === 'fact') return { ...base, kind: 'fact', field: r.field ?? '', before: masked(r.field ?? '', r.before, mask), after: masked(r.field ?? '', r.after, mask) };
		return { ...base, kind: 'event', event: maskAll(pick(r.after, EVENT_FIELDS), mask) };
	});
	const recorded = new Set(items.flatMap((i) => (i.kind === 'event' && typeof i.event.id === 'string' ? [i.event.id] : [])));
	const timeline = entry?.get('timeline');
	const events = timeline instanceof Y.Array ? (timeline.toArray() as unknown[]) : [];
	const unrecorded = events
		.filter((e) => e && typeof e === 'object' && !(e instanceof Y.AbstractType) && !recorded.has((e as { id?: unknown }).id as string))
		.map((e) => maskAll(pick(e, EVENT_FIELDS), mask));
	return { items, unrecorded, createdRecorded: rows.some((r) => r.kind === 'created') };
}

function restoredFrom(note: string | null): number | null {
	const m = /^restored:(\d+)$/.exec(note ?? '');
	return m ? Number(m[1]) : null;
}

/**
 * The entry's facts as they were right after update `version`: for each fact, the value its next
 * recorded change replaced, or the current value when it has not changed since. Only the facts
 * that differ from now are answered (what a restore writes).
 */
export function factsToRestore(entry: Y.Map<unknown>, rows: HistoryRow[], version: number): Record<string, unknown> {
	const patch: Record<string, unknown> = {};
	for (const field of HISTORY_FACTS) {
		const next = rows.find((r) => r.kind === 'fact' && r.field === field && r.updateId > version);
		if (!next || next.before === null || next.before === undefined) continue;
		if (next.before !== entry.get(field)) patch[field] = next.before;
	}
	return patch;
}
