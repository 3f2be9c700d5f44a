// A station's counts for the station list (entries, open, overdue), kept from one burst of changes
// to the next by recounting only the entries that changed. Counting every entry after every
// transaction took 6 ms at CPU ×4 with 5,000 entries and grows with the ledger, and it runs for a
// peer's edits too (issue 11: no long task while they stream in). A new day recounts them all:
// which entries are overdue depends on the date.
import { isOverdue, type EntryState } from './ledger';

export interface LedgerTally {
	total: number;
	open: number;
	overdue: number;
}

type Counted = Pick<EntryState, 'id' | 'status' | 'deadline'>;

const OPEN = 1;
const OVERDUE = 2;

export class LedgerCounts {
	/** What each entry added to the counts when it was last counted (OPEN | OVERDUE). */
	readonly #of = new Map<string, number>();
	#on = '';
	#open = 0;
	#overdue = 0;

	/**
	 * The counts on `today`. `changed`: the ids of the entries changed since the last call (null:
	 * not known, count them all); `get` reads one entry (undefined: it is gone).
	 */
	count(today: string, all: Iterable<Counted>, changed: Iterable<string> | null, get: (id: string) => Counted | undefined): LedgerTally {
		if (changed === null || today !== this.#on) {
			this.#of.clear();
			this.#open = this.#overdue = 0;
			this.#on = today;
			for (const entry of all) this.#add(entry.id, entry);
		} else
			for (const id of changed) {
				this.#remove(id);
				const entry = get(id);
				if (entry) this.#add(id, entry);
			}
		return { total: this.#of.size, open: this.#open, overdue: this.#overdue };
	}

	#add(id: string, entry: Counted) {
		const flags = (entry.status === 'open' ? OPEN : 0) | (isOverdue(entry, this.#on) ? OVERDUE : 0);
		this.#of.set(id, flags);
		if (flags & OPEN) this.#open++;
		if (flags & OVERDUE) this.#overdue++;
	}

	#remove(id: string) {
		const flags = this.#of.get(id);
		if (flags === undefined) return;
		this.#of.delete(id);
		if (flags & OPEN) this.#open--;
		if (flags & OVERDUE) this.#overdue--;
	}
}
