// A station's board as the views see it: live collections over its Yjs document, plus the cached
// summary that the station list on this device shows without opening every board.
import type * as Y from 'yjs';
import { deviceDb } from '$lib/device/device-db';
import { openBoard, openVisitLog } from '$lib/device/station-docs';
import { toIsoDate } from '$lib/domain/dates';
import { isOverdue, type EntryState } from '$lib/domain/ledger';
import type { IdeaState } from '$lib/domain/ideas';
import type { StationInfo } from '$lib/domain/station';
import type { Help, Tie, Visit } from '$lib/domain/visits';
import { boardParts, readCategories, readEntry, readIdea, readMeta } from '$lib/documents/board';
import { visitLogParts } from '$lib/documents/visit-log';
import { LiveMap, LiveValue } from './live.svelte';
import { unloadContacts } from './station-contacts.svelte';

export class StationBoard {
	readonly id: string;
	readonly doc: Y.Doc;
	readonly meta: LiveValue<StationInfo & { createdAt: number }>;
	readonly categories: LiveValue<string[]>;
	readonly entries: LiveMap<Y.Map<unknown>, EntryState>;
	readonly ideas: LiveMap<Y.Map<unknown>, IdeaState>;
	#summaryPending = false;

	constructor(id: string, doc: Y.Doc) {
		this.id = id;
		this.doc = doc;
		const parts = boardParts(doc);
		this.meta = new LiveValue(parts.meta, () => readMeta(doc));
		this.categories = new LiveValue(parts.categories, () => readCategories(doc));
		this.entries = new LiveMap(parts.entries, readEntry);
		this.ideas = new LiveMap(parts.ideas, readIdea);
		doc.on('afterTransaction', () => this.#scheduleSummary());
		// Changes merged while the board was closed (or a summary lost to a closed tab) catch up on open.
		this.#scheduleSummary();
	}

	/**
	 * One summary write per burst of transactions, right after them: as soon after the edit as
	 * y-indexeddb's own write, so a tab closed straight after an edit keeps both or neither.
	 * (Counting 5,000 cached entries takes about a millisecond.)
	 */
	#scheduleSummary() {
		if (this.#summaryPending) return;
		this.#summaryPending = true;
		queueMicrotask(() => {
			this.#summaryPending = false;
			void this.saveSummary();
		});
	}

	/** Keeps the station list's counts current without it having to open every board. */
	async saveSummary() {
		const today = toIsoDate(Date.now());
		let open = 0;
		let overdue = 0;
		let total = 0;
		for (const e of this.entries.values) {
			total++;
			if (e.status === 'open') open++;
			if (isOverdue(e, today)) overdue++;
		}
		const summary = { total, open, overdue, updatedAt: Date.now() };
		// A station the server knows is named by the server's directory (merged from GET /api/me).
		const row = await deviceDb.stations.get(this.id);
		if (row?.synced) await deviceDb.stations.update(this.id, { summary });
		else {
			const { name, street, kind } = readMeta(this.doc);
			await deviceDb.stations.update(this.id, { name, street, kind, summary });
		}
	}
}

export class VisitLog {
	readonly doc: Y.Doc;
	readonly visits: LiveMap<Visit, Visit>;
	readonly ties: LiveMap<Tie, Tie>;
	readonly help: LiveMap<Help, Help>;

	constructor(doc: Y.Doc) {
		this.doc = doc;
		const parts = visitLogParts(doc);
		const same = <T>(v: T) => v;
		this.visits = new LiveMap(parts.visits, same);
		this.ties = new LiveMap(parts.ties, same);
		this.help = new LiveMap(parts.help, same);
	}
}

const boards = new Map<string, Promise<StationBoard>>();
const visitLogs = new Map<string, Promise<VisitLog>>();

export function loadBoard(id: string): Promise<StationBoard> {
	let board = boards.get(id);
	if (!board) {
		board = openBoard(id).ready.then((doc) => new StationBoard(id, doc));
		boards.set(id, board);
	}
	return board;
}

/** The visit log is opened only where visits are shown: the ledger never pays for 20,000 visits. */
export function loadVisitLog(id: string): Promise<VisitLog> {
	let log = visitLogs.get(id);
	if (!log) {
		log = openVisitLog(id).ready.then((doc) => new VisitLog(doc));
		visitLogs.set(id, log);
	}
	return log;
}

export function unloadStation(id: string) {
	boards.delete(id);
	visitLogs.delete(id);
	unloadContacts(id);
}

/** One document dropped from the device (its right ended): the next view opens it afresh. */
export function unloadDoc(id: string, kind: 'board' | 'visits' | 'contacts') {
	if (kind === 'board') boards.delete(id);
	else if (kind === 'visits') visitLogs.delete(id);
	else unloadContacts(id);
}
