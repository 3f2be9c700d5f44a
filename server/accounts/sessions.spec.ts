// Sessions on a real SQLite file: carried over from a data file made before they existed, rotated,
// and ended whole when a spent refresh token comes back.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDb, type Db } from '../db';
import { LEGACY_V1_SCHEMA } from '../storage/fixtures/legacy-v1';
import { Directory } from './directory';

let dir = '';
let db: Db;
afterEach(async () => {
	await db?.close();
	rmSync(dir, { recursive: true, force: true });
});

async function fresh(before?: (file: string) => void) {
	dir = mkdtempSync(join(tmpdir(), 'yixian-sessions-'));
	before?.(join(dir, 'yixian.db'));
	db = await openDb(join(dir, 'yixian.db'));
	return db;
}

describe('sessions', () => {
	it('carries refresh tokens made before sessions over, each as a session of its own', async () => {
		const old = 'an-old-refresh-token';
		const hash = createHash('sha256').update(old).digest('base64url');
		// A data file as the first schema left it: refresh tokens without sessions.
		const db = await fresh((file) => {
			const legacy = new Database(file);
			legacy.exec(LEGACY_V1_SCHEMA);
			legacy.pragma('user_version = 1');
			legacy.prepare("INSERT INTO people (id, phone, name, role, password_hash, created_at, updated_at) VALUES ('p1', '13900000000', 'x', 'member', 'h', 0, 0)").run();
			legacy.prepare('INSERT INTO refresh_tokens (hash, person_id, expires_at, created_at) VALUES (?, ?, ?, ?)').run(hash, 'p1', Date.now() + 86_400_000, Date.now());
			legacy.close();
		});
		const d = await Directory.open(db);
		const next = await d.sessions.rotate(old, 30);
		expect(next).toMatchObject({ personId: 'p1' });
		expect(await d.sessions.alive(next!.sessionId, 'p1')).toBe(true);
		// Opening the file again changes nothing.
		expect(await (await Directory.open(db)).sessions.alive(next!.sessionId, 'p1')).toBe(true);
	});

	it('ends the whole family when a spent token is presented again, and says so once', async () => {
		const d = await Directory.open(await fresh());
		const p = await d.createPerson('t', { phone: '13900000001', name: 'y', role: 'member', password: 'password-1' });
		const ended: unknown[] = [];
		d.on('sessions-ended', (e) => ended.push(e));
		const first = await d.sessions.start(p.id, 30);
		const second = (await d.sessions.rotate(first.refresh, 30))!;
		const third = (await d.sessions.rotate(second.refresh, 30))!;
		expect(await d.sessions.rotate(first.refresh, 30)).toBeNull();
		expect(ended).toEqual([{ kind: 'sessions-ended', personId: p.id, sessionId: first.sessionId, reason: 'refresh-reused' }]);
		expect(await d.sessions.alive(first.sessionId, p.id)).toBe(false);
		expect(await d.sessions.rotate(third.refresh, 30)).toBeNull();
		// Another person's token never passes for this session.
		expect(await d.sessions.alive(first.sessionId, 'someone-else')).toBe(false);
	});

	it('tells another process what ended, and not itself twice', async () => {
		const db = await fresh();
		const server = await Directory.open(db);
		const cliDb = await openDb(join(dir, 'yixian.db'));
		const cli = await Directory.open(cliDb);
		const p = await cli.createPerson('t', { phone: '13900000002', name: 'z', role: 'member', password: 'password-2' });
		const seen: string[] = [];
		server.on('sessions-ended', (e) => seen.push(`ended ${e.reason}`));
		server.on('access-changed', () => seen.push('changed'));
		await server.pollForeign();
		// The person the other process created is in this one's directory once it has looked.
		expect(server.getPerson(p.id)?.name).toBe('z');
		await server.sessions.start(p.id, 30);
		await cli.setPassword('cli', p.id, 'password-3');
		await cli.updatePerson('cli', p.id, { disabled: true });
		await server.pollForeign();
		expect(seen).toEqual(['ended password-reset', 'ended disabled', 'changed']);
		expect(server.getPerson(p.id)?.disabled).toBe(true);
		await server.pollForeign();
		expect(seen).toHaveLength(3);
		await cliDb.close();
	});

	it("sees another process's change to rights from the next request on (fresh), before any poll", async () => {
		const db = await fresh();
		const server = await Directory.open(db);
		const cliDb = await openDb(join(dir, 'yixian.db'));
		const cli = await Directory.open(cliDb);
		const street = await cli.createStreet('cli', '东街');
		const station = await cli.createStation('cli', { name: '一站', streetId: street.id, kind: 'community' });
		const p = await cli.createPerson('cli', { phone: '13900000003', name: 'w', role: 'member', password: 'password-4' });
		await cli.assign('cli', p.id, station.id, 'assistant');
		expect(server.stationsFor(p.id)).toEqual([]);
		await server.fresh();
		expect(server.stationsFor(p.id).map((s) => [s.id, s.as])).toEqual([[station.id, 'assistant']]);
		await cli.unassign('cli', p.id, station.id);
		await server.fresh();
		expect(server.stationsFor(p.id)).toEqual([]);
		await cliDb.close();
	});
});
