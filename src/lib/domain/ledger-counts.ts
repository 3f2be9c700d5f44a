// A station's counts for the station list (entries, open, overdue) and for the due card (the open
// entries at tier 4 the dispatch meeting has still to decide: calendar.ts, awaitsDecision), kept from one burst of changes
// to the next by recounting only the entries that changed. Counting every entry after every
// transaction took 6 ms at CPU ×4 with 5,000 entries and grows with the ledger, and it runs for a
// peer's edits too (issue 11: no long task while they stream in). A new day recounts them all:
// which entries are overdue depends on the date.
import { awaitsDecision } from './escalation';
import { isOverdue, type EntryState } from './ledger';

export interface LedgerTally {
	total: number;
	open: number;
	overdue: number;
	/** The open entries at tier 4 still to decide at the dispatch meeting, by id. */
	openTier4: string[];
}

type Counted = Pick<EntryState, 'id' | 'status' | 'deadline' | 'tier'> & Partial<Pick<EntryState, 'decision' | 'timeline'>>;

const OPEN = 1;
const OVERDUE = 2;
const OPEN_TIER4 = 4;

export class LedgerCounts {
	/** What each entry added to the counts when it was last counted (OPEN | OVERDUE). */
	readonly #of = new Map<string, number>();
	#on = '';
	#open = 0;
	#overdue = 0;
	readonly #openTier4 = new Set<string>();
	#openTier4List: string[] = [];
	#tier4Touched = false;

	/**
	 * The counts on `today`. `changed`: the ids of the entries changed since the last call (null:
	 * not known, count them all); `get` reads one entry (undefined: it is gone).
	 */
	count(today: string, all: Iterable<Counted>, changed: Iterable<string> | null, get: (id: string) => Counted | undefined): LedgerTally {
		if (changed === null || today !== this.#on) {
			this.#of.clear();
			this.#openTier4.clear();
			this.#tier4Touched = true;
			this.#open = this.#overdue = 0;
			this.#on = today;
			for (const entry of all) this.#add(entry.id, entry);
		} else
			for (const id of changed) {
				this.#remove(id);
				const entry = get(id);
				if (entry) this.#add(id, entry);
			}
		if (this.#tier4Touched) {
			// The same list as before when the same entries are in it (an open tier-4 entry edited): a
			// view that follows the list is not told of a change that is none.
			const list = [...this.#openTier4].sort();
			const old = this.#openTier4List;
			if (old.length !== list.length || list.some((id, i) => id !== old[i])) this.#openTier4List = list;
			this.#tier4Touched = false;
		}
		return { total: this.#of.size, open: this.#open, overdue: this.#overdue, openTier4: this.#openTier4List };
	}

	/** Whether a count on `today` takes every entry (never counted, or a new day). */
	countsAll(today: string): boolean {
		return today !== this.#on;
	}

	/**
	 * The first count of `today`, `slice` entries at a time with `pause` between (50,000 in one task
	 * was a long task at CPU ×4: issue 11). A `count` after it takes only the entries changed since.
	 */
	async countAll(today: string, all: readonly Counted[], pause: () => Promise<unknown>, slice = 5000): Promise<void> {
		this.#of.clear();
		this.#openTier4.clear();
		this.#tier4Touched = true;
		this.#open = this.#overdue = 0;
		this.#on = today;
		for (let i = 0; i < all.length; i++) {
			if (i > 0 && i % slice === 0) await pause();
			this.#add(all[i].id, all[i]);
		}
	}

	#add(id: string, entry: Counted) {
		const open = entry.status === 'open';
		const flags = (open ? OPEN : 0) | (isOverdue(entry, this.#on) ? OVERDUE : 0) | (open && entry.tier === 4 && awaitsDecision(entry) ? OPEN_TIER4 : 0);
		this.#of.set(id, flags);
		if (flags & OPEN) this.#open++;
		if (flags & OVERDUE) this.#overdue++;
		if (flags & OPEN_TIER4) this.#tier4Changed(() => this.#openTier4.add(id));
	}

	#remove(id: string) {
		const flags = this.#of.get(id);
		if (flags === undefined) return;
		this.#of.delete(id);
		if (flags & OPEN) this.#open--;
		if (flags & OVERDUE) this.#overdue--;
		if (flags & OPEN_TIER4) this.#tier4Changed(() => this.#openTier4.delete(id));
	}

	#tier4Changed(change: () => unknown) {
		change();
		this.#tier4Touched = true;
	}
}
