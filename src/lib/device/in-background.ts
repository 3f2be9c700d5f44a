// Work on the device's storage that nobody waits for (a station's counts after an edit, the
// projection, a sync run started by the network coming back). IndexedDB may refuse it at any moment:
// the browser cut the connection (storage cleared under the open page) and the page has not heard
// yet, or a database is being opened again. Such a failure is said on the console and left to the
// next run, which writes everything again; it is never an unhandled rejection, a page error.

/** Starts `work` without waiting for it; a failure is logged as "`what` failed". Answers when it has settled. */
export function inBackground(work: Promise<unknown>, what: string): Promise<void> {
	return work.then(
		() => {},
		(error: unknown) => console.warn(`${what} failed`, error)
	);
}

/**
 * Background work a save may still wait for before it says "saved": a cache of what it saved (the
 * ledger's projection), so that a reload right after shows it (issue 11). Only up to a bound: a
 * cache is set right at the next load, and a stuck write must not hold a form.
 */
export class Pending {
	readonly #work = new Set<Promise<void>>();

	/** Starts `work` as inBackground does, and keeps it until it has settled. */
	add(work: Promise<unknown>, what: string): void {
		const settled = inBackground(work, what);
		this.#work.add(settled);
		void settled.then(() => this.#work.delete(settled));
	}

	/** Resolves once all the work added so far has settled, or after `ms`; never rejects. */
	settled(ms: number): Promise<void> {
		if (!this.#work.size) return Promise.resolve();
		let timer: ReturnType<typeof setTimeout> | undefined;
		const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
		return Promise.race([Promise.all(this.#work).then(() => {}), bound]).finally(() => clearTimeout(timer));
	}
}
