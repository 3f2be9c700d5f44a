// A document held by the documents' worker (docs.worker.ts): its Y.Doc, loaded from the device and
// written back by the same DocStore the page uses (committed before "saved", an outbox of unsent
// changes), and its record maps told to the page as plain records. The page's edits arrive as whole
// records and are not sent back to it (it shows them already).
import * as Y from 'yjs';
import { DocStore, openDocDb } from './doc-store';
import { DB_PREFIX } from './doc-on-device';
import { readUpdates } from './doc-updates';
import type { DocRecord, FromWorker } from './docs-protocol';

/** The record maps of each kind of document held here. */
const PARTS: Record<string, readonly string[]> = { visits: ['visits', 'ties', 'help'] };
/** Records per message while a load sends what the document holds: each message is a task of the page's. */
const PAGE_RECORDS = 400;
/** The origin of the page's edits: stored and sent like any local change, not told back. */
const FROM_PAGE = 'page';
/** The origin of the stored updates applied at the load. */
const FROM_DEVICE = 'device';

export class HostedDoc {
	readonly doc: Y.Doc;
	readonly ready: Promise<void>;
	store: DocStore | null = null;
	#db: IDBDatabase | null = null;
	#closed = false;

	constructor(
		readonly name: string,
		private readonly post: (message: FromWorker) => void
	) {
		this.doc = new Y.Doc({ guid: name });
		this.ready = this.#load();
		this.ready.then(
			() => post({ type: 'loaded', name }),
			(error: unknown) => post({ type: 'loaded', name, error: String(error) })
		);
	}

	get parts(): readonly string[] {
		return PARTS[this.name.split(':')[0]] ?? [];
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
		for (const part of this.parts) {
			const map = this.doc.getMap<DocRecord>(part);
			const all = [...map.values()];
			for (let i = 0; i < all.length; i += PAGE_RECORDS)
				this.post({ type: 'records', name: this.name, part, put: all.slice(i, i + PAGE_RECORDS), deleted: [], initial: true });
			map.observe((event, tr) => {
				if (tr.origin === FROM_PAGE) return;
				const put: DocRecord[] = [];
				const deleted: string[] = [];
				for (const key of event.keysChanged) {
					const record = map.get(key);
					if (record === undefined) deleted.push(key);
					else put.push(record);
				}
				this.post({ type: 'records', name: this.name, part, put, deleted, initial: false });
			});
		}
	}

	#tellStore() {
		const store = this.store;
		if (store) this.post({ type: 'store', name: this.name, unsent: store.unsent, state: store.state });
	}

	put(part: string, record: DocRecord) {
		if (!this.parts.includes(part) || typeof record?.id !== 'string') return;
		this.doc.transact(() => this.doc.getMap(part).set(record.id, record), FROM_PAGE);
	}

	delete(part: string, id: string) {
		if (!this.parts.includes(part)) return;
		this.doc.transact(() => this.doc.getMap(part).delete(id), FROM_PAGE);
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
