// The station board document (board:<stationId>): meta, categories, ledger entries and ideas.
// Its layout is a contract that the server's public pages and exports read: docs/data-model.md.
// It holds no resident's personal data: readers outside the team (a street leader, a lawyer, the
// office) get the whole board, so reporters and proposers live in contacts:<stationId> (contacts.ts).
import * as Y from 'yjs';
import { DEFAULT_CATEGORIES } from '$lib/domain/categories';
import { newId } from '$lib/domain/ids';
import { deriveIdea, IDEA_EDITABLE, validateIdea, type IdeaEdit, type IdeaFacts, type IdeaState, type StageStep } from '$lib/domain/ideas';
import { deriveEntry, EDITABLE_FACTS, stampEvent, type EditableFacts, type EntryFacts, type EntryState, type EventDraft, type TimelineEvent } from '$lib/domain/ledger';
import type { StationInfo } from '$lib/domain/station';

/** 2: no personal data in the board (schema 1 boards are migrated: personal-data.ts). */
export const BOARD_SCHEMA = 2;

/** Origin of every transaction made on this device, so undo tracks only local edits. */
export const LOCAL = Symbol('local');

export const boardParts = (doc: Y.Doc) => ({
	meta: doc.getMap<unknown>('meta'),
	categories: doc.getArray<string>('categories'),
	entries: doc.getMap<Y.Map<unknown>>('entries'),
	ideas: doc.getMap<Y.Map<unknown>>('ideas')
});

/** Run only once, on the device that creates the station: a second run would duplicate categories. */
export function initBoard(doc: Y.Doc, info: StationInfo, now: number): void {
	const { meta, categories } = boardParts(doc);
	doc.transact(() => {
		meta.set('schema', BOARD_SCHEMA);
		meta.set('name', info.name);
		meta.set('street', info.street);
		meta.set('kind', info.kind);
		meta.set('createdAt', now);
		categories.push([...DEFAULT_CATEGORIES]);
	}, LOCAL);
}

export function readMeta(doc: Y.Doc): StationInfo & { createdAt: number } {
	const meta = boardParts(doc).meta;
	return {
		name: String(meta.get('name') ?? ''),
		street: String(meta.get('street') ?? ''),
		kind: (meta.get('kind') as StationInfo['kind']) ?? 'community',
		createdAt: Number(meta.get('createdAt') ?? 0)
	};
}

export function setMeta(doc: Y.Doc, info: StationInfo): void {
	const meta = boardParts(doc).meta;
	doc.transact(() => {
		for (const [k, v] of Object.entries(info)) if (meta.get(k) !== v) meta.set(k, v);
	}, LOCAL);
}

/**
 * The station's categories in order, without the duplicates two offline edits may have added; the
 * defaults while the board has not come from the relay (no schema
 * yet: a phone offline before its first sync), so a problem can still be recorded and filed.
 */
export function readCategories(doc: Y.Doc): string[] {
	const { meta, categories } = boardParts(doc);
	if (!categories.length && !meta.has('schema')) return [...DEFAULT_CATEGORIES];
	return [...new Set(categories.toArray())];
}

export function setCategories(doc: Y.Doc, list: string[]): void {
	const categories = boardParts(doc).categories;
	doc.transact(() => {
		categories.delete(0, categories.length);
		categories.push(list);
	}, LOCAL);
}

// ——— Ledger entries: facts as map fields, the timeline as an array of plain events.

/** The facts the board holds (domain/ledger.ts, EDITABLE_FACTS); the reporter goes to the contacts document (`setReporter`). */
export type { EditableFacts };

/** Keys a schema-1 board kept on an entry, an inbox item and an idea: never written to a board again. */
export const PERSONAL_KEYS = {
	entry: ['reporterName', 'reporterPhone', 'reporterPrivate'],
	inbox: ['name', 'phone'],
	idea: ['proposer']
} as const;
const NOT_FACTS = new Set<string>(['timeline', ...PERSONAL_KEYS.entry]);

export function addEntry(doc: Y.Doc, facts: EditableFacts, by: string, now: number): string {
	const id = newId();
	const entry = new Y.Map<unknown>();
	entry.set('id', id);
	for (const key of EDITABLE_FACTS) entry.set(key, facts[key]);
	entry.set('createdAt', now);
	entry.set('createdBy', by);
	const timeline = new Y.Array<TimelineEvent>();
	timeline.push([stampEvent({ type: 'created' }, by, now)]);
	entry.set('timeline', timeline);
	doc.transact(() => boardParts(doc).entries.set(id, entry), LOCAL);
	return id;
}

export function readEntry(entry: Y.Map<unknown>): EntryState {
	const facts = {} as Record<string, unknown>;
	// Personal keys a not yet migrated board may still hold are never read from the board.
	for (const [k, v] of entry.entries()) if (!NOT_FACTS.has(k)) facts[k] = v;
	const timeline = entry.get('timeline') as Y.Array<TimelineEvent> | undefined;
	return deriveEntry(facts as unknown as EntryFacts, timeline ? timeline.toArray() : []);
}

/** Writes only the fields that changed, so a concurrent edit of another field survives the merge. */
export function updateFacts(doc: Y.Doc, id: string, patch: Partial<EditableFacts>): void {
	const entry = boardParts(doc).entries.get(id);
	if (!entry) throw new Error(`No ledger entry ${id}`);
	doc.transact(() => {
		for (const key of EDITABLE_FACTS) if (key in patch && entry.get(key) !== patch[key]) entry.set(key, patch[key]);
	}, LOCAL);
}

export function appendEvent(doc: Y.Doc, id: string, draft: EventDraft, by: string, now: number): TimelineEvent {
	// After every event the entry has here, as a phone stamps one after those it shows (stampEvent).
	const timeline = boardParts(doc).entries.get(id)?.get('timeline') as Y.Array<TimelineEvent> | undefined;
	return pushEvent(doc, id, stampEvent(draft, by, now, timeline?.toArray()));
}

/** An event stamped already (`stampEvent`): the page shows it before the documents' worker pushes it. */
export function pushEvent(doc: Y.Doc, id: string, event: TimelineEvent): TimelineEvent {
	const entry = boardParts(doc).entries.get(id);
	if (!entry) throw new Error(`No ledger entry ${id}`);
	doc.transact(() => (entry.get('timeline') as Y.Array<TimelineEvent>).push([event]), LOCAL);
	return event;
}

// ——— Ideas: facts as map fields, the stage history as an array of plain steps.

/** The proposer (a resident's name) goes to the contacts document (`setProposer`). */
export type NewIdea = Pick<IdeaFacts, 'title' | 'detail' | 'source'>;

export function addIdea(doc: Y.Doc, input: NewIdea, by: string, now: number): string {
	const id = newId();
	const idea = new Y.Map<unknown>();
	const { title, detail, source } = input;
	for (const [k, v] of Object.entries({ id, title, detail, source, createdAt: now, createdBy: by })) idea.set(k, v);
	const history = new Y.Array<StageStep>();
	history.push([{ stage: 'collected', at: now, by, note: '' }]);
	idea.set('history', history);
	doc.transact(() => boardParts(doc).ideas.set(id, idea), LOCAL);
	return id;
}

export function readIdea(idea: Y.Map<unknown>): IdeaState {
	const facts = {} as Record<string, unknown>;
	for (const [k, v] of idea.entries()) if (k !== 'history' && k !== 'proposer') facts[k] = v;
	const history = idea.get('history') as Y.Array<StageStep> | undefined;
	return deriveIdea(facts as unknown as IdeaFacts, history ? history.toArray() : []);
}

/**
 * An idea's facts corrected (`editIdea` gives the fields a form changed): sets only those that differ
 * from what this copy holds, each a field of its own, so a teammate's correction of another field
 * merges in (last writer wins per field). Its id, who collected it and when, and its stages are never
 * touched; nor is the proposer (the contacts document: `setProposer`). Refused whole (nothing written)
 * when the idea it would make is one validateIdea refuses: the relay would refuse the update.
 */
export function updateIdea(doc: Y.Doc, id: string, fields: Partial<IdeaEdit>): void {
	const idea = boardParts(doc).ideas.get(id);
	if (!idea) throw new Error(`No idea ${id}`);
	const given = IDEA_EDITABLE.filter((key) => Object.hasOwn(fields, key) && fields[key] !== undefined);
	const now = Object.fromEntries(IDEA_EDITABLE.map((key) => [key, given.includes(key) ? fields[key] : idea.get(key)]));
	const checked = validateIdea(now);
	if (!checked.ok) throw new Error(`Idea ${id}: edit refused (${checked.errors.map((e) => `${e.field} ${e.code}`).join(', ')})`);
	const changed = given.filter((key) => idea.get(key) !== checked.value[key]);
	if (changed.length === 0) return;
	doc.transact(() => {
		for (const key of changed) idea.set(key, checked.value[key]);
	}, LOCAL);
}

export function appendStage(doc: Y.Doc, id: string, step: Omit<StageStep, 'at' | 'by'>, by: string, now: number): void {
	const idea = boardParts(doc).ideas.get(id);
	if (!idea) throw new Error(`No idea ${id}`);
	doc.transact(() => (idea.get('history') as Y.Array<StageStep>).push([{ ...step, at: now, by }]), LOCAL);
}
