// A station's residents' contacts (contacts:<stationId>) as the team's views see them: reporters by
// entry, the contact left with each resident's report, proposers by idea. Opened only for those the
// server lets read it (the team); everyone else's views get null and show no resident at all.
// Opening it also finishes the move out of a board of before (personal-data.ts), on the team's phone.
import type * as Y from 'yjs';
import { openContacts } from '$lib/device/station-docs';
import { LOCAL } from '$lib/documents/board';
import { contactsParts, NO_REPORTER, type InboxContact, type Reporter } from '$lib/documents/contacts';
import { movePersonalData } from '$lib/documents/personal-data';
import { LiveMap } from './live.svelte';

export class StationContacts {
	readonly doc: Y.Doc;
	readonly reporters: LiveMap<Reporter, Reporter>;
	readonly inbox: LiveMap<InboxContact, InboxContact>;
	readonly proposers: LiveMap<string, string>;

	constructor(doc: Y.Doc) {
		this.doc = doc;
		const parts = contactsParts(doc);
		this.reporters = new LiveMap(parts.reporters, (r) => ({ ...NO_REPORTER, ...r }));
		this.inbox = new LiveMap(parts.inbox, (c) => c);
		this.proposers = new LiveMap(parts.proposers, (p) => p);
	}

	reporter(entryId: string): Reporter {
		return this.reporters.get(entryId) ?? { ...NO_REPORTER };
	}
}

const loaded = new Map<string, Promise<StationContacts>>();

export function loadContacts(id: string): Promise<StationContacts> {
	let contacts = loaded.get(id);
	if (!contacts) {
		contacts = openContacts(id).ready.then((doc) => new StationContacts(doc));
		loaded.set(id, contacts);
	}
	return contacts;
}

/**
 * On a team member's phone (write on both documents): moves what the board still holds (a board of
 * before, or an old app's edits merged since) into the contacts document. Idempotent.
 */
export function moveOutOfBoard(board: Y.Doc, contacts: StationContacts): void {
	movePersonalData(board, contacts.doc, LOCAL);
}

export function unloadContacts(id: string): void {
	loaded.delete(id);
}
