// The rating's own tables (db.ts's migrations belong to the directory). Ratings are not a CRDT:
// the server alone writes them, and every action on them goes to the shared `audit` table.
import type { Db } from '../db';

export function createRatingTables(db: Db): void {
	db.exec(`
	CREATE TABLE IF NOT EXISTS rating_rounds (
		id TEXT PRIMARY KEY,
		half_year TEXT NOT NULL UNIQUE,
		closes_on TEXT NOT NULL,
		opened_at INTEGER NOT NULL,
		opened_by TEXT NOT NULL,
		closed_at INTEGER,
		closed_by TEXT
	);
	-- One row per one-time link. The token itself is never stored: only its SHA-256, so a copy of
	-- the database cannot be used to vote.
	CREATE TABLE IF NOT EXISTS rating_links (
		token_hash TEXT PRIMARY KEY,
		id TEXT NOT NULL UNIQUE,
		round_id TEXT NOT NULL REFERENCES rating_rounds(id),
		station_id TEXT NOT NULL,
		cadre_id TEXT NOT NULL,
		rater_group TEXT NOT NULL,
		issued_at INTEGER NOT NULL,
		issued_by TEXT NOT NULL,
		used_at INTEGER
	);
	CREATE INDEX IF NOT EXISTS rating_links_by_round ON rating_links(round_id);
	-- The answers carry no link id and only the day: who held which link cannot be read back
	-- from a submission.
	CREATE TABLE IF NOT EXISTS rating_submissions (
		id INTEGER PRIMARY KEY,
		round_id TEXT NOT NULL REFERENCES rating_rounds(id),
		station_id TEXT NOT NULL,
		cadre_id TEXT NOT NULL,
		rater_group TEXT NOT NULL,
		attendance TEXT,
		pairing_help TEXT,
		problem_solving TEXT,
		overall TEXT NOT NULL,
		submitted_on TEXT NOT NULL
	);
	CREATE INDEX IF NOT EXISTS rating_submissions_by_round ON rating_submissions(round_id);
	-- Submitted answers are final, whatever code runs against the file.
	CREATE TRIGGER IF NOT EXISTS rating_submissions_final_update BEFORE UPDATE ON rating_submissions
		BEGIN SELECT RAISE(ABORT, 'rating submissions are final'); END;
	CREATE TRIGGER IF NOT EXISTS rating_submissions_final_delete BEFORE DELETE ON rating_submissions
		BEGIN SELECT RAISE(ABORT, 'rating submissions are final'); END;
	`);
}
