// The station's residents' personal data (contacts:<stationId>): who reported a ledger entry, the
// contact a resident left with a report from the public page, who proposed an idea. A document of
// its own because its readers differ from the board's (architecture.md, principle 2): the station's
// team reads and writes it; a lawyer, a street leader and the office do not get it at all. The
// board holds none of these fields (docs/data-model.md, "Residents' personal data").
//
// Records are plain objects keyed by the id of the board record they belong to, replaced whole:
// they are small, rarely corrected, and a flat shape is easy for the relay to validate.
import type * as Y from 'yjs';
import { LOCAL } from './board';

export const CONTACTS_SCHEMA = 1;

export { NO_REPORTER, reporterFields, reporterOf, type InboxContact, type Reporter, type ReporterFields } from '$lib/domain/reporters';
import { NO_REPORTER, type InboxContact, type Reporter } from '$lib/domain/reporters';

export const contactsParts = (doc: Y.Doc) => ({
	/** by ledger entry id (`entries` in the board) */
	reporters: doc.getMap<Reporter>('reporters'),
	/** by inbox item id (`inbox` in the board) */
	inbox: doc.getMap<InboxContact>('inbox'),
	/** by idea id (`ideas` in the board): the proposer's name */
	proposers: doc.getMap<string>('proposers')
});

export function readReporter(doc: Y.Doc | null | undefined, entryId: string): Reporter {
	const found = doc ? contactsParts(doc).reporters.get(entryId) : undefined;
	return found ? { ...NO_REPORTER, ...found } : { ...NO_REPORTER };
}

const sameReporter = (a: Reporter, b: Reporter) => a.name === b.name && a.phone === b.phone && a.private === b.private;

/**
 * Sets the fields given (a partial patch keeps the others). An empty reporter is not written, so a
 * problem nobody reported by name leaves no record. Writes nothing when nothing changes.
 */
export function setReporter(doc: Y.Doc, entryId: string, patch: Partial<Reporter>, origin: unknown = LOCAL): void {
	const { reporters } = contactsParts(doc);
	const before = reporters.get(entryId);
	const next = { ...NO_REPORTER, ...before, ...patch };
	if (before ? sameReporter({ ...NO_REPORTER, ...before }, next) : !next.name && !next.phone && next.private) return;
	doc.transact(() => reporters.set(entryId, next), origin);
}

export function readInboxContact(doc: Y.Doc | null | undefined, itemId: string): InboxContact {
	const found = doc ? contactsParts(doc).inbox.get(itemId) : undefined;
	return { name: found?.name ?? '', phone: found?.phone ?? '' };
}

export function setInboxContact(doc: Y.Doc, itemId: string, contact: InboxContact, origin: unknown = LOCAL): void {
	const { inbox } = contactsParts(doc);
	const before = inbox.get(itemId);
	if (before ? before.name === contact.name && before.phone === contact.phone : !contact.name && !contact.phone) return;
	doc.transact(() => inbox.set(itemId, { name: contact.name, phone: contact.phone }), origin);
}

export function readProposer(doc: Y.Doc | null | undefined, ideaId: string): string {
	return (doc && contactsParts(doc).proposers.get(ideaId)) || '';
}

/**
 * An idea's proposer set or corrected; '' clears it: the record is deleted, so an idea nobody is
 * named for has none (as a reporter: `setReporter`). Writes nothing when nothing changes.
 */
export function setProposer(doc: Y.Doc, ideaId: string, proposer: string, origin: unknown = LOCAL): void {
	const { proposers } = contactsParts(doc);
	if ((proposers.get(ideaId) ?? '') === proposer && (proposer || !proposers.has(ideaId))) return;
	doc.transact(() => (proposer ? proposers.set(ideaId, proposer) : proposers.delete(ideaId)), origin);
}

/** Every name and number in the document: what redaction masks in text leaving the team. */
export function personalStrings(doc: Y.Doc | null | undefined): string[] {
	if (!doc) return [];
	const { reporters, inbox, proposers } = contactsParts(doc);
	const out: unknown[] = [];
	// Read with care: a malformed record (stored before the relay checked updates) is skipped.
	for (const r of reporters.values()) out.push(r?.name, r?.phone);
	for (const c of inbox.values()) out.push(c?.name, c?.phone);
	for (const p of proposers.values()) out.push(p);
	return out.filter((s): s is string => typeof s === 'string' && s.trim().length >= 2);
}
