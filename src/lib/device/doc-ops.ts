// The edits the page asks of a document the documents' worker holds (`run`, docs-protocol.ts): each
// is one of the documents' own writers ($lib/documents), applied in the worker as this device's
// local change (stored with an outbox record, sent to the relay, and told back to the page as the
// records it changed). Nothing else can be run: an unknown op is refused.
import type * as Y from 'yjs';
import { addEntry, appendStage, pushEvent, addIdea, initBoard, LOCAL, setCategories, setMeta, updateFacts, updateIdea } from '$lib/documents/board';
import { setInboxContact, setProposer, setReporter } from '$lib/documents/contacts';
import { setDutyDay } from '$lib/documents/duty-days';
import { decide, inboxOf, type InboxItem } from '$lib/documents/inbox';
import { addNotice, deleteNotice, setPosted, updateNotice } from '$lib/documents/notices';
import { findPersonalData, isEmpty, keepPersonalData, stripPersonalData } from '$lib/documents/personal-data';

/** The other documents the worker holds, loaded (an op that writes two: the personal-data move). */
export interface OpContext {
	loaded(name: string): Promise<Y.Doc | null>;
	/** Resolves once every change to a document is committed on the device; throws if one could not be. */
	stored(name: string): Promise<void>;
	/** Rewrites a document's stored copy as its current state only (what was deleted leaves the disk). */
	compact(name: string): Promise<void>;
}

type Op = (doc: Y.Doc, ctx: OpContext, ...args: never[]) => unknown;

/**
 * A report from the public page accepted: the entry made and the report decided, in one transaction.
 * A report this copy already has accepted (tapped twice, on two tabs) gets no second entry.
 */
function acceptReport(doc: Y.Doc, _ctx: OpContext, item: InboxItem, facts: Parameters<typeof addEntry>[1], by: string, now: number): string {
	const current = inboxOf(doc).get(item.id);
	if (current?.status === 'accepted' && current.entryId) return current.entryId;
	let entryId = '';
	doc.transact(() => {
		entryId = addEntry(doc, facts, by, now);
		decide(doc, item, { status: 'accepted', entryId, reason: '' }, by, now);
	}, LOCAL);
	return entryId;
}

/**
 * A board copy that still holds residents' personal data (stored before the move, or an old app's
 * edits merged since): moved into the contacts document (`contacts`, a team member's phone), or
 * deleted from the board (a writer without the contacts), then the stored copy rewritten so that
 * it is gone from disk too. 'reader': the device may not write the board; the page drops its copy.
 */
async function cleanPersonalData(board: Y.Doc, ctx: OpContext, contacts: string | null, canWriteBoard: boolean): Promise<'none' | 'cleaned' | 'reader'> {
	const found = findPersonalData(board);
	if (isEmpty(found)) return 'none';
	if (!canWriteBoard) return 'reader';
	const contactsDoc = contacts ? await ctx.loaded(contacts) : null;
	if (contactsDoc) {
		// Kept, and on disk, before the board lets go of it: a contacts write that failed (a full disk)
		// leaves it on the board, where the next look finds it again, not in the worker's memory only.
		keepPersonalData(contactsDoc, found, LOCAL);
		await ctx.stored(contacts!);
	}
	stripPersonalData(board, found, LOCAL);
	await ctx.compact(board.guid);
	return 'cleaned';
}

export const OPS = {
	initBoard: (doc: Y.Doc, _ctx: OpContext, info: Parameters<typeof initBoard>[1], now: number) => initBoard(doc, info, now),
	setMeta: (doc: Y.Doc, _ctx: OpContext, info: Parameters<typeof setMeta>[1]) => setMeta(doc, info),
	setCategories: (doc: Y.Doc, _ctx: OpContext, list: string[]) => setCategories(doc, list),
	addEntry: (doc: Y.Doc, _ctx: OpContext, facts: Parameters<typeof addEntry>[1], by: string, now: number) => addEntry(doc, facts, by, now),
	updateFacts: (doc: Y.Doc, _ctx: OpContext, id: string, patch: Parameters<typeof updateFacts>[2]) => updateFacts(doc, id, patch),
	/** An event the page stamped (`stampEvent`), shown there already. */
	pushEvent: (doc: Y.Doc, _ctx: OpContext, id: string, event: Parameters<typeof pushEvent>[2]) => void pushEvent(doc, id, event),
	addIdea: (doc: Y.Doc, _ctx: OpContext, input: Parameters<typeof addIdea>[1], by: string, now: number) => addIdea(doc, input, by, now),
	appendStage: (doc: Y.Doc, _ctx: OpContext, id: string, step: Parameters<typeof appendStage>[2], by: string, now: number) => appendStage(doc, id, step, by, now),
	/** An idea's facts corrected: the fields the form changed (`editIdea`). */
	updateIdea: (doc: Y.Doc, _ctx: OpContext, id: string, fields: Parameters<typeof updateIdea>[2]) => updateIdea(doc, id, fields),
	addNotice: (doc: Y.Doc, _ctx: OpContext, fields: Parameters<typeof addNotice>[1], by: string, now: number) => addNotice(doc, fields, by, now),
	updateNotice: (doc: Y.Doc, _ctx: OpContext, id: string, fields: Parameters<typeof updateNotice>[2]) => updateNotice(doc, id, fields),
	setPosted: (doc: Y.Doc, _ctx: OpContext, id: string, posted: boolean, by: string, now: number) => setPosted(doc, id, posted, by, now),
	deleteNotice: (doc: Y.Doc, _ctx: OpContext, id: string) => deleteNotice(doc, id),
	decide: (doc: Y.Doc, _ctx: OpContext, item: InboxItem, decision: Parameters<typeof decide>[2], by: string, now: number) => decide(doc, item, decision, by, now),
	acceptReport,
	setDutyDay: (doc: Y.Doc, _ctx: OpContext, fields: Parameters<typeof setDutyDay>[1], by: string, now: number) => void setDutyDay(doc, fields, by, now),
	setReporter: (doc: Y.Doc, _ctx: OpContext, entryId: string, patch: Parameters<typeof setReporter>[2]) => setReporter(doc, entryId, patch),
	setInboxContact: (doc: Y.Doc, _ctx: OpContext, itemId: string, contact: Parameters<typeof setInboxContact>[2]) => setInboxContact(doc, itemId, contact),
	/** '' clears the idea's proposer. */
	setProposer: (doc: Y.Doc, _ctx: OpContext, ideaId: string, proposer: string) => setProposer(doc, ideaId, proposer),
	cleanPersonalData
} satisfies Record<string, Op>;

/** The ops by name, with their arguments and results as the page calls them (docs-client.ts `run`). */
export type Ops = typeof OPS;
export type OpName = keyof Ops;
export type OpArgs<K extends OpName> = Parameters<Ops[K]> extends [Y.Doc, OpContext, ...infer R] ? R : never;
export type OpResult<K extends OpName> = Awaited<ReturnType<Ops[K]>>;

/**
 * Runs the op `name` on `doc` (the worker's `run`). `changed`: whether the document changed while it
 * ran (its own edit, or a peer's merged meanwhile): an op that found nothing to do (a station's
 * clean with no residents' data, at every start) leaves nothing to commit, and the page need not
 * ask the worker before leaving (docs-client.ts `whenStored`).
 */
export async function runOp(name: string, doc: Y.Doc, ctx: OpContext, args: unknown[]): Promise<{ value: unknown; changed: boolean }> {
	if (!Object.hasOwn(OPS, name)) throw new Error(`unknown op ${name}`);
	const op = OPS[name as OpName] as (doc: Y.Doc, ctx: OpContext, ...args: unknown[]) => unknown;
	let changed = false;
	const mark = () => (changed = true);
	doc.on('update', mark);
	try {
		return { value: await op(doc, ctx, ...args), changed };
	} finally {
		doc.off('update', mark);
	}
}
