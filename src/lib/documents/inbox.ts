// The board's inbox: problems residents reported on the public page, written by the server as
// plain records (`inbox`: Y.Map by id). The team accepts one into the ledger or dismisses it;
// the record then names the entry, so the resident's reference number can show the outcome.
// The contact the resident left (name, phone) is personal data: it is in the station's contacts
// document under the same id (contacts.ts), never in the board.
import type * as Y from 'yjs';
import { LOCAL } from './board';

export const INBOX_STATUSES = ['new', 'accepted', 'dismissed'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

export interface InboxItem {
	id: string;
	/** What the resident was given to look the outcome up (upper case, no 0/O/1/I confusion). */
	ref: string;
	content: string;
	place: string;
	receivedAt: number;
	status: InboxStatus;
	entryId: string;
	decidedBy: string;
	decidedAt: number;
	reason: string;
}

export const inboxOf = (doc: Y.Doc) => doc.getMap<InboxItem>('inbox');

/** Written by the server only (the relay stores and forwards it like any other update). */
export function addInboxItem(doc: Y.Doc, item: InboxItem, origin: unknown): void {
	doc.transact(() => inboxOf(doc).set(item.id, item), origin);
}

export function decide(doc: Y.Doc, item: InboxItem, decision: Pick<InboxItem, 'status' | 'entryId' | 'reason'>, by: string, now: number): void {
	// Only the board's fields are copied: a record read before the move may still carry a contact.
	const { id, ref, content, place, receivedAt } = item;
	doc.transact(() => inboxOf(doc).set(id, { id, ref, content, place, receivedAt, ...decision, decidedBy: by, decidedAt: now }), LOCAL);
}
