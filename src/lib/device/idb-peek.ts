// Reads, in plain IndexedDB, of a database the app keeps with Dexie (issue 11): for the few reads a
// start waits on before its first view. Dexie's open of a database (its schema's versions parsed, a
// transaction over every store to check the one installed) and its own module's evaluation cost a
// mid-range phone's main thread a tenth of a second before the app could render anything.
// A peek never creates nor upgrades a database: where it is missing, or at another version than the
// code's, or the read fails, the answer says it could not read (`ok: false`), and the caller reads through Dexie
// (which makes and upgrades it) or takes it as nothing kept. Its connection gives way at once to
// another's upgrade or deletion (an erase, a wipe).

export type Peeked<T> = { ok: true; value: T } | { ok: false };

const connections = new Map<string, Promise<IDBDatabase | null>>();

/** A connection the boot frame opened at the page's start (src/boot-frame.js), taken once. */
function fromBootFrame(name: string): Promise<IDBDatabase | null> | undefined {
	const opened = (globalThis as { __yxBootDatabases?: Record<string, Promise<IDBDatabase | null>> }).__yxBootDatabases;
	const connection = opened?.[name];
	if (opened) delete opened[name];
	return connection;
}

/** A new connection to the database as it is (null: none on this device, or it could not be opened). */
function openNew(name: string): Promise<IDBDatabase | null> {
	return new Promise((resolve) => {
		let req: IDBOpenDBRequest;
		try {
			req = indexedDB.open(name);
		} catch {
			return resolve(null);
		}
		// No version asked: an upgrade here means the database did not exist. Not made here.
		req.onupgradeneeded = () => req.transaction?.abort();
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => resolve(null);
	});
}

/** The database as it is (null: none on this device, or it could not be opened): the boot frame's connection the first time, if it opened one. */
function openAsIs(name: string): Promise<IDBDatabase | null> {
	const known = connections.get(name);
	if (known) return known;
	const opening = (fromBootFrame(name) ?? openNew(name)).then((db) => {
		const forget = () => {
			if (connections.get(name) === opening) connections.delete(name);
		};
		// None (yet): asked again next time.
		if (!db) return (forget(), null);
		db.onversionchange = () => {
			db.close();
			forget();
		};
		db.onclose = forget;
		return db;
	});
	connections.set(name, opening);
	return opening;
}

/** A request's result. */
export const result = <T>(req: IDBRequest<T>) =>
	new Promise<T>((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});

/**
 * Runs `read` in one read-only transaction over `stores` of the database `name`, as it is, when it
 * is at Dexie's `version` (the number passed to Dexie's last `db.version()`): at another (an upgrade
 * not run yet, which may rewrite the records read) it is not read here.
 */
export async function peek<T>(name: string, version: number, stores: string[], read: (store: (name: string) => IDBObjectStore) => Promise<T>): Promise<Peeked<T>> {
	const db = await openAsIs(name);
	// Dexie's version n is IndexedDB's version 10n.
	if (!db || db.version !== Math.round(version * 10)) return { ok: false };
	try {
		const tx = db.transaction(stores, 'readonly');
		return { ok: true, value: await read((store) => tx.objectStore(store)) };
	} catch {
		return { ok: false };
	}
}
