// The documents' update log on PostgreSQL (server/relay/update-log-pg.ts): every stored Yjs update
// (`updates`), who sent what and when once compaction merged the bytes (`update_history`), what
// each update did to a ledger entry (`entry_history`) and the history's marks (`history_marks`).
// Databases the log made itself before this migration (it ran this DDL at connect) pass through
// unchanged (IF NOT EXISTS).
//
// On SQLite these tables are created and upgraded by the relay's own store when it opens the file
// (server/relay/store.ts, history-store.ts), as they always were: a data file of any age opens
// (legacy-upgrade.spec.ts), and the relay runs standalone on a file with no other tables.
import type { Migration } from './index';

export const updateLog: Migration = {
	name: '006-update-log',
	async up(db, dialect) {
		if (dialect !== 'postgres') return;
		await db.exec(`
			CREATE TABLE IF NOT EXISTS updates (
				id BIGSERIAL PRIMARY KEY,
				doc TEXT NOT NULL,
				bytes BYTEA NOT NULL,
				sender TEXT NOT NULL,
				received_at BIGINT NOT NULL
			);
			CREATE INDEX IF NOT EXISTS updates_doc ON updates (doc, id);
			CREATE TABLE IF NOT EXISTS update_history (
				id BIGINT PRIMARY KEY,
				doc TEXT NOT NULL,
				sender TEXT NOT NULL,
				received_at BIGINT NOT NULL,
				size INTEGER NOT NULL
			);
			CREATE TABLE IF NOT EXISTS entry_history (
				update_id BIGINT NOT NULL,
				seq INTEGER NOT NULL,
				doc TEXT NOT NULL,
				entry TEXT NOT NULL,
				actor TEXT NOT NULL,
				received_at BIGINT NOT NULL,
				kind TEXT NOT NULL,
				field TEXT,
				before_json TEXT,
				after_json TEXT,
				note TEXT,
				PRIMARY KEY (update_id, seq)
			);
			CREATE INDEX IF NOT EXISTS entry_history_entry ON entry_history (doc, entry, update_id);
			CREATE TABLE IF NOT EXISTS history_marks (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
		`);
	}
};
