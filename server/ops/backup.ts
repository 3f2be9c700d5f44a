// Backup and restore of a SQLite data directory (docs/deploy.md, "Backups"). The backup is
// SQLite's online backup, consistent while the server runs and writes; the token secret is copied
// next to it, since without it every access and refresh token is void and everyone signs in again.
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SCHEMA_VERSION } from '../db';
import { servingPid } from './server-lock';

/** The operator's mistake or a refusal: said in one line. */
export class OpsError extends Error {}

/** Tables every Yixian database has (server/db.ts' migrations); the others are made when first used. */
const TABLES = ['streets', 'stations', 'people', 'assignments', 'street_leaders', 'refresh_tokens', 'audit'];
export const SECRET_FILE = 'token-secret';
const secretBeside = (file: string) => `${file}.${SECRET_FILE}`;

/** Copies `from` to `to` through a temp file in the same directory, so `to` is whole or absent. */
function copyAtomically(from: string, to: string) {
	const tmp = `${to}.tmp-${process.pid}`;
	try {
		copyFileSync(from, tmp);
		chmodSync(tmp, 0o600);
		renameSync(tmp, to);
	} finally {
		rmSync(tmp, { force: true });
	}
}

/** SQLite's online backup of `source` into `to`, atomically: pages are copied while writers go on. */
async function sqliteCopy(source: Database.Database, to: string) {
	const tmp = `${to}.tmp-${process.pid}`;
	try {
		await source.backup(tmp);
		chmodSync(tmp, 0o600); // password hashes and tokens' hashes
		renameSync(tmp, to);
	} finally {
		rmSync(tmp, { force: true });
	}
}

export interface BackupResult {
	file: string;
	bytes: number;
	/** Where the token secret was copied, or null when it comes from YIXIAN_TOKEN_SECRET. */
	secretFile: string | null;
}

export async function backup(dataDir: string, dbFile: string, to: string, force: boolean): Promise<BackupResult> {
	const file = resolve(to);
	if (file === resolve(dbFile)) throw new OpsError('--to names the live database itself');
	if (!existsSync(dirname(file))) throw new OpsError(`no directory ${dirname(file)}`);
	if (existsSync(file) && !force) throw new OpsError(`${file} exists (--force replaces it)`);
	if (!existsSync(dbFile)) throw new OpsError(`no database in ${dataDir}`);
	const source = new Database(dbFile, { readonly: true, fileMustExist: true });
	try {
		await sqliteCopy(source, file);
	} finally {
		source.close();
	}
	const secret = join(dataDir, SECRET_FILE);
	let secretFile: string | null = null;
	if (existsSync(secret)) copyAtomically(secret, (secretFile = secretBeside(file)));
	return { file, bytes: statSync(file).size, secretFile };
}

/** Refuses anything but a whole Yixian database this version can open. */
function checkBackup(file: string): Database.Database {
	if (!existsSync(file) || !statSync(file).isFile()) throw new OpsError(`no file ${file}`);
	let db: Database.Database | undefined;
	try {
		db = new Database(file, { readonly: true, fileMustExist: true });
		const integrity = db.pragma('integrity_check', { simple: true });
		if (integrity !== 'ok') throw new OpsError(`${file} is damaged (integrity_check: ${String(integrity).split('\n')[0]})`);
		const version = db.pragma('user_version', { simple: true }) as number;
		const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
		const missing = TABLES.filter((t) => !tables.has(t));
		if (version < 1 || missing.length) throw new OpsError(`${file} is not a Yixian database (no ${missing.join(', ') || 'schema version'})`);
		if (version > SCHEMA_VERSION) throw new OpsError(`${file} comes from a newer Yixian (schema ${version}, this one knows ${SCHEMA_VERSION})`);
		return db;
	} catch (error) {
		db?.close();
		if (error instanceof OpsError) throw error;
		// SQLITE_NOTADB and its kin: a text file, a truncated copy, an encrypted one.
		throw new OpsError(`${file} is not a SQLite database (${(error as Error).message})`);
	}
}

/** Folds the WAL into the database (when it opens) and moves the database and its WAL files aside. */
function moveAside(dbFile: string, to: string) {
	try {
		const old = new Database(dbFile, { fileMustExist: true });
		old.pragma('wal_checkpoint(TRUNCATE)');
		old.close();
	} catch {
		// A damaged database is kept as it is, WAL files included: the point is to lose nothing.
	}
	renameSync(dbFile, to);
	for (const suffix of ['-wal', '-shm']) if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, to + suffix);
}

export interface RestoreResult {
	/** The replaced database, kept as the way back; null when there was none. */
	kept: string | null;
	/** The backup's token secret was put in place, or there was none beside it (everyone signs in again). */
	secretRestored: boolean;
	keptSecret: string | null;
}

export async function restore(dataDir: string, dbFile: string, from: string, now = new Date()): Promise<RestoreResult> {
	const pid = servingPid(dataDir);
	if (pid !== null) throw new OpsError(`a server (pid ${pid}) is running on ${dataDir}: stop it first`);
	const file = resolve(from);
	if (file === resolve(dbFile)) throw new OpsError('--from names the live database itself');
	const source = checkBackup(file);
	const tmp = `${dbFile}.restore`;
	try {
		await sqliteCopy(source, tmp);
	} finally {
		source.close();
	}
	const stamp = now.toISOString().replace(/[:.]/g, '-');
	let kept: string | null = null;
	if (existsSync(dbFile)) moveAside(dbFile, (kept = `${dbFile}.before-restore-${stamp}`));
	renameSync(tmp, dbFile);

	const secret = join(dataDir, SECRET_FILE);
	const backupSecret = secretBeside(file);
	if (!existsSync(backupSecret)) return { kept, secretRestored: false, keptSecret: null };
	let keptSecret: string | null = null;
	if (existsSync(secret) && readFileSync(secret, 'utf8') !== readFileSync(backupSecret, 'utf8')) {
		renameSync(secret, (keptSecret = `${secret}.before-restore-${stamp}`));
	}
	copyAtomically(backupSecret, secret);
	return { kept, secretRestored: true, keptSecret };
}
