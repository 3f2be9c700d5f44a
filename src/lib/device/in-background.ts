// Work on the device's storage that nobody waits for (a station's counts after an edit, the
// projection, a sync run started by the network coming back). IndexedDB may refuse it at any moment:
// the browser cut the connection (storage cleared under the open page) and the page has not heard
// yet, or a database is being opened again. Such a failure is said on the console and left to the
// next run, which writes everything again; it is never an unhandled rejection, a page error.

/** Starts `work` without waiting for it; a failure is logged as "`what` failed". */
export function inBackground(work: Promise<unknown>, what: string): void {
	work.catch((error: unknown) => console.warn(`${what} failed`, error));
}
