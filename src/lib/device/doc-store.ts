// Every write of one document to IndexedDB, committed before anyone is told it is saved.
//
// The format is y-indexeddb 9's (an auto-increment `updates` store of Yjs updates and a `custom`
// key-value store); hosted-doc.ts loads it (in the documents' worker), and y-indexeddb's write path is replaced: it adds each
// update in a transaction it never commits explicitly, so a page killed tens of milliseconds after
// an edit lost it. Here each update is one transaction with strict durability, committed at once,
// and a local change's outbox record ("not yet on the server") is put in the SAME transaction: the
// unsent count can never disagree with what is stored. A record is dropped only when the server
// acknowledged that it committed everything sent before it (docs/sync-protocol.md, message 100).
import * as Y from 'yjs';
import { CUSTOM, OUTBOX, outboxRange } from './doc-on-device';
import { StoreError } from './doc-registry';

export { StoreError };

const UPDATES = 'updates';
/** y-indexeddb's own threshold: past it the stored updates are merged into one. */
const TRIM_SIZE = 500;


export type StoreState = 'ok' | 'failed' | 'recovering';

/**
 * What a document's store tells the same document's stores in this device's other tabs (each tab
 * has its documents' worker): a local change once it is on disk, with its outbox record, and the
 * records an acknowledgement removed. Each tab then holds, sends and counts what the device holds:
 * a change made offline in one tab closed before the network came back is sent by the other, which
 * would otherwise say 已同步 while it sat unsent on the phone (the app has y-websocket's own
 * BroadcastChannel off: it posts the whole document at every open, docs/sync-protocol.md).
 */
type TabMessage = { type: 'change'; update: Uint8Array; key: string } | { type: 'acknowledged'; keys: string[] };

const done = (tx: IDBTransaction) =>
	new Promise<void>((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(new StoreError(tx.error?.message ?? 'write failed'));
		tx.onabort = () => reject(new StoreError(tx.error?.message ?? 'write aborted'));
	});

const request = <T>(req: IDBRequest<T>) =>
	new Promise<T>((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});

/**
 * Opens (or re-creates after a wipe) a document's database in y-indexeddb's layout. A database
 * that exists without the layout's stores (made empty by an opener that asks no version: a probe,
 * a check) is upgraded to one version more to make them, not left to fail every read.
 */
export function openDocDb(name: string, version?: number): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(name, version);
		req.onupgradeneeded = () => {
			const db = req.result;
			if (!db.objectStoreNames.contains(UPDATES)) db.createObjectStore(UPDATES, { autoIncrement: true });
			if (!db.objectStoreNames.contains(CUSTOM)) db.createObjectStore(CUSTOM);
		};
		req.onsuccess = () => {
			const db = req.result;
			if (db.objectStoreNames.contains(UPDATES) && db.objectStoreNames.contains(CUSTOM)) return resolve(db);
			db.close();
			openDocDb(name, db.version + 1).then(resolve, reject);
		};
		req.onerror = () => reject(req.error);
		req.onblocked = () => reject(new StoreError('blocked'));
	});
}

export class DocStore {
	/** Local changes not yet acknowledged by the server: outbox key → the mark it was made under. */
	readonly #outbox = new Map<string, number>();
	readonly #inflight = new Set<Promise<void>>();
	#mark = 1;
	#seq = 0;
	#size = 0;
	#db: IDBDatabase;
	#error: StoreError | null = null;
	#recovering: Promise<void> | null = null;
	#listeners = new Set<() => void>();
	/** Told when the database was cut off under the page (cleared while open): the app says so. */
	onLost: (() => void) | null = null;
	/** The same document in this device's other tabs (TabMessage). */
	readonly #tabs: BroadcastChannel | null;

	private constructor(
		readonly name: string,
		readonly doc: Y.Doc,
		db: IDBDatabase
	) {
		this.#db = db;
		this.#watch(db);
		doc.on('update', this.#onUpdate);
		this.#tabs = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`yixian-tabs:${name}`) : null;
		if (this.#tabs) {
			this.#tabs.onmessage = (event: MessageEvent<TabMessage>) => this.#fromTab(event.data);
			(this.#tabs as { unref?: () => void }).unref?.(); // Node (unit specs): never what keeps a run alive
		}
	}

	/** Another tab's local change (already on disk, with its record) or acknowledgement. */
	#fromTab(message: TabMessage) {
		if (message?.type === 'acknowledged') {
			let removed = false;
			for (const key of message.keys) removed = this.#outbox.delete(key) || removed;
			if (removed) this.#changed();
			return;
		}
		if (message?.type !== 'change' || this.#outbox.has(message.key)) return;
		// Applied as stored (origin: this store), so not written again; the provider sends it when connected.
		Y.applyUpdate(this.doc, message.update, this);
		// Counted and acknowledged here too, unless it waits on changes this copy lacks (then it is not
		// sent from here, and its record stays for the next load).
		if (this.doc.store.pendingStructs || this.doc.store.pendingDs) return;
		this.#outbox.set(message.key, this.#mark);
		this.#changed();
	}

	/** Takes over writing `doc` (already loaded from `db`: hosted-doc.ts). */
	static async attach(name: string, doc: Y.Doc, db: IDBDatabase): Promise<DocStore> {
		const store = new DocStore(name, doc, db);
		const tx = db.transaction([UPDATES, CUSTOM], 'readonly');
		const [keys, size] = await Promise.all([
			request(tx.objectStore(CUSTOM).getAllKeys(outboxRange())),
			request(tx.objectStore(UPDATES).count())
		]);
		// Records left by earlier runs of the app: unsent until the next acknowledgement.
		for (const key of keys) store.#outbox.set(String(key), 0);
		store.#size = size;
		return store;
	}

	get state(): StoreState {
		return this.#recovering ? 'recovering' : this.#error ? 'failed' : 'ok';
	}

	/** Local changes stored on this device and not yet acknowledged by the server. */
	get unsent(): number {
		return this.#outbox.size;
	}

	onChange(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#changed() {
		for (const listener of this.#listeners) listener();
	}

	#onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
		if (origin === this) return;
		// A change made here (not one received from the server or another tab) waits for the server.
		const key = tr.local ? `${OUTBOX}${this.doc.clientID}:${++this.#seq}` : null;
		if (key) this.#outbox.set(key, this.#mark);
		this.#track(this.#write(update, key));
		if (key) this.#changed();
	};

	#track(write: Promise<void>) {
		this.#inflight.add(write);
		write.then(
			() => this.#inflight.delete(write),
			(error: unknown) => {
				this.#inflight.delete(write);
				this.#error = error instanceof StoreError ? error : new StoreError(String(error));
				this.#changed();
			}
		);
	}

	async #write(update: Uint8Array, outboxKey: string | null): Promise<void> {
		if (this.#recovering) await this.#recovering.catch(() => {});
		let tx: IDBTransaction;
		try {
			tx = this.#db.transaction([UPDATES, CUSTOM], 'readwrite', { durability: 'strict' });
			tx.objectStore(UPDATES).add(update);
			if (outboxKey) tx.objectStore(CUSTOM).put(Date.now(), outboxKey);
			tx.commit();
		} catch (error) {
			throw new StoreError((error as Error).message);
		}
		await done(tx);
		if (outboxKey) this.#tell({ type: 'change', update, key: outboxKey });
		if (++this.#size >= TRIM_SIZE) this.#trim();
	}

	#tell(message: TabMessage) {
		try {
			this.#tabs?.postMessage(message);
		} catch {
			/* closed (the store let go): the other tabs read it from the device at their next load */
		}
	}

	/** Resolves when every change made so far is committed; throws StoreError if one could not be. */
	async whenStored(): Promise<void> {
		while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
		if (this.#recovering) await this.#recovering.catch(() => {});
		if (this.#error) throw this.#error;
	}

	/**
	 * Writes the whole document and every unsent record again, in one transaction, on a freshly
	 * opened database: after a failed write, or after the database was cleared while the page had
	 * it open. Nothing is lost that this page still holds in memory.
	 */
	retry(): Promise<void> {
		this.#recovering ??= (async () => {
			try {
				try {
					this.#db.close();
				} catch {
					/* already closed */
				}
				const db = await openDocDb(this.name);
				this.#db = db;
				this.#watch(db);
				const tx = db.transaction([UPDATES, CUSTOM], 'readwrite', { durability: 'strict' });
				tx.objectStore(UPDATES).add(Y.encodeStateAsUpdate(this.doc));
				for (const key of this.#outbox.keys()) tx.objectStore(CUSTOM).put(Date.now(), key);
				tx.commit();
				await done(tx);
				this.#error = null;
			} catch (error) {
				this.#error = error instanceof StoreError ? error : new StoreError(String(error));
				throw this.#error;
			} finally {
				this.#recovering = null;
				this.#changed();
			}
		})();
		this.#changed();
		return this.#recovering;
	}

	/** Writes the page's copy back after a wipe; the browser may still be clearing, so a few tries. */
	async #recover() {
		for (let attempt = 0; attempt < 6; attempt++) {
			try {
				return await this.retry();
			} catch (error) {
				console.warn(`Storing ${this.name} again failed (attempt ${attempt + 1})`, error);
				await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
			}
		}
	}

	#watch(db: IDBDatabase) {
		// Site data cleared while open: the browser closes our connection. Another page deleting the
		// database asks us to let go. Either way the page's copy is written back at once.
		db.onclose = () => {
			if (db !== this.#db) return;
			this.onLost?.();
			void this.#recover();
		};
		db.onversionchange = () => {
			if (db !== this.#db) return;
			db.close();
		};
	}

	/** A mark for a flush request: changes made before it are covered by its acknowledgement. */
	mark(): number {
		return this.#mark++;
	}

	/** The server committed everything sent before `mark`: those changes are no longer unsent. */
	acknowledge(mark: number) {
		const keys = [...this.#outbox].filter(([, m]) => m <= mark).map(([key]) => key);
		if (keys.length === 0) return;
		for (const key of keys) this.#outbox.delete(key);
		this.#changed();
		this.#tell({ type: 'acknowledged', keys });
		try {
			const tx = this.#db.transaction([CUSTOM], 'readwrite');
			for (const key of keys) tx.objectStore(CUSTOM).delete(key);
			tx.commit();
		} catch {
			/* closed: the records stay and count again after a restart, until the next acknowledgement */
		}
	}

	/** Rewrites the stored copy as the current state only: what was deleted leaves the disk too. */
	compact(): Promise<void> {
		this.#trim();
		return this.whenStored();
	}

	/** y-indexeddb's compaction, in one transaction: what other tabs stored is merged in first. */
	#trim() {
		this.#size = 0;
		const tx = this.#db.transaction([UPDATES], 'readwrite', { durability: 'strict' });
		const updates = tx.objectStore(UPDATES);
		const all = updates.getAll();
		all.onsuccess = () => {
			Y.transact(this.doc, () => all.result.forEach((u: Uint8Array) => Y.applyUpdate(this.doc, u)), this, false);
			const added = updates.add(Y.encodeStateAsUpdate(this.doc));
			added.onsuccess = () => void updates.delete(IDBKeyRange.upperBound(added.result, true));
			this.#size = 1;
		};
		this.#track(done(tx).catch(() => {}));
	}

	/** Stops writing and lets go of the database (before it is deleted). */
	destroy() {
		this.#tabs?.close();
		this.doc.off('update', this.#onUpdate);
		this.#listeners.clear();
		this.#db.onclose = null;
		this.#db.close();
	}
}
