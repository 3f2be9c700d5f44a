// Sessions on a real SQLite file: carried over from a data file made before they existed, rotated,
// and ended whole when a spent refresh token comes back.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db';
import { Directory } from './directory';

let dir = '';
let db: Db;
afterEach(() => {
	db?.close();
	rmSync(dir, { recursive: true, force: true });
});

function fresh() {
	dir = mkdtempSync(join(tmpdir(), 'yixian-sessions-'));
	db = openDb(join(dir, 'yixian.db'));
	return db;
}

describe('sessions', () => {
	it('carries refresh tokens made before sessions over, each as a session of its own', () => {
		const db = fresh();
		db.prepare("INSERT INTO people (id, phone, name, role, password_hash, created_at, updated_at) VALUES ('p1', '13900000000', 'x', 'member', 'h', 0, 0)").run();
		const old = 'an-old-refresh-token';
		const hash = createHash('sha256').update(old).digest('base64url');
		db.prepare('INSERT INTO refresh_tokens (hash, person_id, expires_at, created_at) VALUES (?, ?, ?, ?)').run(hash, 'p1', Date.now() + 86_400_000, Date.now());
		const d = new Directory(db);
		const next = d.sessions.rotate(old, 30);
		expect(next).toMatchObject({ personId: 'p1' });
		expect(d.sessions.alive(next!.sessionId, 'p1')).toBe(true);
		// Opening the file again changes nothing.
		expect(new Directory(db).sessions.alive(next!.sessionId, 'p1')).toBe(true);
	});

	it('ends the whole family when a spent token is presented again, and says so once', async () => {
		const d = new Directory(fresh());
		const p = await d.createPerson('t', { phone: '13900000001', name: 'y', role: 'member', password: 'password-1' });
		const ended: unknown[] = [];
		d.on('sessions-ended', (e) => ended.push(e));
		const first = d.sessions.start(p.id, 30);
		const second = d.sessions.rotate(first.refresh, 30)!;
		const third = d.sessions.rotate(second.refresh, 30)!;
		expect(d.sessions.rotate(first.refresh, 30)).toBeNull();
		expect(ended).toEqual([{ kind: 'sessions-ended', personId: p.id, sessionId: first.sessionId, reason: 'refresh-reused' }]);
		expect(d.sessions.alive(first.sessionId, p.id)).toBe(false);
		expect(d.sessions.rotate(third.refresh, 30)).toBeNull();
		// Another person's token never passes for this session.
		expect(d.sessions.alive(first.sessionId, 'someone-else')).toBe(false);
	});

	it('tells another process what ended, and not itself twice', async () => {
		const db = fresh();
		const server = new Directory(db);
		const cliDb = openDb(join(dir, 'yixian.db'));
		const cli = new Directory(cliDb);
		const p = await cli.createPerson('t', { phone: '13900000002', name: 'z', role: 'member', password: 'password-2' });
		const seen: string[] = [];
		server.on('sessions-ended', (e) => seen.push(`ended ${e.reason}`));
		server.on('access-changed', () => seen.push('changed'));
		server.sessions.start(p.id, 30);
		await cli.setPassword('cli', p.id, 'password-3');
		cli.updatePerson('cli', p.id, { disabled: true });
		server.pollForeign();
		expect(seen).toEqual(['ended password-reset', 'ended disabled', 'changed']);
		server.pollForeign();
		expect(seen).toHaveLength(3);
		cliDb.close();
	});
});
