// Rights on the wire: the stock y-websocket client against the whole server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TokenIssuer } from './accounts/tokens';
import { connectClient, rawSocket, waitFor } from './relay/test-kit';
import { call, startApp, type RunningApp } from './test-kit';

let srv: RunningApp;
let stationId = '';
const token: Record<string, string> = {};
const person: Record<string, string> = {};
let officeToken = '';

const signIn = async (phone: string) => (await call(srv.base, 'POST', '/api/session', { phone, password: 'pass-' + phone })).body;

beforeAll(async () => {
	srv = await startApp();
	const d = srv.app.directory;
	await d.createPerson('test', { phone: '13900000000', name: '一线办', role: 'office', password: 'pass-13900000000' });
	officeToken = (await signIn('13900000000')).access;
	const street = (await call(srv.base, 'POST', '/api/admin/streets', { name: '东关街道' }, officeToken)).body;
	stationId = (await call(srv.base, 'POST', '/api/admin/stations', { name: '幸福社区', streetId: street.id, kind: 'community' }, officeToken)).body.id;
	const people = { cadre: '13900000001', lawyer: '13900000002', leader: '13900000003', outsider: '13900000004' };
	for (const [role, phone] of Object.entries(people)) {
		const p = await d.createPerson('test', { phone, name: role, role: role === 'leader' ? 'leader' : 'member', password: 'pass-' + phone });
		person[role] = p.id;
		token[role] = (await signIn(phone)).access;
	}
	await d.assign('test', person.cadre, stationId, 'cadre');
	await d.assign('test', person.lawyer, stationId, 'lawyer');
	await d.setLeader('test', person.leader, street.id, true);
});
afterAll(() => srv.stop());

const board = () => `board:${stationId}`;
const refusal = async (docName: string, params: Record<string, string>) => {
	const query = new URLSearchParams(params).toString();
	const { closed } = await rawSocket(srv.ws, `${docName}?${query}`);
	return closed;
};

describe('the relay asks the directory at every upgrade', () => {
	it('refuses a missing, forged or expired token with 4401', async () => {
		expect(await refusal(board(), {})).toEqual({ code: 4401, reason: 'not signed in' });
		expect(await refusal(board(), { token: token.cadre.slice(0, -3) + 'xyz' })).toEqual({ code: 4401, reason: 'invalid token' });
		const expired = await new TokenIssuer(srv.config.tokenSecret, -60).issue({ personId: person.cadre, name: 'cadre', sessionId: '' });
		expect(await refusal(board(), { token: expired.token })).toEqual({ code: 4401, reason: 'token expired' });
	});

	it('refuses a station the person is not on with 4403, and an unknown one with 4404', async () => {
		expect((await refusal(board(), { token: token.outsider })).code).toBe(4403);
		expect((await refusal('board:zzzzzzzzzzzz', { token: token.cadre })).code).toBe(4404);
		expect((await refusal('ratings:whatever', { token: token.cadre })).code).toBe(4404);
	});

	it("keeps the lawyer out of the visit log but lets them write the board", async () => {
		expect((await refusal(`visits:${stationId}`, { token: token.lawyer })).code).toBe(4403);
		const lawyer = connectClient(srv.ws, board(), new Y.Doc(), { token: token.lawyer });
		const cadre = connectClient(srv.ws, board(), new Y.Doc(), { token: token.cadre });
		await Promise.all([lawyer.synced(), cadre.synced()]);
		lawyer.doc.getMap('meta').set('street', 'from the lawyer');
		await waitFor(() => cadre.doc.getMap('meta').get('street') === 'from the lawyer');
		lawyer.provider.destroy();
		cadre.provider.destroy();
	});

	it('sends a new station its first state: name and default categories', async () => {
		const cadre = connectClient(srv.ws, board(), new Y.Doc(), { token: token.cadre });
		await cadre.synced();
		expect(cadre.doc.getMap('meta').get('name')).toBe('幸福社区');
		expect(cadre.doc.getArray('categories').length).toBeGreaterThan(5);
		cadre.provider.destroy();
	});

	it('gives a station adopted by its id a first state when no device has sent its board (it stayed "restoring" forever)', async () => {
		const street = (await call(srv.base, 'GET', '/api/admin/directory', undefined, officeToken)).body.streets[0];
		const adopted = await call(srv.base, 'POST', '/api/admin/stations', { name: '和睦社区', streetId: street.id, kind: 'community', id: 'adopted0001' }, officeToken);
		expect(adopted.status).toBe(201);
		await srv.app.directory.assign('test', person.cadre, 'adopted0001', 'cadre');
		const cadre = connectClient(srv.ws, 'board:adopted0001', new Y.Doc(), { token: token.cadre });
		await cadre.synced();
		expect(cadre.doc.getMap('meta').get('name')).toBe('和睦社区');
		cadre.provider.destroy();
		// A device's board already there is kept as it is: nothing is written over it.
		const stored = await srv.app.relay.log.count('board:adopted0002');
		const phone = new Y.Doc();
		phone.getMap('meta').set('name', '手机上建的社区');
		await srv.app.relay.log.append('board:adopted0002', Y.encodeStateAsUpdate(phone), 'test');
		expect((await call(srv.base, 'POST', '/api/admin/stations', { name: '和平社区', streetId: street.id, kind: 'community', id: 'adopted0002' }, officeToken)).status).toBe(201);
		expect(await srv.app.relay.log.count('board:adopted0002')).toBe(stored + 1);
	});

	it("lets the street leader watch live but never change the board", async () => {
		const cadre = connectClient(srv.ws, board(), new Y.Doc(), { token: token.cadre });
		const leader = connectClient(srv.ws, board(), new Y.Doc(), { token: token.leader });
		await Promise.all([cadre.synced(), leader.synced()]);
		cadre.doc.getMap('meta').set('street', 'live');
		await waitFor(() => leader.doc.getMap('meta').get('street') === 'live');
		const closed = new Promise<number>((resolve) => leader.provider.on('connection-close', (e) => resolve(e?.code ?? 0)));
		leader.doc.getMap('meta').set('name', 'hijacked');
		expect(await closed).toBe(4403);
		await new Promise((r) => setTimeout(r, 100));
		expect(cadre.doc.getMap('meta').get('name')).toBe('幸福社区');
		cadre.provider.destroy();
		leader.provider.destroy();
	});

	it('binds presence to the verified person, whatever the client claims', async () => {
		const a = connectClient(srv.ws, board(), new Y.Doc(), { token: token.cadre });
		const b = connectClient(srv.ws, board(), new Y.Doc(), { token: token.lawyer });
		await Promise.all([a.synced(), b.synced()]);
		a.provider.awareness.setLocalState({ user: { id: 'fake', name: '冒名' } });
		await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID) !== undefined);
		await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as { user?: { name: string } })?.user?.name === 'cadre');
		a.provider.destroy();
		b.provider.destroy();
	});

	it("says a disabled person's account is disabled at the upgrade, as the API does (it said the session had ended)", async () => {
		const phone = '13900000009';
		const p = await srv.app.directory.createPerson('test', { phone, name: 'disabled', role: 'member', password: 'pass-' + phone });
		await srv.app.directory.assign('test', p.id, stationId, 'assistant');
		const access = (await signIn(phone)).access;
		expect((await call(srv.base, 'PATCH', `/api/admin/people/${p.id}`, { disabled: true }, officeToken)).status).toBe(200);
		expect((await call(srv.base, 'GET', '/api/me', undefined, access)).body.error).toBe('account-disabled');
		expect(await refusal(board(), { token: access })).toEqual({ code: 4401, reason: 'account disabled' });
	});

	it('closes a connection whose session ended, or whose person was disabled, while its upgrade was being authorised', async () => {
		// The change lands right after the upgrade's session check said "alive", before the connection
		// is open: its close reaches every connection open then, and not this one.
		const duringUpgrade = async (phone: string, change: (p: { id: string }, refresh: string) => Promise<{ status: number }>) => {
			const p = await srv.app.directory.createPerson('test', { phone, name: phone, role: 'member', password: 'pass-' + phone });
			await srv.app.directory.assign('test', p.id, stationId, 'assistant');
			const session = await signIn(phone);
			const sessions = srv.app.directory.sessions;
			const alive = sessions.alive.bind(sessions);
			let changed: Promise<{ status: number }> | null = null;
			sessions.alive = async (sessionId, personId) => {
				const answer = await alive(sessionId, personId);
				if (personId === p.id && !changed) await (changed = change(p, session.refresh));
				return answer;
			};
			try {
				const { closed } = await rawSocket(srv.ws, `${board()}?token=${session.access}`);
				const close = await closed;
				expect((await changed!).status).toBe(204);
				return close;
			} finally {
				sessions.alive = alive;
			}
		};
		const signedOut = await duringUpgrade('13900000010', (_p, refresh) => call(srv.base, 'POST', '/api/session/end', { refresh }));
		expect(signedOut).toEqual({ code: 4401, reason: 'session ended' });
		const disabled = await duringUpgrade('13900000011', async (p) => ({ status: (await call(srv.base, 'PATCH', `/api/admin/people/${p.id}`, { disabled: true }, officeToken)).status === 200 ? 204 : 500 }));
		expect(disabled).toEqual({ code: 4401, reason: 'account disabled' });
	});

	it('cuts a removed member off at once, and refuses them afterwards', async () => {
		const cadre = connectClient(srv.ws, board(), new Y.Doc(), { token: token.cadre });
		await cadre.synced();
		const closes: number[] = [];
		cadre.provider.on('connection-close', (e) => closes.push(e?.code ?? 0));
		const res = await call(srv.base, 'DELETE', `/api/admin/stations/${stationId}/team/${person.cadre}`, undefined, officeToken);
		expect(res.status).toBe(204);
		await waitFor(() => closes.includes(4100), 3000, 'the rights-changed close');
		await waitFor(() => closes.includes(4403), 3000, 'the refused reconnect');
		cadre.provider.destroy();
	});
});
