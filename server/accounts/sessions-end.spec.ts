// Sessions end when they should: a password reset, a disable or a removal from a team, made by the
// API or by the admin CLI (another process on the same SQLite file), ends that access everywhere.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { connectClient, rawSocket, waitFor } from '../relay/test-kit';
import { call, startApp, type RunningApp } from '../test-kit';

const run = promisify(execFile);
// The CLI tests start a tsx process each (a few seconds on a busy machine).
vi.setConfig({ testTimeout: 60_000 });
let srv: RunningApp;
let officeToken = '';
let streetId = '';
let phoneSeq = 100;

const signIn = async (phone: string, password = 'pass-' + phone) => {
	const res = await call(srv.base, 'POST', '/api/session', { phone, password });
	expect(res.status).toBe(200);
	return res.body as { access: string; refresh: string; person: { id: string } };
};

async function newStation(name: string): Promise<string> {
	return (await call(srv.base, 'POST', '/api/admin/stations', { name, streetId, kind: 'community' }, officeToken)).body.id;
}

/** A cadre of a fresh station, signed in. */
async function cadre(stationId: string) {
	const phone = `139000${String(phoneSeq++).padStart(5, '0')}`;
	const p = await srv.app.directory.createPerson('test', { phone, name: 'cadre' + phone, role: 'member', password: 'pass-' + phone });
	await srv.app.directory.assign('test', p.id, stationId, 'cadre');
	return { id: p.id, phone, ...(await signIn(phone)) };
}

/** The stock client on a document, recording every close code it sees. */
function live(docName: string, token: string) {
	const c = connectClient(srv.ws, docName, new Y.Doc(), { token });
	const closes: number[] = [];
	c.provider.on('connection-close', (e) => closes.push(e?.code ?? 0));
	return { ...c, closes };
}

const upgradeRefusal = async (docName: string, token: string) => (await (await rawSocket(srv.ws, `${docName}?token=${token}`)).closed).code;

/** The operator's CLI in its own process, against the running server's data directory. */
async function admin(...args: string[]) {
	const { stdout } = await run('node_modules/.bin/tsx', ['server/admin.ts', ...args], { env: { ...process.env, YIXIAN_DATA_DIR: srv.config.dataDir } });
	return stdout;
}

beforeAll(async () => {
	srv = await startApp();
	await srv.app.directory.createPerson('test', { phone: '13900000000', name: '一线办', role: 'office', password: 'office-pass' });
	officeToken = (await signIn('13900000000', 'office-pass')).access;
	streetId = (await call(srv.base, 'POST', '/api/admin/streets', { name: '东关街道' }, officeToken)).body.id;
});
afterAll(() => srv.stop());

describe('a password reset ends every session of the person', () => {
	it('by the API: the old access token gets 401 and 4401, open connections close with 4401', async () => {
		const station = await newStation('甲社区');
		const c = await cadre(station);
		const conn = live(`board:${station}`, c.access);
		await conn.synced();
		expect((await call(srv.base, 'POST', `/api/admin/people/${c.id}/password`, { password: 'another-pass' }, officeToken)).status).toBe(204);
		await waitFor(() => conn.closes.includes(4401), 10_000, 'the open connection to close with 4401');
		conn.provider.destroy();
		expect((await call(srv.base, 'GET', '/api/me', undefined, c.access)).status).toBe(401);
		expect(await upgradeRefusal(`board:${station}`, c.access)).toBe(4401);
		// A new sign-in with the new password works at once.
		const fresh = await signIn(c.phone, 'another-pass');
		expect((await call(srv.base, 'GET', '/api/me', undefined, fresh.access)).status).toBe(200);
	});

	it('by the CLI: the server notices, closes open connections and refuses the old token', async () => {
		const station = await newStation('乙社区');
		const c = await cadre(station);
		const conn = live(`board:${station}`, c.access);
		await conn.synced();
		await admin('person', 'password', '--phone', c.phone, '--password', 'cli-new-pass');
		await waitFor(() => conn.closes.includes(4401), 10_000, 'the open connection to close with 4401');
		conn.provider.destroy();
		expect((await call(srv.base, 'GET', '/api/me', undefined, c.access)).status).toBe(401);
		expect(await upgradeRefusal(`board:${station}`, c.access)).toBe(4401);
		expect((await call(srv.base, 'POST', '/api/session/refresh', { refresh: c.refresh })).status).toBe(401);
	});
});

describe('disabling a person ends their sessions', () => {
	it('by the CLI: open connections close with 4401 and the old token is refused', async () => {
		const station = await newStation('丙社区');
		const c = await cadre(station);
		const conn = live(`board:${station}`, c.access);
		await conn.synced();
		await admin('person', 'disable', '--phone', c.phone);
		await waitFor(() => conn.closes.includes(4401), 10_000, 'the open connection to close with 4401');
		conn.provider.destroy();
		expect((await call(srv.base, 'GET', '/api/me', undefined, c.access)).status).toBe(401);
		expect(await upgradeRefusal(`board:${station}`, c.access)).toBe(4401);
		// Enabling again does not bring the ended session back: the person signs in again.
		await admin('person', 'enable', '--phone', c.phone);
		expect((await call(srv.base, 'GET', '/api/me', undefined, c.access)).status).toBe(401);
		expect((await call(srv.base, 'GET', '/api/me', undefined, (await signIn(c.phone)).access)).status).toBe(200);
	});

	it('by the API: open connections close with 4401', async () => {
		const station = await newStation('丁社区');
		const c = await cadre(station);
		const conn = live(`board:${station}`, c.access);
		await conn.synced();
		expect((await call(srv.base, 'PATCH', `/api/admin/people/${c.id}`, { disabled: true }, officeToken)).status).toBe(200);
		await waitFor(() => conn.closes.includes(4401), 10_000, 'the open connection to close with 4401');
		conn.provider.destroy();
		expect(await upgradeRefusal(`board:${station}`, c.access)).toBe(4401);
	});

	it('says "account-disabled" to the refresh and to every signed-in call, so the device can drop its stations', async () => {
		const station = await newStation('庚社区');
		const c = await cadre(station);
		// Two devices: one refreshed once already (its old token spent), one never.
		const other = await signIn(c.phone);
		const rotated = await call(srv.base, 'POST', '/api/session/refresh', { refresh: other.refresh });
		expect(rotated.status).toBe(200);
		expect((await call(srv.base, 'PATCH', `/api/admin/people/${c.id}`, { disabled: true }, officeToken)).status).toBe(200);
		expect(await call(srv.base, 'POST', '/api/session/refresh', { refresh: c.refresh })).toEqual({ status: 401, body: { error: 'account-disabled' } });
		// A spent token presented after the disable is told the same, and spoils nothing for the current one.
		expect(await call(srv.base, 'POST', '/api/session/refresh', { refresh: other.refresh })).toEqual({ status: 401, body: { error: 'account-disabled' } });
		expect(await call(srv.base, 'POST', '/api/session/refresh', { refresh: rotated.body.refresh })).toEqual({ status: 401, body: { error: 'account-disabled' } });
		expect(await call(srv.base, 'GET', '/api/me', undefined, c.access)).toEqual({ status: 401, body: { error: 'account-disabled' } });
		// Asking again changes nothing (no refresh token is spent by asking).
		expect((await call(srv.base, 'POST', '/api/session/refresh', { refresh: c.refresh })).body).toEqual({ error: 'account-disabled' });
		// Enabled again: the old sessions stay ended (sign in again), and are no longer called disabled.
		expect((await call(srv.base, 'PATCH', `/api/admin/people/${c.id}`, { disabled: false }, officeToken)).status).toBe(200);
		expect(await call(srv.base, 'POST', '/api/session/refresh', { refresh: c.refresh })).toEqual({ status: 401, body: { error: 'session-ended' } });
		expect((await call(srv.base, 'GET', '/api/me', undefined, c.access)).body).toEqual({ error: 'session-ended' });
		// Unknown tokens say nothing about anyone.
		expect((await call(srv.base, 'POST', '/api/session/refresh', { refresh: 'x'.repeat(43) })).body).toEqual({ error: 'session-ended' });
	});

	it('by the CLI: the refresh says "account-disabled" too', async () => {
		const station = await newStation('辛社区');
		const c = await cadre(station);
		await admin('person', 'disable', '--phone', c.phone);
		expect((await call(srv.base, 'POST', '/api/session/refresh', { refresh: c.refresh })).body).toEqual({ error: 'account-disabled' });
	});
});

describe('a disable and a password reset together (a lost phone)', () => {
	it('still says "account-disabled" to the refresh, in either order, so the lost device drops its stations', async () => {
		for (const resetFirst of [false, true]) {
			const c = await cadre(await newStation(resetFirst ? '壬社区' : '癸社区'));
			const disable = () => call(srv.base, 'PATCH', `/api/admin/people/${c.id}`, { disabled: true }, officeToken);
			const reset = () => call(srv.base, 'POST', `/api/admin/people/${c.id}/password`, { password: 'a-new-password' }, officeToken);
			for (const step of resetFirst ? [reset, disable] : [disable, reset]) expect((await step()).status).toBeLessThan(300);
			expect(await call(srv.base, 'POST', '/api/session/refresh', { refresh: c.refresh }), resetFirst ? 'reset, then disabled' : 'disabled, then reset').toEqual({ status: 401, body: { error: 'account-disabled' } });
			// Enabled again, the old session stays ended and is no longer called disabled.
			expect((await call(srv.base, 'PATCH', `/api/admin/people/${c.id}`, { disabled: false }, officeToken)).status).toBe(200);
			expect((await call(srv.base, 'POST', '/api/session/refresh', { refresh: c.refresh })).body).toEqual({ error: 'session-ended' });
		}
	});
});

describe('removal from a team by the CLI', () => {
	it("closes the person's connections to that team's documents only (4100, then 4403)", async () => {
		const kept = await newStation('戊社区');
		const left = await newStation('己社区');
		const c = await cadre(kept);
		await srv.app.directory.assign('test', c.id, left, 'cadre');
		const stay = live(`board:${kept}`, c.access);
		const go = live(`board:${left}`, c.access);
		await Promise.all([stay.synced(), go.synced()]);
		await admin('team', 'remove', '--station', left, '--phone', c.phone);
		await waitFor(() => go.closes.includes(4100), 10_000, 'the removed team connection to close with 4100');
		await waitFor(() => go.closes.includes(4403), 10_000, 'the reconnect to be refused with 4403');
		go.provider.destroy();
		expect(stay.closes).toEqual([]);
		expect(stay.provider.wsconnected).toBe(true);
		stay.provider.destroy();
	});
});

describe('refresh-token reuse', () => {
	it('revokes the whole family: the replayed token and everything issued from it', async () => {
		const station = await newStation('庚社区');
		const c = await cadre(station);
		const second = await call(srv.base, 'POST', '/api/session/refresh', { refresh: c.refresh });
		expect(second.status).toBe(200);
		const conn = live(`board:${station}`, second.body.access);
		await conn.synced();
		// Someone replays the spent token (stolen earlier): refused, and the family ends.
		expect(await call(srv.base, 'POST', '/api/session/refresh', { refresh: c.refresh })).toEqual({ status: 401, body: { error: 'session-ended' } });
		expect((await call(srv.base, 'POST', '/api/session/refresh', { refresh: second.body.refresh })).status).toBe(401);
		expect((await call(srv.base, 'GET', '/api/me', undefined, second.body.access)).status).toBe(401);
		await waitFor(() => conn.closes.includes(4401), 10_000, 'the connection of the revoked family to close with 4401');
		conn.provider.destroy();
		expect(await upgradeRefusal(`board:${station}`, second.body.access)).toBe(4401);
		// Other sessions of the same person (another device) go on.
		const other = await signIn(c.phone);
		expect((await call(srv.base, 'GET', '/api/me', undefined, other.access)).status).toBe(200);
	});

	it('signing out ends that session: its access token stops working too', async () => {
		const station = await newStation('辛社区');
		const c = await cadre(station);
		expect((await call(srv.base, 'POST', '/api/session/end', { refresh: c.refresh })).status).toBe(204);
		expect((await call(srv.base, 'GET', '/api/me', undefined, c.access)).status).toBe(401);
	});
});
