// Moving residents' personal data out of a board (schema 1, or a board an old app wrote to after
// the move) into the station's contacts document. Idempotent: it copies what the board holds into
// the contacts document first, then deletes it from the board, so running it again, or twice on
// two devices at once, moves the same values and ends in the same state. Run by a team member's
// app when it opens a station and by the server on every stored board (at start and whenever an
// update puts such a field back): docs/data-model.md, "Residents' personal data".
import type * as Y from 'yjs';
import { BOARD_SCHEMA, boardParts, PERSONAL_KEYS } from './board';
import { contactsParts, setInboxContact, setProposer, setReporter, type InboxContact, type Reporter } from './contacts';
import { inboxOf, type InboxItem } from './inbox';

/** What a board holds that belongs in the contacts document, by record id. */
export interface PersonalData {
	reporters: Map<string, Partial<Reporter>>;
	inbox: Map<string, InboxContact>;
	proposers: Map<string, string>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function entryPersonal(entry: Y.Map<unknown>): Partial<Reporter> | null {
	if (!PERSONAL_KEYS.entry.some((k) => entry.has(k))) return null;
	const found: Partial<Reporter> = {};
	if (entry.has('reporterName')) found.name = str(entry.get('reporterName'));
	if (entry.has('reporterPhone')) found.phone = str(entry.get('reporterPhone'));
	if (entry.has('reporterPrivate')) found.private = entry.get('reporterPrivate') !== false;
	return found;
}

function inboxPersonal(item: unknown): InboxContact | null {
	if (!item || typeof item !== 'object') return null;
	const record = item as Record<string, unknown>;
	if (!PERSONAL_KEYS.inbox.some((k) => k in record)) return null;
	return { name: str(record.name), phone: str(record.phone) };
}

/** Each record of the board (entries, inbox items, ideas) with the personal fields it holds, or null. */
function* records(board: Y.Doc): Generator<Found> {
	const { entries, ideas } = boardParts(board);
	for (const [id, entry] of entries) yield { kind: 'reporters', id, value: isMap(entry) ? entryPersonal(entry) : null };
	for (const [id, item] of inboxOf(board)) yield { kind: 'inbox', id, value: inboxPersonal(item) };
	for (const [id, idea] of ideas) yield { kind: 'proposers', id, value: isMap(idea) && idea.has('proposer') ? str(idea.get('proposer')) : null };
}

type Found =
	| { kind: 'reporters'; id: string; value: Partial<Reporter> | null }
	| { kind: 'inbox'; id: string; value: InboxContact | null }
	| { kind: 'proposers'; id: string; value: string | null };

/** Every personal field in the board (a full scan: at open and at the server's start). */
export function findPersonalData(board: Y.Doc): PersonalData {
	const found: PersonalData = { reporters: new Map(), inbox: new Map(), proposers: new Map() };
	for (const record of records(board)) if (record.value !== null) (found[record.kind] as Map<string, typeof record.value>).set(record.id, record.value);
	return found;
}

export const isEmpty = (p: PersonalData) => p.reporters.size === 0 && p.inbox.size === 0 && p.proposers.size === 0;

/** Step 1: copies the found values into the contacts document (one transaction). */
export function keepPersonalData(contacts: Y.Doc, found: PersonalData, origin: unknown): void {
	contacts.transact(() => {
		for (const [id, reporter] of found.reporters) setReporter(contacts, id, reporter, origin);
		const kept = contactsParts(contacts).inbox;
		for (const [id, contact] of found.inbox) {
			// A report carries its contact once; an old app's later copy of the item repeats it. The
			// contact is the server's: added where none is, never changed (the contacts' rules,
			// docs/sync-protocol.md), whatever a board writer put on the item.
			if ((contact.name || contact.phone) && !kept.has(id)) setInboxContact(contacts, id, contact, origin);
		}
		for (const [id, proposer] of found.proposers) if (proposer) setProposer(contacts, id, proposer, origin);
	}, origin);
}

/**
 * Step 2: deletes the found fields from the board (one transaction). Yjs keeps no content for a
 * deleted map value once garbage-collected, so a fresh sync of the board carries none of it.
 */
export function stripPersonalData(board: Y.Doc, found: PersonalData, origin: unknown): void {
	const { meta, entries, ideas } = boardParts(board);
	const inbox = inboxOf(board);
	board.transact(() => {
		for (const id of found.reporters.keys()) {
			const entry = entries.get(id);
			if (entry) for (const k of PERSONAL_KEYS.entry) if (entry.has(k)) entry.delete(k);
		}
		for (const id of found.inbox.keys()) {
			const item = inbox.get(id) as (InboxItem & Record<string, unknown>) | undefined;
			if (!item || typeof item !== 'object') continue;
			const rest: Record<string, unknown> = { ...item };
			for (const k of PERSONAL_KEYS.inbox) delete rest[k];
			inbox.set(id, rest as unknown as InboxItem);
		}
		for (const id of found.proposers.keys()) ideas.get(id)?.delete('proposer');
		const schema = meta.get('schema');
		if (typeof schema === 'number' && schema < BOARD_SCHEMA) meta.set('schema', BOARD_SCHEMA);
	}, origin);
}

/** Both steps on two documents held together (the app's copies). True when anything moved. */
export function movePersonalData(board: Y.Doc, contacts: Y.Doc, origin: unknown): boolean {
	const found = findPersonalData(board);
	if (isEmpty(found)) return false;
	keepPersonalData(contacts, found, origin);
	stripPersonalData(board, found, origin);
	return true;
}

/**
 * Whether a transaction on a board put a personal field back (an old app's write): cheap, it looks
 * only at what the transaction changed, so the server can check every update it applies.
 */
export function touchedPersonalData(board: Y.Doc, transaction: Y.Transaction): boolean {
	const touched = touchedPersonalRecords(board, transaction);
	return touched.reporters.size + touched.inbox.size + touched.proposers.size > 0;
}

/** The records (by kind, their ids) a transaction put a personal field back into. */
export function touchedPersonalRecords(board: Y.Doc, transaction: Y.Transaction): { reporters: Set<string>; inbox: Set<string>; proposers: Set<string> } {
	const { entries, ideas } = boardParts(board);
	const inbox = inboxOf(board);
	const touched = { reporters: new Set<string>(), inbox: new Set<string>(), proposers: new Set<string>() };
	const kindOf = (type: unknown) => (type === entries ? touched.reporters : type === ideas ? touched.proposers : touched.inbox);
	for (const [changed, keys] of transaction.changed) {
		const type = changed as unknown;
		const parent = changed.parent as unknown;
		if (type === entries || type === ideas || type === inbox) {
			for (const key of keys) {
				if (key === null) continue;
				const record = (type as Y.Map<unknown>).get(key);
				if (type === inbox ? inboxPersonal(record) : isMap(record) && hasAny(record, type === entries ? PERSONAL_KEYS.entry : PERSONAL_KEYS.idea))
					kindOf(type).add(key);
			}
		} else if ((parent === entries || parent === ideas) && changed._item?.parentSub) {
			const personal: readonly string[] = parent === entries ? PERSONAL_KEYS.entry : PERSONAL_KEYS.idea;
			for (const key of keys) if (key !== null && personal.includes(key) && (type as Y.Map<unknown>).has(key)) kindOf(parent).add(changed._item.parentSub);
		}
	}
	return touched;
}

const isMap = (v: unknown): v is Y.Map<unknown> => !!v && typeof v === 'object' && typeof (v as Y.Map<unknown>).has === 'function';
const hasAny = (map: Y.Map<unknown>, keys: readonly string[]) => keys.some((k) => map.has(k));
