// A station's board as the views see it: its entries, ideas, notices and small values as the
// documents' worker tells them (the Y.Doc lives there: device/docs.worker.ts, issue 11), its edits
// run there by name (`run`, device/doc-ops.ts), plus the projection and the cached summary that the
// station list on this device shows without opening every board. Imported at a page's first load
// of a document (station-data.ts), not with the page.
import type { ProjectedEntry } from '$lib/device/board-projection';
import { projectionWriters } from '$lib/device/lazy-modules';
import { forgetFrame, forgetFrameRows } from '$lib/device/boot-frame';
import { dropReadsAhead } from '$lib/device/projection-ahead';
import { inBackground, Pending } from '$lib/device/in-background';
import { forgetRows } from './projected-rows';
import { deviceDb } from '$lib/device/device-db-loader';
import { openRemote, type RemoteDoc } from '$lib/device/docs-client';
import type { MirrorMap, MirrorValue } from '$lib/device/mirror';
import type { OpArgs, OpName, OpResult } from '$lib/device/doc-ops';
import type { DutyDay } from '$lib/domain/service';
import { toIsoDate } from '$lib/domain/dates';
import type { EntryState } from '$lib/domain/ledger';
import { LedgerCounts } from '$lib/domain/ledger-counts';
import { topOfLedger, topOfLedgerInSlices, updateTop } from '$lib/domain/ledger-query';
import type { IdeaState } from '$lib/domain/ideas';
import { docNames, type StationInfo } from '$lib/domain/station';
import { yieldToMain } from '$lib/perf';
import { AfterChanges } from './after-changes';
import { loadedBoards } from './station-data';
import { unloadVisitLog } from './station-visits.svelte';
import { unloadContacts } from './station-contacts.svelte';
import { stationNotices, type StationNotices } from './station-notices.svelte';

const HEAD_ROWS = 30;
/** The longest a save waits for the projection after its own commit (see projected). */
const PROJECTED_WAIT_MS = 3000;

export class StationBoard {
	readonly id: string;
	/** The board as the documents' worker holds it: `stored(board.doc)` before saying "saved". */
	readonly doc: RemoteDoc;
	readonly meta: MirrorValue<StationInfo & { createdAt: number }>;
	readonly categories: MirrorValue<string[]>;
	readonly entries: MirrorMap<EntryState>;
	readonly ideas: MirrorMap<IdeaState>;
	readonly dutyDays: MirrorValue<DutyDay[]>;
	/** Whether the board holds anything yet (RestoringNotice). */
	readonly started: MirrorValue<boolean>;
	/** Entries changed since the projection's rows were last written. */
	#rowsDirty = new Set<string>();
	/** Entries changed since the station's counts were last taken. */
	#countsDirty = new Set<string>();
	readonly #counts = new LedgerCounts();
	#started = false;
	/** The ledger's first rows as last written with the projection: an edit updates them from these. */
	#top: EntryState[] | null = null;
	/** The writes in flight of the edits' projected rows. */
	readonly #projecting = new Pending();

	constructor(id: string, doc: RemoteDoc) {
		this.id = id;
		this.doc = doc;
		this.meta = doc.value('meta');
		this.categories = doc.value('categories');
		this.entries = doc.map('entries');
		this.ideas = doc.map('ideas');
		this.dutyDays = doc.value('dutyDays');
		this.started = doc.value('started');
		// Every change comes from the worker in a message of its own (a task): what follows from it is
		// written at once, so a save that waits for the projection finds its rows under way.
		this.entries.onChange((keys) => {
			for (const key of keys) {
				this.#rowsDirty.add(key);
				this.#countsDirty.add(key);
			}
			if (!this.#started) return;
			this.#rows.after(true);
			this.#summary.after(true);
		});
		this.meta.onChange(() => this.#started && this.#summary.after(true));
	}

	/** One of the board's edits (device/doc-ops.ts), run in the documents' worker. */
	run<K extends OpName>(op: K, ...args: OpArgs<K>): Promise<OpResult<K>> {
		return this.doc.run(op, ...args);
	}

	/** The board's notices and residents' reports, as live collections (made at the first ask). */
	get notices(): StationNotices {
		return stationNotices(this.doc);
	}

	/**
	 * Starts keeping the station's summary and the projection current (the worker has told every
	 * entry already); changes merged while the board was closed (or lost to a closed tab) catch up here.
	 */
	async start() {
		// The first count and the projection's head each read every entry: in tasks of their own (together
		// they were a long task at CPU ×4: issue 11).
		await yieldToMain();
		this.#started = true;
		this.#summary.after(false); // a task later
		this.#rowsDirty.clear();
		const all = this.entries.values;
		// A pass over every entry, in slices (50,000 in one task was a long task at CPU ×4).
		const top = await topOfLedgerInSlices(all, 'received', HEAD_ROWS, yieldToMain);
		let head: { rows: EntryState[]; total: number };
		if (this.entries.values === all) {
			this.#top = top;
			head = { rows: top, total: all.length };
		} else head = this.#head(); // changed meanwhile (rare): taken again at once
		// Not waited for by a save (projected): its reads take a while, and an edit's own note, which
		// it leaves in place, is what a reload needs.
		inBackground(projectionWriters().then((p) => p.reconcileRows(this.id, this.entries.values, head)), 'Projecting the ledger');
	}

	/**
	 * Resolves once the ledger's projection on the device holds every change made on this page so
	 * far. A save says "saved" only after this too: a reload right after then paints what was saved
	 * before the document has loaded (issue 11; a reload after a burst of saves showed one entry
	 * fewer until it had). Bounded (see Pending). Not the station’s counts: their write took up to a
	 * tenth of a second more at CPU ×4, and the station list is not what a reload paints.
	 */
	projected(): Promise<void> {
		return this.#projecting.settled(PROJECTED_WAIT_MS);
	}

	/**
	 * Enough rows to fill a phone's screen, in the list's default order: after an edit, from the
	 * last ones and the entries it `changed` (going through 5,000 entries at every edit was a few
	 * milliseconds of it at CPU ×4), else from the whole ledger.
	 */
	#head(changed?: readonly string[]) {
		const all = this.entries.values;
		const top = (changed && this.#top && updateTop(this.#top, 'received', HEAD_ROWS, changed, (id) => this.entries.get(id))) || topOfLedger(all, 'received', HEAD_ROWS);
		this.#top = top;
		return { rows: top, total: all.length };
	}

	/** The projection's rows of the entries changed (AfterChanges: at once after an edit here, a task later after a peer's). */
	readonly #rows = new AfterChanges(() => {
		if (!this.#rowsDirty.size) return;
		const keys = [...this.#rowsDirty];
		this.#rowsDirty.clear();
		const changed: ProjectedEntry[] = [];
		const removed: string[] = [];
		for (const key of keys) {
			const entry = this.entries.get(key);
			if (entry) changed.push(entry);
			else removed.push(key);
		}
		const head = this.#head(keys);
		this.#projecting.add(projectionWriters().then((p) => p.writeRows(this.id, changed, removed, head)), 'Projecting the ledger');
	});

	/** What the last summary written said (see saveSummary). */
	#summaryWritten = '';

	/** One summary (when it changed) per burst of transactions (AfterChanges). */
	readonly #summary = new AfterChanges(() => inBackground(this.saveSummary(), 'Saving the station’s counts'));

	#summarizing: Promise<void> = Promise.resolve();

	/** Keeps the station list's counts current without it having to open every board (one at a time). */
	saveSummary(): Promise<void> {
		const next = () => this.#saveSummary();
		return (this.#summarizing = this.#summarizing.then(next, next));
	}

	async #saveSummary() {
		// The first count of the day takes every entry, in slices; the others only those changed since.
		const today = toIsoDate(Date.now());
		if (this.#counts.countsAll(today)) await this.#counts.countAll(today, this.entries.values, yieldToMain);
		const { total, open, overdue } = this.#counts.count(today, this.entries.values, this.#countsDirty, (id) => this.entries.get(id));
		this.#countsDirty.clear();
		const { name, street, kind } = this.meta.current;
		// Most edits change none of these (a note, a reworded entry): then nothing is written, and the
		// station list, which follows the table, is not read and laid out again after every save.
		const written = JSON.stringify([total, open, overdue, name, street, kind]);
		if (written === this.#summaryWritten) return;
		const summary = { total, open, overdue, updatedAt: Date.now() };
		// A station the server knows is named by the server's directory (merged from GET /api/me).
		const db = await deviceDb();
		const row = await db.stations.get(this.id);
		const updated = await db.stations.update(this.id, row?.synced ? { summary } : { name, street, kind, summary });
		if (updated) this.#summaryWritten = written; // no row yet: written once it has one
	}
}

const boards = new Map<string, Promise<StationBoard>>();

export function loadBoard(id: string): Promise<StationBoard> {
	let board = boards.get(id);
	if (!board) {
		const remote = openRemote(docNames(id).board);
		board = remote.ready.then(async () => {
			const b = new StationBoard(id, remote);
			await b.start();
			if (boards.get(id) === board) loadedBoards.set(id, b);
			return b;
		});
		boards.set(id, board);
	}
	return board;
}

export function unloadStation(id: string) {
	boards.delete(id);
	loadedBoards.delete(id);
	unloadVisitLog(id, false);
	dropReadsAhead(id);
	inBackground(projectionWriters().then((p) => p.forgetProjection(id)), 'Forgetting the board projection');
	forgetRows(id);
	forgetFrame(id);
	unloadContacts(id);
}

/** One document dropped from the device (its right ended): the next view opens it afresh. */
export function unloadDoc(id: string, kind: 'board' | 'visits' | 'contacts') {
	if (kind === 'board') {
		boards.delete(id);
		loadedBoards.delete(id);
		dropReadsAhead(id);
		inBackground(projectionWriters().then((p) => p.forgetProjection(id)), 'Forgetting the board projection');
		forgetRows(id);
		forgetFrameRows(id);
	} else if (kind === 'visits') {
		unloadVisitLog(id, true);
	} else unloadContacts(id);
}
