// `admin backup` while a real server takes writes from the stock client, `admin restore` into a
// fresh data directory, and a server started there serves the same documents and directory.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, boardParts } from '../../src/lib/documents/board';
import { connectClient, waitFor } from '../relay/test-kit';
import { call, startApp, type RunningApp } from '../test-kit';

/** The admin command line in its own process, without blocking this one (the server lives here). */
function admin(dataDir: string, ...args: string[]): Promise<{ status: number | null; out: string; err: string }> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/admin.ts', ...args], { env: { ...process.env, YIXIAN_DATA_DIR: dataDir } });
	let out = '';
	let err = '';
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (err += d));
	return new Promise((resolve) => child.on('close', (status) => resolve({ status, out, err })));
}
const refused = (r: Awaited<ReturnType<typeof admin>>, message: RegExp) => {
	expect(r.status).not.toBe(0);
	expect(r.err.split('\n')[0]).toMatch(message);
	expect(r.err.trim().split('\n')).toHaveLength(1);
	expect(r.err).not.toMatch(/\n\s+at |node:internal/);
};

const CADRE = '13900000001';
let srv: RunningApp;
let stationId = '';
let work = '';
const dirs: string[] = [];
const tempDir = () => {
	const dir = mkdtempSync(join(tmpdir(), 'yixian-backup-'));
	dirs.push(dir);
	return dir;
};
const signIn = async (base: string) => (await call(base, 'POST', '/api/session', { phone: CADRE, password: 'pass-' + CADRE })).body;
/** The entries the writer made (the app's own writer: the relay checks the board's rules), in order: a consistent copy holds n0…nK with no gap. */
const keys = (doc: Y.Doc) =>
	[...boardParts(doc).entries.values()].map((e) => String(e.get('content'))).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
const record = (doc: Y.Doc, n: number) =>
	addEntry(doc, { content: `n${n}`, place: '', category: 'other', receivedOn: '2026-01-10', visitId: '' }, 'backup-test', 1_790_000_000_000 + n);

beforeAll(async () => {
	srv = await startApp();
	work = tempDir();
	const d = srv.app.directory;
	const street = await d.createStreet('test', '东关街道');
	stationId = (await d.createStation('test', { name: '幸福社区', streetId: street.id, kind: 'community' })).id;
	const cadre = await d.createPerson('test', { phone: CADRE, name: '网格员', role: 'member', password: 'pass-' + CADRE });
	await d.assign('test', cadre.id, stationId, 'cadre');
});
afterAll(async () => {
	await srv.stop();
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', { timeout: 120_000 }, () => {
	let file = '';
	let oldToken = '';

	it('backs up while the server takes writes, and restore refuses while it runs', async () => {
		const session = await signIn(srv.base);
		oldToken = session.access;
		const writer = connectClient(srv.ws, `board:${stationId}`, new Y.Doc(), { token: oldToken });
		const watcher = connectClient(srv.ws, `board:${stationId}`, new Y.Doc(), { token: oldToken });
		await Promise.all([writer.synced(), watcher.synced()]);
		let n = 0;
		for (; n < 20; n++) record(writer.doc, n);
		// Persisted before broadcast: once the watcher has them, they are in the database.
		await waitFor(() => keys(watcher.doc).length === 20, 10_000, 'the first writes');

		let writing = true;
		const writes = (async () => {
			while (writing) {
				record(writer.doc, n++);
				await new Promise((resolve) => setTimeout(resolve, 2));
			}
		})();
		file = join(work, 'district.db');
		const made = await admin(srv.config.dataDir, 'backup', '--to', file);
		writing = false;
		await writes;
		expect(made.err).toBe('');
		expect(made.status).toBe(0);
		expect(made.out).toMatch(new RegExp(`${file} \\(\\d+ bytes\\)`));
		expect(existsSync(`${file}.token-secret`)).toBe(true);
		expect(readdirSync(work).filter((f) => f.includes('.tmp-'))).toEqual([]);

		refused(await admin(srv.config.dataDir, 'restore', '--from', file), /^admin: a server \(pid \d+\) is running on .*: stop it first$/);
		refused(await admin(srv.config.dataDir, 'backup', '--to', file), /^admin: .*district\.db exists \(--force replaces it\)$/);
		expect((await admin(srv.config.dataDir, 'backup', '--to', file, '--force')).status).toBe(0);
		writer.provider.destroy();
		watcher.provider.destroy();
	});

	it('restores into a fresh data directory, where a server serves the same documents and directory', async () => {
		const fresh = tempDir();
		const done = await admin(fresh, 'restore', '--from', file);
		expect(done.err).toBe('');
		expect(done.status).toBe(0);
		const other = await startApp({ YIXIAN_DATA_DIR: fresh });
		try {
			expect(other.app.directory.listStations().map((s) => s.id)).toEqual([stationId]);
			// The token secret came along: a token issued before the backup still opens the document.
			const client = connectClient(other.ws, `board:${stationId}`, new Y.Doc(), { token: oldToken });
			await client.synced();
			const got = keys(client.doc);
			expect(got.length).toBeGreaterThanOrEqual(20);
			expect(got).toEqual(got.map((_, i) => `n${i}`));
			client.provider.destroy();
			expect((await signIn(other.base)).access).toBeTruthy();
		} finally {
			await other.app.close();
		}
	});

	it('keeps the replaced database as the way back, and believes no stale mark of a killed server', async () => {
		const dir = tempDir();
		expect((await admin(dir, 'restore', '--from', file)).status).toBe(0);
		// A SIGKILLed server's mark: the pid of a process that is gone.
		const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
		writeFileSync(join(dir, 'server.pid'), JSON.stringify({ pid: Number(gone), started: '1' }));
		const again = await admin(dir, 'restore', '--from', file);
		expect(again.err).toBe('');
		expect(again.status).toBe(0);
		const kept = readdirSync(dir).filter((f) => /^yixian\.db\.before-restore-\d{4}-\d\d-\d\dT[\d-]+Z$/.test(f));
		expect(kept).toHaveLength(1);
		expect(again.out).toContain(kept[0]);
		const old = new Database(join(dir, kept[0]), { readonly: true });
		expect(old.prepare('SELECT count(*) AS n FROM stations').get()).toEqual({ n: 1 });
		old.close();
	});

	it('refuses a file that is not a Yixian database, in one line', async () => {
		const dir = tempDir();
		const text = join(work, 'notes.txt');
		writeFileSync(text, 'not a database at all, just some words long enough to fill a header '.repeat(10));
		refused(await admin(dir, 'restore', '--from', text), /^admin: .*notes\.txt is not a SQLite database/);
		const foreign = join(work, 'foreign.db');
		const db = new Database(foreign);
		db.exec('CREATE TABLE things (x)');
		db.close();
		refused(await admin(dir, 'restore', '--from', foreign), /^admin: .*foreign\.db is not a Yixian database/);
		refused(await admin(dir, 'restore', '--from', join(work, 'missing.db')), /^admin: no file .*missing\.db$/);
		refused(await admin(dir, 'restore'), /^admin: --from is required$/);
		expect(existsSync(join(dir, 'yixian.db'))).toBe(false);
	});
});
