// Entries that existed before the history was kept: once, the first time a server with the history
// starts, every document's stored updates are replayed in order and what each did to an entry is
// recorded with that update's sender and time, marked `backfilled`. A compacted row (many updates
// merged, docs/sync-protocol.md) cannot be told apart: its changes stay unrecorded, and the history
// API shows such an entry's events as "recorded before history was kept".
import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import type { EntryChange, HistoryRecorder } from './entry-changes';
import { actorOf, BACKFILLED, type HistoryStore } from './history-store';

const MARK = 'backfilled-through';

export function backfillHistory(db: Database.Database, history: HistoryStore, recorderFor: (docName: string) => HistoryRecorder | null, compactedSender: string): void {
	if (history.mark(MARK) !== null) return;
	const docs = (db.prepare('SELECT DISTINCT doc FROM updates').all() as { doc: string }[]).map((r) => r.doc);
	const rowsOf = db.prepare('SELECT id, bytes, sender, received_at FROM updates WHERE doc = ? ORDER BY id');
	const last = (db.prepare('SELECT max(id) AS id FROM updates').get() as { id: number | null }).id ?? 0;
	db.transaction(() => {
		for (const docName of docs) {
			const recorder = recorderFor(docName);
			if (!recorder) continue;
			const doc = new Y.Doc();
			let changes: EntryChange[] = [];
			doc.on('afterTransaction', (tr: Y.Transaction) => void changes.push(...recorder(tr)));
			for (const row of rowsOf.all(docName) as { id: number; bytes: Buffer; sender: string; received_at: number }[]) {
				changes = [];
				try {
					Y.applyUpdate(doc, row.bytes);
				} catch {
					continue; // an update the relay could not apply either: nothing to record
				}
				if (row.sender === compactedSender || changes.length === 0) continue;
				history.record(row.id, docName, row.received_at, { actor: actorOf(row.sender), changes, note: BACKFILLED });
			}
			doc.destroy();
		}
		history.setMark(MARK, last);
	})();
}
