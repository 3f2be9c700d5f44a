// The server's own reads of documents nobody is connected to (public pages, statistics, the
// office's views): kept while their stored state has not changed, at most `maxSnapshots` and for
// `snapshotTtlMs` after their last read — a district's boards would not fit in memory at once
// (issue 12). Callers asking together for the same stored state share one read.
import * as Y from 'yjs';
import type { UpdateLog } from './update-log.js';

export interface ServerReads {
	/** The document's stored state (a live room's document when there is one: `live`). */
	load(docName: string): Promise<Y.Doc>;
	/** A room opened: its document is the current one from now on. */
	forget(docName: string): void;
	readonly size: number;
	close(): void;
}

export function serverReads(store: UpdateLog, live: (docName: string) => Y.Doc | null, maxSnapshots = 32, snapshotTtlMs = 60_000): ServerReads {
	const snapshots = new Map<string, { lastId: number; doc: Y.Doc; at: number }>();
	const sweep = setInterval(() => {
		const stale = Date.now() - snapshotTtlMs;
		for (const [name, entry] of snapshots) if (entry.at <= stale) snapshots.delete(name);
	}, Math.max(10, Math.min(snapshotTtlMs / 2, 10_000)));
	sweep.unref();
	const remember = (docName: string, lastId: number, doc: Y.Doc) => {
		snapshots.delete(docName);
		snapshots.set(docName, { lastId, doc, at: Date.now() }); // now the most recent
		if (snapshots.size > maxSnapshots) snapshots.delete(snapshots.keys().next().value!);
		return doc;
	};
	const fresh = (docName: string, lastId: number): Y.Doc | null => {
		const cached = snapshots.get(docName);
		return cached && cached.lastId === lastId ? remember(docName, lastId, cached.doc) : null;
	};
	const build = (updates: Uint8Array[]) => {
		const doc = new Y.Doc();
		doc.transact(() => updates.forEach((u) => Y.applyUpdate(doc, u)));
		return doc;
	};
	// Reads under way, by document.
	const reading = new Map<string, { lastId: number; doc: Promise<Y.Doc> }>();

	return {
		async load(docName) {
			const room = live(docName);
			if (room) return room;
			const lastId = await store.lastId(docName);
			const cached = live(docName) ?? fresh(docName, lastId);
			if (cached) return cached;
			let read = reading.get(docName);
			if (read?.lastId !== lastId) {
				const doc = store.load(docName).then(build);
				read = { lastId, doc };
				reading.set(docName, read);
				const done = () => reading.get(docName)?.doc === doc && reading.delete(docName);
				doc.then(done, done);
			}
			const doc = await read.doc;
			return live(docName) ?? remember(docName, lastId, doc);
		},
		forget(docName) {
			snapshots.delete(docName);
		},
		get size() {
			return snapshots.size;
		},
		close() {
			clearInterval(sweep);
			snapshots.clear();
		}
	};
}
