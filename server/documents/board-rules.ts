// The board's rules (docs/data-model.md, "The board"; docs/sync-protocol.md, "Document rules"):
// typed records, append-only timelines and idea histories, inbox records only the server adds,
// bounded texts and lists. Each check returns a refusal reason or null.
import * as Y from 'yjs';
import { IDEA_SOURCES, IDEA_STAGES } from '../../src/lib/domain/ideas';
import { CLOSE_REASONS, SATISFACTIONS, TIERS } from '../../src/lib/domain/ledger';
import { NOTICE_STATUSES } from '../../src/lib/domain/notices';
import { STATION_KINDS } from '../../src/lib/domain/station';
import type { Changes } from './changes';
import { bool, day, dayOrEmpty, field, list, NAME, num, oneOf, optional, record, SHORT, text, TEXT, type Check, type Fields } from './shape';

/** Longest lists a client may grow: an entry's timeline, an idea's history, the categories. */
export const BOARD_LIMITS = { timeline: 1000, history: 20, categories: 100 };

const meta: Fields = { schema: num, name: text(SHORT), street: text(SHORT), kind: oneOf(...STATION_KINDS), createdAt: num };

// Schema 1 kept the reporter on the entry: an app of before the move may still write it, and the
// server moves it out (contacts/personal-data-mover.ts).
const entry: Fields = {
	id: text(NAME), content: text(TEXT), place: text(SHORT), category: text(SHORT), receivedOn: dayOrEmpty, visitId: text(NAME),
	createdAt: num, createdBy: text(SHORT),
	reporterName: text(NAME), reporterPhone: text(NAME), reporterPrivate: bool
};
const PERSONAL = new Set(['reporterName', 'reporterPhone', 'reporterPrivate', 'proposer', 'name', 'phone']);
/** Written once, with the record: never rewritten. */
const WRITE_ONCE = new Set(['id', 'createdAt', 'createdBy', 'timeline', 'history']);

const stamp = { id: text(NAME), at: num, by: text(SHORT) };
const events: Record<string, Fields> = {
	created: {},
	note: { text: text(TEXT) },
	escalated: { tier: oneOf(...TIERS), responsible: text(SHORT), deadline: day, text: text(TEXT), departments: optional(list(text(SHORT), 50)) },
	assigned: { responsible: text(SHORT) },
	extended: { deadline: day, reason: text(TEXT) },
	solved: { text: text(TEXT) },
	closed: { reason: oneOf(...CLOSE_REASONS), text: text(TEXT) },
	feedback: { text: text(TEXT), satisfaction: oneOf(...SATISFACTIONS) }
	// `decided` is written by the server only (dispatch meeting): a client's is refused.
};
const checkEvent: Check = (v) => {
	const type = (v as { type?: unknown } | null)?.type;
	if (typeof type !== 'string' || !(type in events)) return type === 'decided' ? 'decided events are written by the server only' : 'not a timeline event';
	return record({ ...stamp, type: oneOf(type), ...events[type] })(v);
};

const idea: Fields = { id: text(NAME), title: text(SHORT), detail: text(TEXT), source: oneOf(...IDEA_SOURCES), createdAt: num, createdBy: text(SHORT), proposer: text(NAME) };
const checkStage = record({ stage: oneOf(...IDEA_STAGES), at: num, by: text(SHORT), note: text(TEXT) });

const contactCard = record({ name: text(NAME), unit: text(SHORT), position: text(SHORT), phone: text(NAME) });
const notice: Fields = {
	id: text(NAME), title: text(SHORT), date: dayOrEmpty, time: text(SHORT), place: text(SHORT), onDuty: text(SHORT), topics: text(TEXT),
	contact: contactCard, status: oneOf(...NOTICE_STATUSES), postedAt: num, postedBy: text(SHORT), createdAt: num, createdBy: text(SHORT)
};

/** What the server wrote when the report arrived: a client's decision keeps it as it was. */
const INBOX_SERVER_FIELDS = ['id', 'ref', 'content', 'place', 'receivedAt'] as const;
const inboxItem = record({
	id: text(NAME), ref: text(NAME), content: text(TEXT), place: text(SHORT), receivedAt: num,
	status: oneOf('new', 'accepted', 'dismissed'), entryId: text(NAME), decidedBy: text(SHORT), decidedAt: num, reason: text(TEXT),
	name: optional(text(NAME)), phone: optional(text(NAME))
});

/** A Y.Map record added whole, with its lists. */
function mapRecord(value: unknown, key: string, fields: Fields, lists: Record<string, { check: Check; max: number }>): string | null {
	if (!(value instanceof Y.Map)) return 'not a record';
	if (value.get('id') !== key) return 'id differs from its key';
	for (const [k, v] of value.entries()) {
		const listRule = lists[k];
		if (listRule) {
			if (!(v instanceof Y.Array)) return `${k}: not a list`;
			if (v.length > listRule.max) return `${k}: more than ${listRule.max} items`;
			for (const x of v.toArray()) {
				const bad = listRule.check(x);
				if (bad) return `${k}: ${bad}`;
			}
			continue;
		}
		const bad = field(fields, k, v);
		if (bad) return bad;
	}
	for (const k of Object.keys(lists)) if (!(value.get(k) instanceof Y.Array)) return `${k}: missing`;
	return null;
}

const entryLists = { timeline: { check: checkEvent, max: BOARD_LIMITS.timeline } };
const ideaLists = { history: { check: checkStage, max: BOARD_LIMITS.history } };

export function checkBoard(changes: Changes, doc: Y.Doc): string | null {
	for (const { path, key, before } of changes.deletes) {
		const [root, id, sub] = path;
		const where = path.join('/');
		if (root === 'categories' && path.length === 1) continue; // the list is replaced whole
		if (root === 'notices' && path.length === 1) continue; // a draft notice may be deleted
		if ((root === 'entries' || root === 'ideas') && path.length === 2 && key !== null && PERSONAL.has(key)) continue;
		if (root === 'notices' && path.length === 2) return `${where}/${key}: a notice's field is never removed`;
		if (path.length === 3 && sub === 'timeline') return `${root}/${id}/timeline: timeline events are append-only`;
		if (path.length === 3 && sub === 'history') return `${root}/${id}/history: an idea's stages are append-only`;
		if (root === 'inbox') return `inbox/${key}: residents' reports are never deleted`;
		void before;
		return `${where}${key === null ? '' : `/${key}`}: ${root === 'entries' || root === 'ideas' ? 'records are never deleted' : 'not deletable'}`;
	}
	for (const { path, key, value, before, existedBefore } of changes.sets) {
		const [root] = path;
		const where = `${path.join('/')}/${key}`;
		let bad: string | null;
		if (path.length === 1) {
			if (root === 'meta') bad = field(meta, key, value);
			else if (root === 'entries') bad = existedBefore ? 'a ledger entry is never replaced' : mapRecord(value, key, entry, entryLists);
			else if (root === 'ideas') bad = existedBefore ? 'an idea is never replaced' : mapRecord(value, key, idea, ideaLists);
			else if (root === 'notices') bad = mapRecord(value, key, notice, {});
			else if (root === 'inbox') bad = inboxDecision(key, value, before, existedBefore);
			else bad = 'not part of a board';
		} else if (path.length === 2 && (root === 'entries' || root === 'ideas' || root === 'notices')) {
			if (WRITE_ONCE.has(key) && existedBefore) bad = 'written once, never rewritten';
			else bad = field(root === 'entries' ? entry : root === 'ideas' ? idea : notice, key, value);
		} else bad = 'not part of a board';
		if (bad) return `${where}: ${bad}`;
	}
	for (const { path, value } of changes.inserts) {
		const [root, , sub] = path;
		let bad: string | null;
		if (path.length === 1 && root === 'categories') {
			bad = text(SHORT)(value) ?? (doc.getArray('categories').length > BOARD_LIMITS.categories ? `more than ${BOARD_LIMITS.categories} categories` : null);
		} else if (path.length === 3 && root === 'entries' && sub === 'timeline') bad = checkEvent(value) ?? listBound(doc, path, BOARD_LIMITS.timeline);
		else if (path.length === 3 && root === 'ideas' && sub === 'history') bad = checkStage(value) ?? listBound(doc, path, BOARD_LIMITS.history);
		else bad = 'not part of a board';
		if (bad) return `${path.join('/')}: ${bad}`;
	}
	return null;
}

function listBound(doc: Y.Doc, [root, id, sub]: readonly string[], max: number): string | null {
	const list = doc.getMap<Y.Map<unknown>>(root).get(id)?.get(sub);
	return list instanceof Y.Array && list.length > max ? `more than ${max} items` : null;
}

/** Residents' reports are added by the server; the team only decides them (`decide` in inbox.ts). */
function inboxDecision(key: string, value: unknown, before: unknown, existedBefore: boolean): string | null {
	if (!existedBefore) return 'residents\' reports are added by the server only';
	const bad = inboxItem(value);
	if (bad) return bad;
	const now = value as Record<string, unknown>;
	const was = (before ?? {}) as Record<string, unknown>;
	for (const k of INBOX_SERVER_FIELDS) if (now[k] !== was[k]) return `${k} is written by the server only`;
	return null;
}
