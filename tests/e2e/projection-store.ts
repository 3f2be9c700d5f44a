// Reads the device's board projection (yixian-projection) with raw IndexedDB, as it is on disk:
// for specs that check what the app keeps there, without going through the app's own code.
import type { Page } from '@playwright/test';

/** The records of `store` for `station` (through `index` when given, else by primary key); [] when the store is not there. */
export function projectionRecords<T>(page: Page, store: string, station: string, index?: string): Promise<T[]> {
	return page.evaluate(
		({ store, station, index }) =>
			new Promise<T[]>((resolve, reject) => {
				const open = indexedDB.open('yixian-projection');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					if (!db.objectStoreNames.contains(store)) return (db.close(), resolve([]));
					const source = db.transaction(store).objectStore(store);
					const req = (index ? source.index(index) : source).getAll(station);
					req.onsuccess = () => (db.close(), resolve(req.result as T[]));
					req.onerror = () => reject(req.error);
				};
			}),
		{ store, station, index }
	);
}

/**
 * Holds `store` of yixian-projection with a readwrite transaction of the test's for `ms`, so the
 * app's writes to it wait behind it; resolves once the hold has begun. The page's
 * `window.heldWhenShown` is then set, the first time `shown` (a selector) holds text with `text`, to
 * whether the hold was still on: what the app showed before its write could have landed.
 */
export function holdProjectionStore(page: Page, store: string, ms: number, shown: { selector: string; text: string }): Promise<void> {
	return page.evaluate(
		({ store, ms, shown }) =>
			new Promise<void>((resolve, reject) => {
				const w = window as unknown as { held?: boolean; heldWhenShown?: boolean };
				w.held = true;
				delete w.heldWhenShown;
				new MutationObserver(() => {
					if (w.heldWhenShown === undefined && [...document.querySelectorAll(shown.selector)].some((e) => e.textContent?.includes(shown.text))) w.heldWhenShown = w.held;
				}).observe(document.body, { childList: true, subtree: true, characterData: true });
				const open = indexedDB.open('yixian-projection');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(store, 'readwrite');
					const held = tx.objectStore(store);
					const until = performance.now() + ms;
					const hold = () => {
						if (performance.now() < until) held.count().onsuccess = hold;
					};
					held.count().onsuccess = () => (resolve(), hold());
					tx.oncomplete = () => ((w.held = false), db.close());
				};
			}),
		{ store, ms, shown }
	);
}

/** What holdProjectionStore noted: whether the hold was still on when the app showed what it waited for. */
export const heldWhenShown = (page: Page): Promise<boolean | undefined> => page.evaluate(() => (window as unknown as { heldWhenShown?: boolean }).heldWhenShown);
