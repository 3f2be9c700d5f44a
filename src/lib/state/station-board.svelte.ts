// A station's board as the views see it: its entries, ideas, notices and small values as the
// documents' worker tells them (the Y.Doc lives there: device/docs.worker.ts, issue 11), its edits
// run there by name (`run`, device/doc-ops.ts), plus the cached summary that the station list on
// this device shows without opening every board. The page holds no list of every entry: its views
// ask the worker for the rows they show (the ledger's window, a visit's entries: hosted-list.ts), the
// whole state of the entries a view shows, and the station's counts (hosted-tally.ts); the worker
// keeps the ledger's projection (hosted-ledger.ts). Imported at a page's first load of a document
// (station-data.ts), not with the page.
import { projectionWriters } from '$lib/device/lazy-modules';
import { forgetFrame, forgetFrameRows } from '$lib/device/boot-frame';
import { dropReadsAhead } from '$lib/device/projection-ahead';
import { inBackground } from '$lib/device/in-background';
import { forgetRows } from './projected-rows';
import { deviceDb } from '$lib/device/device-db-loader';
import { closeRemote, openRemote, type RemoteDoc } from '$lib/device/docs-client';
import { onWorkerFailed } from '$lib/device/doc-registry';
import { fullPart } from '$lib/device/docs-protocol';
import type { LedgerHead } from '$lib/device/hosted-ledger';
import type { DatedTally } from '$lib/device/hosted-tally';
import type { RowsAsk, RowsWindow } from '$lib/device/ledger-rows';
import type { MirrorMap, MirrorValue } from '$lib/device/mirror';
import type { OpArgs, OpName, OpResult } from '$lib/device/doc-ops';
import type { DutyDay } from '$lib/domain/service';
import { toIsoDate } from '$lib/domain/dates';
import { EDITABLE_FACTS, stampEvent, withEvent, withFacts, type EditableFacts, type EntryState, type EventDraft } from '$lib/domain/ledger';
import type { EntryRow, LedgerRow } from '$lib/domain/ledger-query';
import type { IdeaState } from '$lib/domain/ideas';
import { docNames, type StationInfo } from '$lib/domain/station';
import { yieldToMain, yieldToOthers } from '$lib/perf';
import { AfterChanges } from './after-changes';
import { loadedBoards } from './station-data';
import { unloadVisitLog } from './station-visits.svelte';
import { unloadContacts } from './station-contacts.svelte';
import { stationNotices, type StationNotices } from './station-notices.svelte';

export class StationBoard {
	readonly id: string;
	/** The board as the documents' worker holds it: `stored(board.doc)` before saying "saved". */
	readonly doc: RemoteDoc;
	readonly meta: MirrorValue<StationInfo & { createdAt: number }>;
	readonly categories: MirrorValue<string[]>;
	/**
	 * The rows of the entries changed since the load, as the worker told them with each change (a
	 * window shown before shows them as they are now): a few hundred at most, all dropped when a
	 * change touches more. Not every entry: a view asks for its rows (`rows`).
	 */
	readonly #changedRows: MirrorMap<EntryRow>;
	/** The ledger's first rows in the default order, whole, as the worker last told them (the next start's frame keeps them). */
	readonly head: MirrorValue<LedgerHead | undefined>;
	readonly ideas: MirrorMap<IdeaState>;
	readonly dutyDays: MirrorValue<DutyDay[]>;
	/** Whether the board holds anything yet (RestoringNotice). */
	readonly started: MirrorValue<boolean>;
	/** The whole states of the entries views watch (watchEntry). */
	readonly #states: MirrorMap<EntryState>;
	/**
	 * The ledger's counts (entries, open, overdue, the open tier-4 ids) on the day `on`, as the
	 * worker takes them (device/hosted-tally.ts: in slices at a load, then only the entries a change
	 * touched). Undefined until the first count.
	 */
	readonly #tally: MirrorValue<DatedTally | undefined>;
	/** Counts the changes to the entries since the load: a view of the worker's list (rows) asks again when it moves. */
	changes = $state(0);
	#started = false;

	constructor(id: string, doc: RemoteDoc) {
		this.id = id;
		this.doc = doc;
		this.meta = doc.value('meta');
		this.categories = doc.value('categories');
		this.#changedRows = doc.map('entries');
		this.#tally = doc.value('tally');
		this.head = doc.value('head');
		this.#states = doc.map(fullPart('entries'));
		this.ideas = doc.map('ideas');
		this.dutyDays = doc.value('dutyDays');
		this.started = doc.value('started');
		this.#changedRows.onChange(() => this.changes++);
		this.#tally.onChange(() => this.#started && this.#summary.after(true));
		this.meta.onChange(() => this.#started && this.#summary.after(true));
	}

	/** One of the board's edits (device/doc-ops.ts), run in the documents' worker. */
	run<K extends OpName>(op: K, ...args: OpArgs<K>): Promise<OpResult<K>> {
		return this.doc.run(op, ...args);
	}

	/**
	 * An event recorded on an entry's timeline (a note, an escalation, a solution…): shown on the
	 * entry at once, derived as the worker will derive it, then made in the worker (shown-ahead.ts).
	 */
	appendEvent(id: string, draft: EventDraft, by: string, now: number): Promise<void> {
		const state = this.entry(id);
		// After every event this phone shows, whatever the phones' clocks say: a step taken after a
		// close made on a phone whose clock runs ahead (a reopen, a note) comes after it, not before.
		const event = stampEvent(draft, by, now, state?.timeline);
		if (!state) return this.run('pushEvent', id, event);
		return this.doc.runAhead('entries', id, withEvent(state, event), 'pushEvent', id, event);
	}

	/** An entry's facts edited: shown at once, like `appendEvent`. */
	updateFacts(id: string, facts: Partial<EditableFacts>): Promise<void> {
		// The board's facts only (a form's reporter goes to the contacts document).
		const patch = Object.fromEntries(EDITABLE_FACTS.filter((key) => key in facts).map((key) => [key, facts[key]])) as Partial<EditableFacts>;
		const state = this.entry(id);
		if (!state) return this.run('updateFacts', id, patch);
		return this.doc.runAhead('entries', id, withFacts(state, patch), 'updateFacts', id, patch);
	}

	/** The board's notices and residents' reports, as live collections (made at the first ask). */
	get notices(): StationNotices {
		return stationNotices(this.doc);
	}

	/**
	 * An entry's whole state (its timeline, referral, decision…) while a view watches it
	 * (watchEntry); undefined until the worker has told it, null when there is no such entry.
	 */
	entry(id: string): EntryState | null | undefined {
		return this.#states.get(id);
	}

	/** An entry's row as the worker told it with a change since the load (undefined: none told). */
	changedRow(id: string): EntryRow | undefined {
		return this.#changedRows.get(id);
	}

	/** A mark of the rows told so far: rows the page read at it are brought up to date by `asNow`. */
	get rowsMark(): number {
		return this.#changedRows.drops;
	}

	/**
	 * Rows read at `mark`, as the board holds them now; null when that cannot be told: a change too
	 * big for the page to be told its rows came since (hosted-doc.ts, TOLD_ROWS).
	 */
	asNow(rows: readonly LedgerRow[], mark: number): LedgerRow[] | null {
		if (mark !== this.#changedRows.drops) return null;
		return rows.map((row) => this.#changedRows.get(row.id) ?? row);
	}

	/** The station's counts on the day the page last told the worker (`count`); null until taken. */
	get tally(): DatedTally | null {
		return this.#tally.current ?? null;
	}

	/** Has the worker take the station's counts on `today` (at the load, and on a new day). */
	count(today: string): void {
		this.doc.count(today);
	}

	/** The categories this station records most, of its list, at most `n` (the quick entry's chips). */
	frequent(n: number): Promise<string[]> {
		return this.doc.frequent(this.categories.current, n);
	}

	/** The rows of the entries raised on a visit; asked again as the board changes (`changes`). */
	raisedOn(visitId: string): Promise<EntryRow[]> {
		return this.doc.raised(visitId);
	}

	/** The window asked of the ledger's list, as the worker orders and filters every entry (device/hosted-list.ts); null once let go of. */
	rows(ask: RowsAsk): Promise<RowsWindow | null> {
		return this.doc.rows(ask);
	}

	/** Has the worker tell this entry's whole state, at once and as it changes, until the returned function is called. */
	watchEntry(id: string): () => void {
		return this.doc.watch('entries', id);
	}

	/** This entry's whole state asked before its page mounts (docs-client.ts `watchAhead`): resolves once here, or after `waitMs`. */
	entryAhead(id: string, waitMs: number): Promise<void> {
		return this.doc.watchAhead('entries', id, waitMs);
	}

	/**
	 * Starts keeping the station's summary current (the worker has told every entry already);
	 * changes merged while the board was closed catch up here. The ledger's projection is the
	 * worker's (hosted-ledger.ts).
	 */
	async start() {
		this.count(toIsoDate(Date.now()));
		await yieldToMain();
		this.#started = true;
		this.#summary.after(false); // a task later
		// The worker's reconcile of the projection once the page's own first work on the board (its
		// sort, its first render, its search texts: all at higher priority) is done.
		void yieldToOthers().then(() => this.doc.reconcile());
	}

	/**
	 * Resolves once the ledger's projection on the device holds every change made so far. A save
	 * says "saved" only after this too: a reload right after then paints what was saved before the
	 * document has loaded (issue 11; a reload after a burst of saves showed one entry fewer until it
	 * had). Bounded in the worker. Not the station’s counts: their write took up to a tenth of a
	 * second more at CPU ×4, and the station list is not what a reload paints.
	 */
	projected(): Promise<void> {
		return this.doc.projected();
	}

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
		const counted = this.tally;
		if (!counted) return; // written once the worker has counted (its value comes with a change)
		const { total, open, overdue } = counted;
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

// The documents' worker failed: its boards are let go of, and the next look opens them afresh.
onWorkerFailed(() => {
	boards.clear();
	loadedBoards.clear();
});

export function loadBoard(id: string): Promise<StationBoard> {
	let board = boards.get(id);
	if (!board) {
		const remote = openRemote(docNames(id).board);
		const loading: Promise<StationBoard> = remote.ready.then(async () => {
			const b = new StationBoard(id, remote);
			await b.start();
			if (boards.get(id) === loading) loadedBoards.set(id, b);
			return b;
		});
		board = loading;
		boards.set(id, board);
		// A load that failed (the worker could not start or read) is tried afresh at the next look.
		loading.catch(() => boards.get(id) === loading && boards.delete(id));
	}
	return board;
}

/** The station's projection goes once the worker has let go of its board (it writes the projection while it holds it). */
function forgetProjection(id: string) {
	const forgotten = closeRemote(docNames(id).board)
		.then(() => projectionWriters())
		.then((p) => p.forgetProjection(id));
	inBackground(forgotten, 'Forgetting the board projection');
}

export function unloadStation(id: string) {
	boards.delete(id);
	loadedBoards.delete(id);
	unloadVisitLog(id, false);
	dropReadsAhead(id);
	forgetProjection(id);
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
		forgetProjection(id);
		forgetRows(id);
		forgetFrameRows(id);
	} else if (kind === 'visits') {
		unloadVisitLog(id, true);
	} else unloadContacts(id);
}
