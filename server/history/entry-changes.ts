// What one committed update did to each ledger entry, in the terms of an entry's history
// (docs/data-model.md, "Entry history"): an entry created with its facts, a fact changed
// (before → after), a timeline event added. Read from the same `Changes` the board's rules
// checked (documents/changes.ts), so recording costs no second pass over the update. Residents'
// personal data (the reporter fields a schema-1 app may still write) is never part of it.
import * as Y from 'yjs';
import { parseDocName } from '../accounts/rights';
import { changesOf, type Changes } from '../documents/changes';

/** The facts an entry's history follows: what `updateFacts` writes (src/lib/documents/board.ts). */
export const HISTORY_FACTS = ['content', 'place', 'category', 'receivedOn', 'visitId'] as const;
export type HistoryFact = (typeof HISTORY_FACTS)[number];
const FACTS = new Set<string>(HISTORY_FACTS);

export type EntryChange =
	| { entry: string; kind: 'created'; facts: Record<string, unknown> }
	| { entry: string; kind: 'fact'; field: HistoryFact; before: unknown; after: unknown }
	| { entry: string; kind: 'event'; event: Record<string, unknown> };

/** Records an update's entry changes; null for a document without entries (not a board). */
export type HistoryRecorder = (tr: Y.Transaction) => EntryChange[];

const plain = (v: unknown): unknown => (v instanceof Y.AbstractType ? v.toJSON() : v);

function factsOf(value: unknown): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (!(value instanceof Y.Map)) return out;
	for (const key of HISTORY_FACTS) if (value.has(key)) out[key] = plain(value.get(key));
	return out;
}

function eventsOf(value: unknown): Record<string, unknown>[] {
	const timeline = value instanceof Y.Map ? value.get('timeline') : null;
	if (!(timeline instanceof Y.Array)) return [];
	return timeline.toArray().filter((e): e is Record<string, unknown> => !!e && typeof e === 'object' && !(e instanceof Y.AbstractType));
}

export function entryChanges(changes: Changes): EntryChange[] {
	const out: EntryChange[] = [];
	for (const { path, key, value, before, existedBefore } of changes.sets) {
		if (path[0] !== 'entries') continue;
		if (path.length === 1 && !existedBefore) {
			out.push({ entry: key, kind: 'created', facts: factsOf(value) });
			for (const event of eventsOf(value)) out.push({ entry: key, kind: 'event', event });
		} else if (path.length === 2 && FACTS.has(key)) {
			out.push({ entry: path[1], kind: 'fact', field: key as HistoryFact, before: existedBefore ? plain(before) : null, after: plain(value) });
		}
	}
	for (const { path, value } of changes.inserts) {
		if (path.length === 3 && path[0] === 'entries' && path[2] === 'timeline' && value && typeof value === 'object' && !(value instanceof Y.AbstractType)) {
			out.push({ entry: path[1], kind: 'event', event: value as Record<string, unknown> });
		}
	}
	return out;
}

/** The recorder for a board's transactions. */
export const recordEntryChanges: HistoryRecorder = (tr) => entryChanges(changesOf(tr));

/** The recorder of a document: boards keep an entry history, other documents none. */
export const historyRecorderFor = (docName: string): HistoryRecorder | null => (parseDocName(docName)?.kind === 'board' ? recordEntryChanges : null);
