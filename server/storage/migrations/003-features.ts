// The features' tables, each created by its store on first use before versioned migrations
// existed (IF NOT EXISTS: files made then pass through unchanged). One place now, both dialects.
import type { Migration } from './index';
import { ddl } from './ddl';

const TABLES = `
	-- What ended or changed someone's access, read by the other processes (server/accounts/access-events.ts).
	CREATE TABLE IF NOT EXISTS access_events (
		id {ID},
		at {INT} NOT NULL,
		origin TEXT NOT NULL,
		person_id TEXT NOT NULL,
		kind TEXT NOT NULL,
		session_id TEXT,
		reason TEXT
	);
	-- The district's settings (the calendar, the district's name).
	CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
	-- Ratings (server/ratings). The token itself is never stored: only its SHA-256.
	CREATE TABLE IF NOT EXISTS rating_rounds (
		id TEXT PRIMARY KEY,
		half_year TEXT NOT NULL UNIQUE,
		closes_on TEXT NOT NULL,
		opened_at {INT} NOT NULL,
		opened_by TEXT NOT NULL,
		closed_at {INT},
		closed_by TEXT
	);
	CREATE TABLE IF NOT EXISTS rating_links (
		token_hash TEXT PRIMARY KEY,
		id TEXT NOT NULL UNIQUE,
		round_id TEXT NOT NULL REFERENCES rating_rounds(id),
		station_id TEXT NOT NULL,
		cadre_id TEXT NOT NULL,
		rater_group TEXT NOT NULL,
		issued_at {INT} NOT NULL,
		issued_by TEXT NOT NULL,
		used_at {INT}
	);
	CREATE INDEX IF NOT EXISTS rating_links_by_round ON rating_links(round_id);
	CREATE TABLE IF NOT EXISTS rating_submissions (
		id {ID},
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
	-- Dispatch meetings (server/escalation/meetings.ts).
	CREATE TABLE IF NOT EXISTS dispatch_meetings (
		id TEXT PRIMARY KEY,
		date TEXT NOT NULL,
		status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
		minutes TEXT NOT NULL DEFAULT '',
		opened_by TEXT NOT NULL,
		opened_at {INT} NOT NULL,
		closed_by TEXT NOT NULL DEFAULT '',
		closed_at {INT} NOT NULL DEFAULT 0
	);
	CREATE UNIQUE INDEX IF NOT EXISTS dispatch_one_open ON dispatch_meetings (status) WHERE status = 'open';
	CREATE TABLE IF NOT EXISTS dispatch_items (
		id TEXT PRIMARY KEY,
		meeting_id TEXT NOT NULL REFERENCES dispatch_meetings (id),
		station_id TEXT NOT NULL,
		entry_id TEXT NOT NULL,
		snapshot TEXT NOT NULL,
		decision TEXT NOT NULL DEFAULT '',
		department TEXT NOT NULL DEFAULT '',
		decided_by TEXT NOT NULL DEFAULT '',
		decided_at {INT} NOT NULL DEFAULT 0,
		UNIQUE (meeting_id, station_id, entry_id)
	);
	-- Duty records (server/files/duty-records.ts).
	CREATE TABLE IF NOT EXISTS duty_attendance (
		person_id TEXT NOT NULL,
		station_id TEXT NOT NULL,
		date TEXT NOT NULL,
		at {INT} NOT NULL,
		PRIMARY KEY (person_id, date)
	);
	CREATE TABLE IF NOT EXISTS duty_leave (
		id TEXT PRIMARY KEY,
		person_id TEXT NOT NULL,
		station_id TEXT NOT NULL,
		date TEXT NOT NULL,
		reason TEXT NOT NULL,
		decision TEXT NOT NULL CHECK (decision IN ('pending', 'approved', 'refused')),
		decided_by TEXT NOT NULL DEFAULT '',
		decision_note TEXT NOT NULL DEFAULT '',
		decided_at {INT} NOT NULL DEFAULT 0,
		created_at {INT} NOT NULL
	);
	CREATE INDEX IF NOT EXISTS duty_leave_by_person ON duty_leave(person_id, date);
	CREATE TABLE IF NOT EXISTS optional_actions (
		id TEXT PRIMARY KEY,
		person_id TEXT NOT NULL,
		date TEXT NOT NULL,
		text TEXT NOT NULL,
		created_at {INT} NOT NULL
	);
	CREATE INDEX IF NOT EXISTS optional_actions_by_person ON optional_actions(person_id, date);
	-- Derived statistics per station (server/stats/derived-cache.ts).
	CREATE TABLE IF NOT EXISTS derived_stats (station_id TEXT PRIMARY KEY, state TEXT NOT NULL, data TEXT NOT NULL);
	-- Bulletin drafts (server/stats/bulletin-drafts.ts).
	CREATE TABLE IF NOT EXISTS bulletins (
		id TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		period_from TEXT NOT NULL,
		period_to TEXT NOT NULL,
		body TEXT NOT NULL,
		created_by TEXT NOT NULL,
		created_at {INT} NOT NULL,
		updated_by TEXT NOT NULL,
		updated_at {INT} NOT NULL
	);
	-- Boards whose residents' personal data was moved out (server/contacts/personal-data-mover.ts).
	CREATE TABLE IF NOT EXISTS personal_data_moved (doc_name TEXT PRIMARY KEY, at {INT} NOT NULL);`;

// Submitted answers are final, whatever code runs against the database.
const SQLITE_FINAL = `
	CREATE TRIGGER IF NOT EXISTS rating_submissions_final_update BEFORE UPDATE ON rating_submissions
		BEGIN SELECT RAISE(ABORT, 'rating submissions are final'); END;
	CREATE TRIGGER IF NOT EXISTS rating_submissions_final_delete BEFORE DELETE ON rating_submissions
		BEGIN SELECT RAISE(ABORT, 'rating submissions are final'); END;`;
const POSTGRES_FINAL = `
	CREATE OR REPLACE FUNCTION rating_submissions_final() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'rating submissions are final'; END $$;
	DROP TRIGGER IF EXISTS rating_submissions_final ON rating_submissions;
	CREATE TRIGGER rating_submissions_final BEFORE UPDATE OR DELETE ON rating_submissions
		FOR EACH ROW EXECUTE FUNCTION rating_submissions_final();`;

export const features: Migration = {
	name: '003-features',
	async up(db, dialect) {
		await db.exec(ddl(dialect, TABLES));
		await db.exec(dialect === 'postgres' ? POSTGRES_FINAL : SQLITE_FINAL);
	}
};
