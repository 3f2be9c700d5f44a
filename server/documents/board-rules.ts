// The board's rules (docs/data-model.md, "The board"; docs/sync-protocol.md, "Document rules"):
// typed records, append-only timelines and idea histories, inbox records only the server adds,
// bounded texts and lists. Each check returns a refusal reason or null.
import * as Y from 'yjs';
import { field, SHORT, text, type Check, type Fields } from '../../src/lib/documents/record-shape';
import {
	BOARD_LIMITS, checkDutyDay, checkEvent as checkAnyEvent, checkInboxItem, checkStage, entryFields as entry, ideaFields as idea, INBOX_SERVER_FIELDS,
	metaFields as meta, noticeFields as notice, PERSONAL_FIELDS as PERSONAL, REQUIRED_WHEN_ADDED, SERVER_EVENTS, WRITE_ONCE
} from '../../src/lib/documents/shapes';
import type { Changes } from './changes';

/** A client may append any documented event but the office's steps (`decided`, `referred`, `referral-settled`): the server's only. */
const checkEvent: Check = (v) => {
	const type = (v as { type?: unknown } | null)?.type;
	return typeof type === 'string' && SERVER_EVENTS.has(type) ? `${type} events are written by the server only` : checkAnyEvent(v);
};

type ListRule = { check: Check; max: number; first?: Check };

/** A Y.Map record added whole: what the app writes with it (`required`), and its lists, each opened as the app opens it (`first`). */
function mapRecord(value: unknown, key: string, fields: Fields, lists: Record<string, ListRule>, required: readonly string[]): string | null {
	if (!(value instanceof Y.Map)) return 'not a record';
	if (value.get('id') !== key) return 'id differs from its key';
	for (const k of required) if (!value.has(k)) return `${k}: missing`;
	for (const [k, v] of value.entries()) {
		const listRule = Object.hasOwn(lists, k) ? lists[k] : undefined;
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
	for (const [k, { first }] of Object.entries(lists)) {
		const list = value.get(k);
		if (!(list instanceof Y.Array)) return `${k}: missing`;
		const bad = first && (list.length === 0 ? 'empty' : first(list.get(0)));
		if (bad) return `${k}: ${bad}`;
	}
	return null;
}

const entryLists: Record<string, ListRule> = {
	timeline: { check: checkEvent, max: BOARD_LIMITS.timeline, first: (v) => ((v as { type?: unknown }).type === 'created' ? null : 'the first event is not `created`') }
};
const ideaLists: Record<string, ListRule> = { history: { check: checkStage, max: BOARD_LIMITS.history, first: () => null } };

export function checkBoard(changes: Changes, doc: Y.Doc): string | null {
	for (const { path, key, before } of changes.deletes) {
		const [root, id, sub] = path;
		const where = path.join('/');
		if (root === 'categories' && path.length === 1) continue; // the list is replaced whole
		if (root === 'notices' && path.length === 1) continue; // a notice may be deleted (the app: a draft; offline, one posted meanwhile)
		if ((root === 'entries' || root === 'ideas') && path.length === 2 && key !== null && PERSONAL.has(key)) continue;
		if (root === 'notices' && path.length === 2) return `${where}/${key}: a notice's field is never removed`;
		if (path.length === 3 && sub === 'timeline') return `${root}/${id}/timeline: timeline events are append-only`;
		if (path.length === 3 && sub === 'history') return `${root}/${id}/history: an idea's stages are append-only`;
		if (root === 'inbox') return `inbox/${key}: residents' reports are never deleted`;
		if (root === 'dutyDays') return `dutyDays/${key}: a duty day's record is never deleted`;
		void before;
		return `${where}${key === null ? '' : `/${key}`}: ${root === 'entries' || root === 'ideas' ? 'records are never deleted' : 'not deletable'}`;
	}
	for (const { path, key, value, before, existedBefore } of changes.sets) {
		const [root] = path;
		const where = `${path.join('/')}/${key}`;
		let bad: string | null;
		if (path.length === 1) {
			if (root === 'meta') bad = field(meta, key, value);
			else if (root === 'entries') bad = existedBefore ? 'a ledger entry is never replaced' : mapRecord(value, key, entry, entryLists, REQUIRED_WHEN_ADDED.entries);
			else if (root === 'ideas') bad = existedBefore ? 'an idea is never replaced' : mapRecord(value, key, idea, ideaLists, REQUIRED_WHEN_ADDED.ideas);
			else if (root === 'notices') bad = mapRecord(value, key, notice, {}, REQUIRED_WHEN_ADDED.notices);
			else if (root === 'inbox') bad = inboxDecision(key, value, before, existedBefore);
			else if (root === 'dutyDays') bad = checkDutyDay(value) ?? ((value as { date?: unknown }).date !== key ? 'date differs from its key' : null);
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
	const bad = checkInboxItem(value);
	if (bad) return bad;
	const now = value as Record<string, unknown>;
	const was = (before ?? {}) as Record<string, unknown>;
	for (const k of INBOX_SERVER_FIELDS) if (now[k] !== was[k]) return `${k} is written by the server only`;
	return null;
}
