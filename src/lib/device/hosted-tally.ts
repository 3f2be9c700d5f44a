// The station's counts (entries, open, overdue, the open tier-4 ids) kept by the documents' worker
// beside a board (issue 11): the page holds no list of every entry to count (it asks the worker for
// the rows it shows: hosted-list.ts), so the counts the due card and the station list read are
// taken here, where every entry is, and told to the page as the board's value `tally`. The day they
// are taken on is the page's (it tells its day at the load and at each new day: `count`), so that
// what is overdue is what the page's own clock says.
import { LedgerCounts, type LedgerTally } from '$lib/domain/ledger-counts';
import type { EntryState } from '$lib/domain/ledger';
import { yieldToOthers } from '$lib/perf';
import type { FromWorker } from './docs-protocol';
import type { HostedDoc } from './hosted-doc';

/** The counts, and the day they were taken on. */
export type DatedTally = LedgerTally & { on: string };

export class HostedTally {
	readonly #counts = new LedgerCounts();
	/** The day the page last told; null until it has. */
	#today: string | null = null;
	/** Entries changed since the counts were last taken. */
	readonly #dirty = new Set<string>();
	#told: DatedTally | null = null;
	#taking: Promise<void> = Promise.resolve();
	/** A taking is queued and has not begun: the changes since join it rather than queue their own. */
	#queued = false;

	constructor(
		private readonly hosted: HostedDoc,
		private readonly post: (message: FromWorker) => void
	) {
		hosted.onChange((part, keys) => {
			if (part !== 'entries') return;
			for (const key of keys) this.#dirty.add(key);
			this.#take();
		});
	}

	/** The page's day (at the load, and at each new day): the counts are taken on it. */
	count(today: string): void {
		this.#today = today;
		this.#take();
	}

	/**
	 * Takes the counts, one taking after another: every entry in slices on a new day, else only those
	 * changed. A burst of changes (a sync's, one per entry) makes one taking, not one each.
	 */
	#take(): void {
		if (this.#queued) return;
		this.#queued = true;
		this.#taking = this.#taking.then(async () => {
			this.#queued = false;
			const today = this.#today;
			if (today === null) return;
			await this.hosted.ready;
			const entries = this.hosted.kept<EntryState>('entries');
			if (this.#counts.countsAll(today)) {
				this.#dirty.clear();
				await this.#counts.countAll(today, [...entries.values()], yieldToOthers);
			}
			const counted = this.#counts.count(today, [], [...this.#dirty], (id) => entries.get(id));
			this.#dirty.clear();
			this.#tell({ ...counted, on: today });
		}).catch((error: unknown) => console.warn('Counting the ledger failed', error));
	}

	/** Tells the page the counts when they changed (most edits leave them as they were). */
	#tell(tally: DatedTally): void {
		const was = this.#told;
		if (was && was.on === tally.on && was.total === tally.total && was.open === tally.open && was.overdue === tally.overdue && was.openTier4 === tally.openTier4) return;
		this.#told = tally;
		this.post({ type: 'value', name: this.hosted.name, part: 'tally', value: tally });
	}
}
