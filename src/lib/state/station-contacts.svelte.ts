// A station's residents' contacts (contacts:<stationId>) as the team's views see them: reporters by
// entry, the contact left with each resident's report, proposers by idea. Opened only for those the
// server lets read it (the team); everyone else's views get null and show no resident at all.
// Opening it also finishes the move out of a board of before (personal-data.ts), on the team's phone.
import type { DeviceStation } from '$lib/device/device-db';
import { openRemote, type RemoteDoc } from '$lib/device/docs-client';
import { onWorkerFailed } from '$lib/device/doc-registry';
import { fullPart } from '$lib/device/docs-protocol';
import type { MirrorMap } from '$lib/device/mirror';
import { forgetDoc } from '$lib/device/station-docs';
import { NO_REPORTER, type InboxContact, type Reporter } from '$lib/domain/reporters';
import { canEdit, canSee } from '$lib/domain/access';
import { docNames } from '$lib/domain/station';
import { loadBoard, unloadDoc, type StationBoard } from './station-board.svelte';

export class StationContacts {
	/** The contacts as the documents' worker holds them: `stored(contacts.doc)` before saying "saved". */
	readonly doc: RemoteDoc;
	/** The reporters of the entries a view watches (watchReporter), as the worker tells them; null: none. */
	readonly #reporters: MirrorMap<Reporter | null>;
	readonly inbox: MirrorMap<InboxContact>;
	readonly proposers: MirrorMap<string>;

	constructor(doc: RemoteDoc) {
		this.doc = doc;
		this.#reporters = doc.map(fullPart('reporters'));
		this.inbox = doc.map('inbox');
		this.proposers = doc.map('proposers');
	}

	/**
	 * Has the worker tell this entry's reporter, at once and as it changes, until the returned
	 * function is called: the page holds the reporters of the entries on screen only (doc-shapes.ts).
	 */
	watchReporter(entryId: string): () => void {
		return this.doc.watch('reporters', entryId);
	}

	/** This entry's reporter asked before its page mounts (docs-client.ts `watchAhead`): resolves once here, or after `waitMs`. */
	reporterAhead(entryId: string, waitMs: number): Promise<void> {
		return this.doc.watchAhead('reporters', entryId, waitMs);
	}

	/** A watched entry's reporter (none recorded: the empty one); undefined until the worker has told it. */
	reporter(entryId: string): Reporter | undefined {
		const told = this.#reporters.get(entryId);
		return told === undefined ? undefined : { ...NO_REPORTER, ...told };
	}

	/** Sets a watched entry's reporter: shown at once, then written in the worker (shown-ahead.ts). */
	setReporter(entryId: string, reporter: Reporter): Promise<void> {
		return this.doc.runAhead('reporters', entryId, { ...NO_REPORTER, ...reporter }, 'setReporter', entryId, reporter);
	}
}

const loaded = new Map<string, Promise<StationContacts>>();

// The documents' worker failed: its contacts are let go of, and the next look opens them afresh.
onWorkerFailed(() => loaded.clear());

export function loadContacts(id: string): Promise<StationContacts> {
	let contacts = loaded.get(id);
	if (!contacts) {
		const remote = openRemote(docNames(id).contacts);
		const loading = remote.ready.then(() => new StationContacts(remote));
		contacts = loading;
		loaded.set(id, contacts);
		// A load that failed is tried afresh at the next look.
		loading.catch(() => loaded.get(id) === loading && loaded.delete(id));
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
	// Looked for, moved or deleted, and the stored copy rewritten, in the documents' worker (doc-ops.ts).
	const into = contacts && canEdit(station, 'contacts') ? contacts.doc.name : null;
	const done = await board.run('cleanPersonalData', into, canEdit(station, 'board'));
	if (done !== 'reader') return board;
	await forgetDoc(docNames(station.id).board);
	unloadDoc(station.id, 'board');
	return loadBoard(station.id);
}

/**
 * Each loaded board's clean (the board it gives): once per load of the station, not at every page of
 * it a person opens (the look goes over every entry in the worker: at 5,000 entries it held an
 * entry's open back by a fifth of a second at CPU ×4, bench/board-issue-11.md, forty-sixth step).
 */
const cleaned = new WeakMap<StationBoard, Promise<StationBoard>>();

/** The board ready to show: loaded, and cleaned of the residents' data an old copy may hold (when the station opens). */
export async function loadCleanBoard(station: DeviceStation): Promise<StationBoard> {
	const [board, contacts] = await Promise.all([loadBoard(station.id), canSee(station, 'contacts') ? loadContacts(station.id) : null]);
	let clean = cleaned.get(board);
	if (!clean) {
		const cleaning = cleanBoard(station, board, contacts);
		clean = cleaning;
		cleaned.set(board, cleaning);
		// A clean that failed is tried again at the next look; a board given afresh (a reader's) is clean.
		cleaning.then(
			(given) => given !== board && cleaned.set(given, Promise.resolve(given)),
			() => cleaned.get(board) === cleaning && cleaned.delete(board)
		);
	}
	return clean;
}

export function unloadContacts(id: string): void {
	loaded.delete(id);
}
