// Moves a district's tables from the SQLite file to PostgreSQL (`npm run admin --
// migrate-to-postgres --to postgres://…`): the server stopped, the target database empty. The
// target gets the same schema through the same migrations, then every row of every table the
// server's stores own, in one transaction, counted on both sides — the documents' update log
// included (updates, their audit trail, the entry history). The SQLite file is left as it was but
// for one thing: entries stored before the history was kept get their history first (the backfill
// a server start on SQLite runs), so PostgreSQL never needs one. The way back: unset
// YIXIAN_DATABASE_URL. Afterwards the data dir holds nothing the server needs but the token secret.
import { existsSync } from 'node:fs';
import { historyRecorderFor } from '../history/entry-changes';
import { UpdateStore } from '../relay/store';
import { migrate } from '../storage/migrate';
import { PostgresStorage } from '../storage/postgres';
import { SqliteStorage } from '../storage/sqlite';
import type { Param, Queryable, Storage } from '../storage/types';
import { OpsError } from './backup';
import { servingPid } from './server-lock';

/** Every table the stores own, parents before children (foreign keys). */
export const DISTRICT_TABLES = [
	'streets',
	'stations',
	'people',
	'assignments',
	'street_leaders',
	'sessions',
	'refresh_tokens',
	'audit',
	'access_events',
	'settings',
	'rating_rounds',
	'rating_links',
	'rating_submissions',
	'dispatch_meetings',
	'dispatch_items',
	'dispatch_referrals',
	'duty_attendance',
	'duty_leave',
	'optional_actions',
	'derived_stats',
	'bulletins',
	'personal_data_moved'
] as const;

/** The documents' update log (server/relay/store.ts on SQLite, migration 006 on PostgreSQL). */
export const RELAY_TABLES = ['updates', 'update_history', 'entry_history', 'history_marks'] as const;

/** Tables whose integer key the database assigns: PostgreSQL's sequence moves past the copied ids. */
const IDENTITY_TABLES = new Set(['audit', 'access_events', 'updates']);

const BATCH = 500;

export interface MoveReport {
	tables: { table: string; rows: number }[];
}

/** Entries stored before the history was kept get theirs, in the SQLite file (what a server start does there). */
function backfillHistory(dbFile: string): void {
	const store = new UpdateStore(dbFile);
	try {
		store.backfillHistory(historyRecorderFor);
	} finally {
		store.close();
	}
}

async function columnsOf(db: Queryable, table: string): Promise<string[]> {
	return (await db.query<{ name: string }>('SELECT name FROM pragma_table_info(?)', [table])).map((r) => r.name);
}

/** Copies one table's rows (the columns both sides have), in batches. */
export async function copyTable(from: Storage, to: Queryable, table: string): Promise<number> {
	const columns = await columnsOf(from, table);
	if (!columns.length) return 0;
	const list = columns.map((c) => `"${c}"`).join(', ');
	const order = columns.includes('id') ? 'id' : 'rowid';
	let copied = 0;
	// A document's update may be megabytes (a compacted board): fewer of them at a time.
	const batch = table === 'updates' ? 50 : BATCH;
	for (let offset = 0; ; offset += batch) {
		const rows = await from.query<Record<string, Param>>(`SELECT ${list} FROM ${table} ORDER BY ${order} LIMIT ? OFFSET ?`, [batch, offset]);
		if (!rows.length) break;
		const one = `(${columns.map(() => '?').join(', ')})`;
		await to.run(
			`INSERT INTO ${table} (${list}) VALUES ${rows.map(() => one).join(', ')}`,
			rows.flatMap((r) => columns.map((c) => r[c] ?? null))
		);
		copied += rows.length;
	}
	if (IDENTITY_TABLES.has(table)) await to.run(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM ${table}), false)`);
	return copied;
}

export async function migrateToPostgres(dataDir: string, dbFile: string, url: string, log: (line: string) => void = () => {}): Promise<MoveReport> {
	if (!/^postgres(ql)?:\/\//.test(url)) throw new OpsError('--to must be a postgres:// or postgresql:// URL');
	const pid = servingPid(dataDir);
	if (pid !== null) throw new OpsError(`a server (pid ${pid}) is running on ${dataDir}: stop it first`);
	if (!existsSync(dbFile)) throw new OpsError(`no database at ${dbFile}`);
	backfillHistory(dbFile);
	const from = new SqliteStorage(dbFile);
	const to = new PostgresStorage(url, { max: 2 });
	try {
		// Both at the newest schema: the same tables and columns on either side.
		await migrate(from);
		await migrate(to);
		const present = new Set((await from.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r) => r.name));
		for (const table of ['people', 'streets', 'audit', 'updates']) {
			if (await to.get(`SELECT 1 FROM ${table} LIMIT 1`)) throw new OpsError(`the target database is not empty (${table} has rows): give an empty one`);
		}
		const tables: MoveReport['tables'] = [];
		await to.transaction(async (tx) => {
			for (const table of [...DISTRICT_TABLES, ...RELAY_TABLES]) {
				if (!present.has(table)) continue;
				const rows = await copyTable(from, tx, table);
				const { n: source } = (await from.get<{ n: number }>(`SELECT count(*) AS "n" FROM ${table}`))!;
				const { n: target } = (await tx.get<{ n: number }>(`SELECT count(*) AS "n" FROM ${table}`))!;
				if (rows !== source || target !== source) throw new OpsError(`${table}: ${source} rows in SQLite, ${target} copied: nothing was moved`);
				tables.push({ table, rows });
				log(`${table}: ${rows}`);
			}
		});
		return { tables };
	} finally {
		await from.close();
		await to.close();
	}
}
