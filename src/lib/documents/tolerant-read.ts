// Reading documents the server did not write itself, for everything it derives from them (public
// pages, statistics, CSV, coordination, dispatch agenda, bulletin, cadres' files): a record that
// does not have its documented shape (shapes.ts) — stored before the relay checked updates, or
// written by a bug — is skipped and logged once, and the rest is read as usual. A timeline event
// or idea stage of the wrong shape is skipped the same way; the entry or idea keeps the others.
import * as Y from 'yjs';
import { deriveIdea, type IdeaFacts, type IdeaState, type StageStep } from '$lib/domain/ideas';
import { deriveEntry, type EntryFacts, type EntryState, type TimelineEvent } from '$lib/domain/ledger';
import type { Notice } from '$lib/domain/notices';
import type { Help, Tie, Visit } from '$lib/domain/visits';
import { boardParts } from './board';
import { inboxOf, type InboxItem } from './inbox';
import { noticesOf } from './notices';
import type { Check, Fields } from './record-shape';
import { record } from './record-shape';
import { checkEvent, checkInboxItem, checkStage, entryFields, ideaFields, noticeFields, visitShapes } from './shapes';
import { visitLogParts } from './visit-log';

const logged = new Set<string>();

/** Once per record and reason for the life of the process (bounded: a flood is not kept). */
function skip(where: string, reason: string): void {
	const line = `${where}: ${reason}`;
	if (logged.has(line)) return;
	if (logged.size > 10_000) logged.clear();
	logged.add(line);
	console.warn(`skipped an unreadable record ${line}`);
}

function attempt<T>(where: string, read: () => T | null): T | null {
	try {
		return read();
	} catch (error) {
		skip(where, (error as Error).message);
		return null;
	}
}

/** The documented fields of a Y.Map record with their shape; a field of the wrong shape reads as its default. */
function facts(map: Y.Map<unknown>, fields: Fields, id: string): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, check] of Object.entries(fields)) {
		const value = map.get(key);
		if (value !== undefined && check(value) === null) out[key] = value;
		else if (!key.startsWith('reporter') && key !== 'proposer') out[key] = typeof check('') === 'string' && check(0) === null ? 0 : '';
	}
	out.id = id;
	return out;
}

function list<T>(where: string, value: unknown, check: Check): T[] | null {
	if (!(value instanceof Y.Array)) return null;
	return value.toArray().filter((x, i) => {
		const bad = check(x);
		if (bad) skip(`${where}/${i}`, bad);
		return !bad;
	}) as T[];
}

export function readableEntry(value: unknown, id: string): EntryState | null {
	const where = `entries/${id}`;
	return attempt(where, () => {
		if (!(value instanceof Y.Map)) return (skip(where, 'not a record'), null);
		const events = list<TimelineEvent>(`${where}/timeline`, value.get('timeline'), checkEvent);
		if (!events) return (skip(where, 'no timeline'), null);
		return deriveEntry(facts(value, entryFields, id) as unknown as EntryFacts, events);
	});
}

export function readableEntries(doc: Y.Doc): EntryState[] {
	const out: EntryState[] = [];
	for (const [id, value] of boardParts(doc).entries) {
		const entry = readableEntry(value, id);
		if (entry) out.push(entry);
	}
	return out;
}

export function readableIdeas(doc: Y.Doc): IdeaState[] {
	const out: IdeaState[] = [];
	for (const [id, value] of boardParts(doc).ideas as Y.Map<unknown>) {
		const where = `ideas/${id}`;
		const idea = attempt(where, () => {
			if (!(value instanceof Y.Map)) return (skip(where, 'not a record'), null);
			const history = list<StageStep>(`${where}/history`, value.get('history'), checkStage);
			if (!history) return (skip(where, 'no history'), null);
			const { proposer: _, ...rest } = facts(value, ideaFields, id);
			return deriveIdea(rest as unknown as IdeaFacts, history);
		});
		if (idea) out.push(idea);
	}
	return out;
}

/** Only the documented fields of a plain record, checked whole (a missing one is a bad record). */
function plain<T>(where: string, value: unknown, check: Check, fields?: Fields): T | null {
	const picked =
		fields && value && typeof value === 'object' ? Object.fromEntries(Object.keys(fields).filter((k) => k in value).map((k) => [k, (value as Record<string, unknown>)[k]])) : value;
	const bad = check(picked);
	if (bad) return (skip(where, bad), null);
	return picked as T;
}

const noticeCheck = record(noticeFields);
export function readableNotice(value: unknown, id: string): Notice | null {
	const where = `notices/${id}`;
	if (!(value instanceof Y.Map)) return (skip(where, 'not a record'), null);
	return plain<Notice>(where, value.toJSON(), noticeCheck, noticeFields);
}

export function readableNotices(doc: Y.Doc): Notice[] {
	const out: Notice[] = [];
	for (const [id, value] of noticesOf(doc) as Y.Map<unknown>) {
		const notice = readableNotice(value, id);
		if (notice) out.push(notice);
	}
	return out;
}

const INBOX_FIELDS: Fields = Object.fromEntries(['id', 'ref', 'content', 'place', 'receivedAt', 'status', 'entryId', 'decidedBy', 'decidedAt', 'reason'].map((k) => [k, () => null]));
export function readableInbox(doc: Y.Doc): InboxItem[] {
	const out: InboxItem[] = [];
	for (const [id, value] of inboxOf(doc) as Y.Map<unknown>) {
		const item = plain<InboxItem>(`inbox/${id}`, value, checkInboxItem, INBOX_FIELDS);
		if (item) out.push(item);
	}
	return out;
}

type Part = 'visits' | 'ties' | 'help';
type PartRecord = { visits: Visit; ties: Tie; help: Help };
const partFields: Record<Part, Fields> = {
	visits: Object.fromEntries(['id', 'visitor', 'date', 'household', 'address', 'peopleMet', 'notes', 'createdAt', 'cardsLeft', 'peopleHelped'].map((k) => [k, () => null])),
	ties: Object.fromEntries(['id', 'visitor', 'name', 'group', 'contact', 'notes', 'since', 'ended', 'createdAt'].map((k) => [k, () => null])),
	help: Object.fromEntries(['id', 'tieId', 'by', 'date', 'kind', 'text', 'createdAt', 'people'].map((k) => [k, () => null]))
};
export function readableRecords<P extends Part>(doc: Y.Doc, part: P): PartRecord[P][] {
	const out: PartRecord[P][] = [];
	for (const [id, value] of visitLogParts(doc)[part] as Y.Map<unknown>) {
		const rec = plain<PartRecord[P]>(`${part}/${id}`, value, visitShapes[part], partFields[part]);
		if (rec) out.push(rec);
	}
	return out;
}
