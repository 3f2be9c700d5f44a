// The board's inbox: problems residents reported on the public page, written by the server as
// plain records (`inbox`: Y.Map by id). The team accepts one into the ledger or dismisses it;
// the record then names the entry, so the resident's reference number can show the outcome.
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
	/** Personal data: never on a public page. */
	name: string;
	phone: string;
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
	doc.transact(() => inboxOf(doc).set(item.id, { ...item, ...decision, decidedBy: by, decidedAt: now }), LOCAL);
}
