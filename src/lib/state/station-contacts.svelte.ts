// A station's residents' contacts (contacts:<stationId>) as the team's views see them: reporters by
// entry, the contact left with each resident's report, proposers by idea. Opened only for those the
// server lets read it (the team); everyone else's views get null and show no resident at all.
// Opening it also finishes the move out of a board of before (personal-data.ts), on the team's phone.
import type * as Y from 'yjs';
import type { DeviceStation } from '$lib/device/device-db';
import { compactDoc, forgetDoc, openContacts } from '$lib/device/station-docs';
import { LOCAL } from '$lib/documents/board';
import { contactsParts, NO_REPORTER, type InboxContact, type Reporter } from '$lib/documents/contacts';
import { findPersonalData, holdsPersonalData, isEmpty, movePersonalData, stripPersonalData } from '$lib/documents/personal-data';
import { canEdit, canSee } from '$lib/domain/access';
import { docNames } from '$lib/domain/station';
import { yieldToMain } from '$lib/perf';
import { LiveMap } from './live.svelte';
import { loadBoard, unloadDoc, type StationBoard } from './station-board.svelte';

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
 * A board copy on this device that still holds residents' personal data (stored before the move,
 * or an old app's edits merged since) is cleaned when the station opens:
 * - a team member's phone moves it into the contacts document (idempotent, like the server's move);
 * - a writer without the contacts (a lawyer) deletes it: the server moved it already;
 * - a reader (a street leader, the office) cannot write: its copy is dropped and synced afresh
 *   from the server's, which holds none.
 * The device's IndexedDB copy is then rewritten, so the deleted values are gone from disk too.
 * Returns the board to show (a fresh one when dropped).
 */
export async function cleanBoard(station: DeviceStation, board: StationBoard, contacts: StationContacts | null): Promise<StationBoard> {
	// Looked for in slices (a busy station's whole ledger at once was a long task on a phone), then,
	// when there is any, taken in the task that moves it.
	if (!(await holdsPersonalData(board.doc, yieldToMain))) return board;
	const found = findPersonalData(board.doc);
	if (isEmpty(found)) return board;
	const name = docNames(station.id).board;
	if (contacts && canEdit(station, 'contacts') && canEdit(station, 'board')) movePersonalData(board.doc, contacts.doc, LOCAL);
	else if (canEdit(station, 'board')) stripPersonalData(board.doc, found, LOCAL);
	else {
		await forgetDoc(name);
		unloadDoc(station.id, 'board');
		return loadBoard(station.id);
	}
	await compactDoc(name);
	return board;
}

/** The board ready to show: loaded, and cleaned of the residents' data an old copy may hold. */
export async function loadCleanBoard(station: DeviceStation): Promise<StationBoard> {
	const [board, contacts] = await Promise.all([loadBoard(station.id), canSee(station, 'contacts') ? loadContacts(station.id) : null]);
	return cleanBoard(station, board, contacts);
}

export function unloadContacts(id: string): void {
	loaded.delete(id);
}
