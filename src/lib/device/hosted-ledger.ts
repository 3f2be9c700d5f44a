// A board's ledger as the documents' worker keeps it beside the document (issue 11): the ledger's
// head (its first rows in the default order, with their timelines: what the page keeps for the next
// start's frame) told to the page, and the device's projection (board-projection.ts: the rows, each
// entry's timeline, the head) written from every entry's whole state, which only the worker holds.
// The page holds the entries' rows; the projection's writes and their reads of whole ledgers are
// off its main thread.
import type { EntryState } from '$lib/domain/ledger';
import { topOfLedger, topOfLedgerInSlices, updateTop } from '$lib/domain/ledger-query';
import { yieldToOthers } from '$lib/perf';
import type { FromWorker } from './docs-protocol';
import type { HostedDoc } from './hosted-doc';
import { Pending } from './in-background';

/** Enough rows to fill a phone's screen. */
const HEAD_ROWS = 30;
/** The longest a save waits for the projection after its own commit (see projected). */
const PROJECTED_WAIT_MS = 3000;

/** The ledger's first rows in the default order (whole entries), and how many entries there are. */
export interface LedgerHead {
	rows: EntryState[];
	total: number;
}

type Writers = typeof import('./board-projection');

export class HostedLedger {
	#top: EntryState[] | null = null;
	#closed = false;
	readonly #pending = new Pending();
	readonly #writers: Promise<Writers>;
	/** Entries changed before the first head was taken (the load's pass): folded into it. */
	#early: Set<string> | null = new Set();

	constructor(
		private readonly hosted: HostedDoc,
		private readonly station: string,
		private readonly post: (message: FromWorker) => void
	) {
		this.#writers = import('./board-projection');
		hosted.onChange((part, keys) => {
			if (part !== 'entries' || this.#closed) return;
			if (this.#early) for (const key of keys) this.#early.add(key);
			else this.#changed(keys);
		});
	}

	get #entries(): ReadonlyMap<string, EntryState> {
		return this.hosted.kept<EntryState>('entries');
	}

	#ask: () => void = () => {};
	readonly #asked = new Promise<void>((resolve) => (this.#ask = resolve));

	/** The page's first work on the board is done (it asks at background priority): the reconcile may run. */
	reconcile(): void {
		this.#ask();
	}

	/**
	 * Once the document has loaded: the head, then (once the page asks: reconcile) the projection
	 * made equal to the document (only what differs is written; changes merged while the board was
	 * closed catch up here).
	 */
	async start(): Promise<void> {
		await this.hosted.ready;
		if (this.#closed) return;
		const all = [...this.#entries.values()];
		// A pass over every entry, in slices: the worker answers the page's asks between them.
		const top = await topOfLedgerInSlices(all, 'received', HEAD_ROWS, yieldToOthers);
		if (this.#closed) return;
		const early = this.#early!;
		this.#early = null;
		// Entries changed during the pass are put in their place (or, when that cannot tell, the head taken again).
		this.#top = early.size ? (updateTop(top, 'received', HEAD_ROWS, early, (id) => this.#entries.get(id)) ?? topOfLedger(this.#entries.values(), 'received', HEAD_ROWS)) : top;
		this.#tellHead();
		// The reconcile reads and writes the whole projection: on a phone's two or so cores that
		// competes with the page's own first work on the board, so it waits for the page to ask.
		await this.#asked;
		if (this.#closed) return;
		const head = this.#tellHead();
		const live = [...this.#entries.values()];
		this.#pending.add(
			this.#writers.then((p) => (this.#closed ? undefined : p.reconcileRows(this.station, live, head, () => !this.#closed))),
			'Projecting the ledger'
		);
	}

	#told: LedgerHead | null = null;

	/** Tells the page the head when it changed (most edits of a busy ledger leave it as it was). */
	#tellHead(): LedgerHead {
		const head = { rows: this.#top ?? [], total: this.#entries.size };
		const told = this.#told;
		if (told && told.total === head.total && told.rows.length === head.rows.length && told.rows.every((e, i) => e === head.rows[i])) return head;
		this.#told = head;
		this.post({ type: 'value', name: this.hosted.name, part: 'head', value: head });
		return head;
	}

	/** The entries a transaction changed: their rows noted in the projection, with the head. */
	#changed(keys: readonly string[]) {
		const entries = this.#entries;
		const changed: EntryState[] = [];
		const removed: string[] = [];
		for (const key of keys) {
			const entry = entries.get(key);
			if (entry) changed.push(entry);
			else removed.push(key);
		}
		const before = this.#top;
		this.#top = (before && updateTop(before, 'received', HEAD_ROWS, keys, (id) => entries.get(id))) || topOfLedger(entries.values(), 'received', HEAD_ROWS);
		const head = this.#tellHead();
		this.#pending.add(
			this.#writers.then((p) => (this.#closed ? undefined : p.writeRows(this.station, changed, removed, head))),
			'Projecting the ledger'
		);
	}

	/** Resolves once the projection holds every change so far (bounded: a stuck write must not hold a save). */
	projected(): Promise<void> {
		return this.#pending.settled(PROJECTED_WAIT_MS);
	}

	/** Writes nothing more; resolves once what was under way has settled (the page deletes the projection next). */
	async close(): Promise<void> {
		this.#closed = true;
		await this.#pending.settled(PROJECTED_WAIT_MS);
	}
}
