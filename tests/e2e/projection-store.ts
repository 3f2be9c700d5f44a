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
