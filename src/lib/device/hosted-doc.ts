// A document held by the documents' worker (docs.worker.ts): its Y.Doc, loaded from the device and
// written back by the same DocStore the page used (committed before "saved", an outbox of unsent
// changes), and what the views read of it (doc-shapes.ts) told to the page: every value of its
// collections at the load, a few hundred to a message (but for a collection the page asks windows
// of, a board's entries, and one it is told only the watched values of, a station's reporters),
// then each change; its small values whole. Of a windowed collection the
// page holds the rows of a few hundred keys at most: past that, a change tells it only that the
// rows it holds are stale (a sync of thousands of entries is one short message, not one long task).
// The page's edits run here (doc-ops.ts) and come back as the values they changed; the visit log's
// records put whole by the page are not told back (it shows them already).
import * as Y from 'yjs';
import { DocStore, openDocDb } from './doc-store';
import { DB_PREFIX } from './doc-on-device';
import { readUpdates } from './doc-updates';
import type { DocRecord, FromWorker } from './docs-protocol';
import { shapeOf, type DocShape, type MapShape } from './doc-shapes';

/** Values per message while a load sends what the document holds: each message is a task of the page's. */
const PAGE_VALUES = 200;
/**
 * The rows of a windowed collection the page holds at most (those changes told it since the load):
 * a change that would make it more tells only `stale`, and the page drops them all.
 */
export const TOLD_ROWS = 500;
/** The origin of the visit log's records put by the page: stored and sent like any local change, not told back. */
const FROM_PAGE = 'page';
/** The origin of the stored updates applied at the load. */
const FROM_DEVICE = 'device';

export class HostedDoc {
	readonly doc: Y.Doc;
	readonly ready: Promise<void>;
	readonly shape: DocShape;
	store: DocStore | null = null;
	#db: IDBDatabase | null = null;
	#closed = false;
	/** The values read of each collection the page holds rows of (doc-shapes.ts, `row`), by key. */
	readonly #kept = new Map<string, Map<string, unknown>>();
	/** The rows of such a collection, as told to the page (the list's answers: hosted-list.ts). */
	readonly #rows = new Map<string, Map<string, unknown>>();
	/** The keys of such a collection whose whole values the page's views watch. */
	readonly #watched = new Map<string, Set<string>>();
	readonly #changeListeners = new Set<(part: string, keys: readonly string[]) => void>();

	constructor(
		readonly name: string,
		private readonly post: (message: FromWorker) => void
	) {
		this.doc = new Y.Doc({ guid: name });
		this.shape = shapeOf(name);
		this.ready = this.#load();
		this.ready.then(
			() => post({ type: 'loaded', name }),
			(error: unknown) => post({ type: 'loaded', name, error: String(error) })
		);
	}

	async #load() {
		const db = (this.#db = await openDocDb(DB_PREFIX + this.name));
		const updates = await readUpdates(db);
		// Off the page: applied at once, in one transaction, nobody listening yet.
		Y.transact(this.doc, () => updates.forEach((u) => Y.applyUpdate(this.doc, u, FROM_DEVICE)), FROM_DEVICE, false);
		if (this.#closed) return;
		const store = (this.store = await DocStore.attach(DB_PREFIX + this.name, this.doc, db));
		store.onLost = () => this.post({ type: 'lost', name: this.name });
		store.onChange(() => this.#tellStore());
		this.#tellStore();
		for (const [part, shape] of Object.entries(this.shape.maps)) this.#follow(part, shape.map(this.doc), shape);
		for (const [part, { types, read }] of Object.entries(this.shape.values)) {
			const tell = () => this.post({ type: 'value', name: this.name, part, value: read(this.doc) });
			tell();
			for (const type of types(this.doc)) type.observeDeep(tell);
		}
	}

	/**
	 * Tells the page every value of a collection (none when `windowed` or `watchedOnly`), then each
	 * one a transaction changed; of a collection with rows (`row`), the rows, and the whole values of
	 * the keys watched; of one `watchedOnly`, only those.
	 */
	#follow(part: string, map: Y.Map<unknown>, { read, row, windowed = false, watchedOnly = false }: MapShape) {
		const kept = row || watchedOnly ? new Map<string, unknown>() : null;
		const rows = row ? new Map<string, unknown>() : null;
		if (kept) this.#kept.set(part, kept);
		if (rows) this.#rows.set(part, rows);
		/** What the page is told of a value read (a row of it, or the value itself), the value kept. */
		const told = (key: string, full: unknown) => {
			kept?.set(key, full);
			if (!row) return full;
			const r = row(full);
			rows!.set(key, r);
			return r;
		};
		/** Of a windowed collection: the keys whose rows the page holds (told since the load or the last `stale`). */
		const held = windowed ? new Set<string>() : null;
		const all: [string, unknown][] = [];
		map.forEach((value, key) => {
			const shown = told(key, read(value, key));
			if (!windowed && !watchedOnly) all.push([key, shown]);
		});
		for (let i = 0; i < all.length; i += PAGE_VALUES)
			this.post({ type: 'records', name: this.name, part, put: all.slice(i, i + PAGE_VALUES), deleted: [], initial: true });
		map.observeDeep((events, tr) => {
			if (tr.origin === FROM_PAGE) return;
			const keys = new Set<string>();
			for (const e of events) {
				if (e.target === map) for (const key of (e as Y.YMapEvent<unknown>).keysChanged) keys.add(key);
				else keys.add(String(e.path[0]));
			}
			const put: [string, unknown][] = [];
			const deleted: string[] = [];
			for (const key of keys) {
				const value = map.get(key);
				if (value === undefined) {
					kept?.delete(key);
					rows?.delete(key);
					deleted.push(key);
					continue;
				}
				put.push([key, told(key, read(value, key))]);
			}
			// The whole values of the keys watched come in the same message: the entry on screen changes
			// in the same task as its row (an edit's round trip is one message, not two).
			const whole = kept ? this.#watchedValues(part, keys) : null;
			if (watchedOnly) {
				if (whole) this.post({ type: 'records', name: this.name, part, put: [], deleted: [], initial: false, whole });
			} else if (held && this.#holds(held, put, deleted)) this.post({ type: 'records', name: this.name, part, put: [], deleted: [], initial: false, stale: true, ...(whole && { whole }) });
			else this.post({ type: 'records', name: this.name, part, put, deleted, initial: false, ...(whole && { whole }) });
			for (const listener of this.#changeListeners) listener(part, [...keys]);
		});
	}

	/** Notes the rows a change tells the page of a windowed collection; true when they would be too many (then it holds none). */
	#holds(held: Set<string>, put: readonly [string, unknown][], deleted: readonly string[]): boolean {
		for (const key of deleted) held.delete(key);
		let more = 0;
		for (const [key] of put) if (!held.has(key)) more++;
		if (held.size + more > TOLD_ROWS) {
			held.clear();
			return true;
		}
		for (const [key] of put) held.add(key);
		return false;
	}

	/** The whole values of a collection with rows, as last read (the worker's own readers: hosted-ledger.ts). */
	kept<T>(part: string): ReadonlyMap<string, T> {
		return (this.#kept.get(part) ?? new Map()) as ReadonlyMap<string, T>;
	}

	/** The rows of a collection with rows, as told to the page. */
	rows<T>(part: string): ReadonlyMap<string, T> {
		return (this.#rows.get(part) ?? new Map()) as ReadonlyMap<string, T>;
	}

	/** Told of the keys of each change after the load (not of the page's own puts). */
	onChange(listener: (part: string, keys: readonly string[]) => void): () => void {
		this.#changeListeners.add(listener);
		return () => this.#changeListeners.delete(listener);
	}

	/** The keys of a collection with rows whose whole values the page's views show now: told at once, then as they change. */
	watch(part: string, keys: readonly string[]) {
		if (!this.#kept.has(part)) return;
		const before = this.#watched.get(part) ?? new Set();
		const now = new Set(keys);
		this.#watched.set(part, now);
		const whole = this.#watchedValues(part, [...now].filter((key) => !before.has(key)));
		if (whole) this.post({ type: 'records', name: this.name, part, put: [], deleted: [], initial: false, whole });
	}

	/** The whole values of those of `keys` that are watched (deleted: gone); null when none is. */
	#watchedValues(part: string, keys: Iterable<string>): { put: [string, unknown][]; deleted: string[] } | null {
		const watched = this.#watched.get(part);
		const kept = this.#kept.get(part);
		if (!watched?.size || !kept) return null;
		const put: [string, unknown][] = [];
		const deleted: string[] = [];
		for (const key of keys) {
			if (!watched.has(key)) continue;
			const full = kept.get(key);
			if (full === undefined) deleted.push(key);
			else put.push([key, full]);
		}
		return put.length || deleted.length ? { put, deleted } : null;
	}

	#tellStore() {
		const store = this.store;
		if (store) this.post({ type: 'store', name: this.name, unsent: store.unsent, state: store.state });
	}

	/** A record of the visit log put whole by the page. */
	put(part: string, record: DocRecord) {
		if (!Object.hasOwn(this.shape.maps, part) || typeof record?.id !== 'string') return;
		this.doc.transact(() => this.shape.maps[part].map(this.doc).set(record.id, record), FROM_PAGE);
	}

	delete(part: string, id: string) {
		if (!Object.hasOwn(this.shape.maps, part)) return;
		this.doc.transact(() => this.shape.maps[part].map(this.doc).delete(id), FROM_PAGE);
	}

	async stored(): Promise<void> {
		await this.ready;
		await this.store?.whenStored();
	}

	/** Lets go of the database (the page deletes it next) and of the document. */
	async close(): Promise<void> {
		this.#closed = true;
		await this.ready.catch(() => {});
		if (this.store) this.store.destroy();
		else this.#db?.close();
		this.doc.destroy();
	}
}
