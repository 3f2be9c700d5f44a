// Ratings' submissions that keep nothing of the order their links were used in (docs/api.md,
// "Ratings"). A submission's key was an integer the database counted up, and a link kept the
// millisecond it was used, with an audit row naming the link: the n-th submission was the n-th
// link used, and a link is whoever was handed that QR code. Now a submission's key is random (on
// SQLite a table without rowid, so the file keeps its rows in key order, not in order of arrival),
// a link keeps only the day it was used (00:00 UTC of it), and its audit row names the round only.
// The rows already stored are given random keys and their links' times cut to the day.
import type { Migration } from './index';
import { ddl } from './ddl';

const COLUMNS = 'round_id, station_id, cadre_id, rater_group, attendance, pairing_help, problem_solving, overall, submitted_on';
const DAY_MS = 86_400_000;

const table = (name: string, withoutRowid: boolean) => `
	CREATE TABLE ${name} (
		id TEXT PRIMARY KEY,
		round_id TEXT NOT NULL REFERENCES rating_rounds(id),
		station_id TEXT NOT NULL,
		cadre_id TEXT NOT NULL,
		rater_group TEXT NOT NULL,
		attendance TEXT,
		pairing_help TEXT,
		problem_solving TEXT,
		overall TEXT NOT NULL,
		submitted_on TEXT NOT NULL
	)${withoutRowid ? ' WITHOUT ROWID' : ''};`;

// Submitted answers stay final, whatever code runs against the database (as in 003).
const SQLITE_FINAL = `
	CREATE TRIGGER rating_submissions_final_update BEFORE UPDATE ON rating_submissions
		BEGIN SELECT RAISE(ABORT, 'rating submissions are final'); END;
	CREATE TRIGGER rating_submissions_final_delete BEFORE DELETE ON rating_submissions
		BEGIN SELECT RAISE(ABORT, 'rating submissions are final'); END;`;
const POSTGRES_FINAL = `
	CREATE TRIGGER rating_submissions_final BEFORE UPDATE OR DELETE ON rating_submissions
		FOR EACH ROW EXECUTE FUNCTION rating_submissions_final();`;

export const anonymousSubmissions: Migration = {
	name: '007-anonymous-submissions',
	async up(db, dialect) {
		const random = dialect === 'postgres' ? 'gen_random_uuid()::text' : 'lower(hex(randomblob(16)))';
		// (Dropping a table fires none of its triggers.)
		await db.exec(
			ddl(
				dialect,
				`${table('rating_submissions_keyed', dialect === 'sqlite')}
				INSERT INTO rating_submissions_keyed (id, ${COLUMNS}) SELECT ${random}, ${COLUMNS} FROM rating_submissions;
				DROP TABLE rating_submissions;
				ALTER TABLE rating_submissions_keyed RENAME TO rating_submissions;
				CREATE INDEX rating_submissions_by_round ON rating_submissions(round_id);
				UPDATE rating_links SET used_at = (used_at / ${DAY_MS}) * ${DAY_MS} WHERE used_at IS NOT NULL;
				${dialect === 'postgres' ? POSTGRES_FINAL : SQLITE_FINAL}`
			)
		);
	}
};
