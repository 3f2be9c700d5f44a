// What a station's public page may show, read from its board document. Everything returned
// here is public by construction: notices (written to be posted), and solved problems without
// the resident — the names and numbers the team holds (`personal`: from contacts:<stationId>) are
// masked in the text, and no place or inbox contact is ever copied out. Visit logs are never read
// for public pages.
import type * as Y from 'yjs';
import { toIsoDate } from '$lib/domain/dates';
import { shortRef } from '$lib/domain/ids';
import type { EntryState, Tier } from '$lib/domain/ledger';
import type { Notice } from '$lib/domain/notices';
import { redact } from '$lib/domain/redact';
import type { StationInfo, StationKind } from '$lib/domain/station';
import { boardParts } from './board';
import type { InboxStatus } from './inbox';
import { noticesOf } from './notices';
import { readableEntries, readableEntry, readableInbox, readableNotice, readableNotices } from './tolerant-read';

export interface PublicSolved {
	ref: string;
	category: string;
	tier: Tier;
	receivedOn: string;
	solvedOn: string;
	content: string;
	outcome: string;
}

export interface PublicStation {
	name: string;
	street: string;
	kind: StationKind;
	notices: Notice[];
	solved: PublicSolved[];
	figures: { received: number; solved: number };
}

/**
 * `info` is the station's name, street and kind from the server's directory, their one source (a
 * rename by the office shows at once); the board's own `meta` copy is never read here.
 */
export function publicStation(doc: Y.Doc, info: StationInfo, personal: readonly string[] = [], recent = 20): PublicStation {
	const notices = readableNotices(doc)
		.filter((n) => n.status === 'posted')
		.sort((a, b) => (a.date < b.date ? 1 : -1));
	const entries = readableEntries(doc);
	const solved = entries
		.filter((e) => e.status === 'solved')
		.sort((a, b) => b.closedAt - a.closedAt)
		.slice(0, recent)
		.map((e) => ({
			ref: shortRef(e.id),
			category: e.category,
			tier: e.tier,
			receivedOn: e.receivedOn,
			solvedOn: toIsoDate(e.closedAt),
			content: redact(e.content, personal),
			outcome: redact(e.outcome, personal)
		}));
	return {
		name: info.name,
		street: info.street,
		kind: info.kind,
		notices,
		solved,
		figures: { received: entries.length, solved: entries.filter((e) => e.status === 'solved').length }
	};
}

export function publicNotice(doc: Y.Doc, id: string): Notice | null {
	const map = noticesOf(doc).get(id);
	const notice = map === undefined ? null : readableNotice(map, id);
	return notice && notice.status === 'posted' ? notice : null;
}

export interface PublicReport {
	ref: string;
	receivedOn: string;
	/** received: not yet looked at; handling: in the ledger and open; solved / closed; dismissed. */
	state: 'received' | 'handling' | 'solved' | 'closed' | 'dismissed';
	outcome: string;
}

const stateOf = (status: InboxStatus, entry: EntryState | null): PublicReport['state'] =>
	status === 'dismissed' ? 'dismissed' : status === 'new' || !entry ? 'received' : entry.status === 'open' ? 'handling' : entry.status;

/** The outcome of a problem a resident reported, by the reference number they were given. */
export function publicReport(doc: Y.Doc, ref: string, personal: readonly string[] = []): PublicReport | null {
	const wanted = ref.trim().toUpperCase();
	const item = readableInbox(doc).find((i) => i.ref === wanted);
	if (!item) return null;
	const map = item.entryId ? boardParts(doc).entries.get(item.entryId) : undefined;
	const entry = map === undefined ? null : readableEntry(map, item.entryId);
	return {
		ref: item.ref,
		receivedOn: toIsoDate(item.receivedAt),
		state: stateOf(item.status, entry),
		outcome: redact(item.status === 'dismissed' ? item.reason : entry && entry.status !== 'open' ? entry.outcome : '', personal)
	};
}
