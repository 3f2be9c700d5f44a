// Several real server processes serving one district through Redis (issue 12): the stock
// y-websocket client connected to different processes; shared storage (a throwaway PostgreSQL
// database holding the directory and the documents when PostgreSQL answers, else the data
// directory's SQLite file); one Redis prefix per run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addEntry } from '../../src/lib/documents/board';
import { connectClient, waitFor } from '../relay/test-kit';
import { call } from '../test-kit';
import { clusterFixture, ENTRY, freePort, REDIS_URL, redisAnswers, type ClusterFixture, type ServerProcess } from './test-cluster';
import { haproxyPath, startBalancer, startHaproxy, type TestBalancer } from './test-proxy';

const redisUp = await redisAnswers();
if (!redisUp) console.warn(`cluster specs skipped: no Redis answers at ${REDIS_URL} (set YIXIAN_TEST_REDIS_URL)`);

const entries = (doc: Y.Doc) => (doc.getMap('entries') as Y.Map<unknown>).size;
const password = 'cluster-pass-1';

describe.skipIf(!redisUp)(`several server processes, one district (${ENTRY})`, { timeout: 90_000 }, () => {
	let fx: ClusterFixture;
	let p: ServerProcess[] = [];
	let stationId = '';
	const person: Record<string, string> = {};
	const token: Record<string, string> = {};
	const providers: WebsocketProvider[] = [];
	const client = (ws: string, docName: string, who: string, doc = new Y.Doc()) => {
		const c = connectClient(ws, docName, doc, { token: token[who] });
		providers.push(c.provider);
		return c;
	};
	const board = () => `board:${stationId}`;

	beforeAll(async () => {
		fx = await clusterFixture('spec');
		// The first office account, as the README says (the admin CLI on the shared storage).
		const admin = spawnSync(process.execPath, ['--import', 'tsx', 'server/admin.ts', 'person', 'add', '--role', 'office', '--phone', '13900000000', '--name', '一线办', '--password', password], {
			env: { ...process.env, ...fx.env },
			encoding: 'utf8'
		});
		expect(admin.status, admin.stderr).toBe(0);
		p = [await fx.start(), await fx.start(), await fx.start()];
		const signIn = async (base: string, phone: string) => (await call(base, 'POST', '/api/session', { phone, password })).body.access as string;
		token.office = await signIn(p[0].base, '13900000000');
		const street = (await call(p[0].base, 'POST', '/api/admin/streets', { name: '东关街道' }, token.office)).body;
		stationId = (await call(p[0].base, 'POST', '/api/admin/stations', { name: '幸福社区', streetId: street.id, kind: 'community' }, token.office)).body.id;
		for (const [who, phone] of [['cadre', '13900000001'], ['removed', '13900000002']]) {
			// Made on one process, signed in on another: the directory is the shared storage's.
			person[who] = (await call(p[1].base, 'POST', '/api/admin/people', { phone, name: who, role: 'member', password }, token.office)).body.id;
			expect((await call(p[2].base, 'PUT', `/api/admin/stations/${stationId}/team/${person[who]}`, { role: 'cadre' }, token.office)).status).toBe(204);
			token[who] = await signIn(p[2].base, phone);
		}
	}, 90_000);

	afterAll(async () => {
		for (const provider of providers) provider.destroy();
		await fx?.stopAll();
	});

	it('an update committed on one process reaches the clients of the others, and is stored once for all', async () => {
		const clients = p.map((proc) => client(proc.ws, board(), 'cadre'));
		await Promise.all(clients.map((c) => c.synced()));
		const base = entries(clients[0].doc);
		clients.forEach((c, i) => {
			for (let n = 0; n < 20; n++) addEntry(c.doc, { content: `p${i}-${n}`, place: '', category: 'other', receivedOn: '2026-03-01', visitId: '' }, 'cadre', 1_790_000_000_000 + n);
		});
		await waitFor(() => clients.every((c) => entries(c.doc) === base + 60), 15_000, 'every client to hold every entry');
		for (const c of clients) expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(clients[0].doc));
		// A late joiner on any process loads it all from storage.
		const late = client(p[1].ws, board(), 'cadre');
		await late.synced();
		await waitFor(() => entries(late.doc) === base + 60, 5000, 'the late joiner to hold every entry');
		if (!fx.databaseUrl) return;
		// On PostgreSQL, the document's updates are there (the relay never writes the data dir's SQLite file).
		const sql = new pg.Client({ connectionString: fx.databaseUrl });
		await sql.connect();
		try {
			const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM updates WHERE doc = $1', [board()]);
			expect(rows[0].n).toBeGreaterThanOrEqual(60);
		} finally {
			await sql.end();
		}
		expect(existsSync(join(fx.dataDir, 'yixian.db'))).toBe(false);
	});

	it("a board's reader on another process receives the team's text masked", async () => {
		const writer = client(p[0].ws, board(), 'cadre');
		const office = client(p[1].ws, board(), 'office');
		await Promise.all([writer.synced(), office.synced()]);
		const id = addEntry(writer.doc, { content: '楼道灯坏了，电话13712345678', place: '', category: 'other', receivedOn: '2026-03-01', visitId: '' }, 'cadre', 1_790_000_000_000);
		const content = () => (office.doc.getMap('entries').get(id) as Y.Map<unknown> | undefined)?.get('content');
		await waitFor(() => content() !== undefined, 10_000, 'the entry on the other process');
		expect(content()).toBe('楼道灯坏了，电话***');
	});

	it('presence crosses processes: set, seen by a late joiner elsewhere, and removed when its client leaves', async () => {
		const a = client(p[0].ws, board(), 'cadre');
		const b = client(p[2].ws, board(), 'cadre');
		await Promise.all([a.synced(), b.synced()]);
		a.provider.awareness.setLocalStateField('editing', 'entry-1');
		const id = a.provider.awareness.clientID;
		const seen = (c: typeof a) => c.provider.awareness.getStates().get(id) as { editing?: string; user?: { id: string } } | undefined;
		await waitFor(() => seen(b)?.editing === 'entry-1', 5000, 'presence on the other process');
		expect(seen(b)?.user?.id).toBe(person.cadre); // stamped with the verified identity where it arrived
		// Opened on the second process after the state was set: asked for, not waited for (15 s renewals).
		const late = client(p[1].ws, board(), 'cadre');
		await late.synced();
		await waitFor(() => seen(late)?.editing === 'entry-1', 5000, 'presence for a late joiner on a third process');
		a.provider.destroy();
		await waitFor(() => !seen(b) && !seen(late), 5000, 'the presence removed on the other processes');
	});

	it("removal from a team closes the person's connections on every process", async () => {
		const closes: number[][] = [[], []];
		const conns = [client(p[1].ws, board(), 'removed'), client(p[2].ws, board(), 'removed')];
		conns.forEach((c, i) => c.provider.on('connection-close', (event) => event && closes[i].push(event.code)));
		await Promise.all(conns.map((c) => c.synced()));
		expect((await call(p[0].base, 'DELETE', `/api/admin/stations/${stationId}/team/${person.removed}`, undefined, token.office)).status).toBe(204);
		// 4100 (rights changed) on both; the stock client reconnects and is then refused (4403).
		await waitFor(() => closes.every((codes) => codes.includes(4100) && codes.includes(4403)), 5000, 'both connections cut and refused');
	});

	it('a guesser gets no more sign-in tries by spreading them over the processes', async () => {
		const guess = (i: number) => call(p[i % 3].base, 'POST', '/api/session', { phone: '13900000099', password: `guess-${i}` });
		// Five free failures for a phone at an address, wherever they land (sign-in-throttle.ts).
		for (let i = 0; i < 5; i++) expect((await guess(i)).status).toBe(401);
		for (let i = 5; i < 8; i++) expect((await guess(i)).status).toBe(429);
	});

	const haproxy = haproxyPath();
	describe(`failover through a load balancer (${haproxy ? 'HAProxy' : 'a test-only TCP proxy: HAProxy is not installed'})`, () => {
		let balancer: TestBalancer;
		afterAll(() => balancer?.close());

		it('SIGKILL of one process mid-edits: its clients reconnect to the others and no update is lost', async () => {
			const backends = p.map((proc) => proc.port);
			balancer = haproxy ? await startHaproxy(haproxy, backends, await freePort(), fx.dataDir) : await startBalancer(backends);
			const ws = `ws://127.0.0.1:${balancer.port}/sync`;
			const clients = Array.from({ length: 6 }, () => client(ws, board(), 'cadre'));
			await Promise.all(clients.map((c) => c.synced()));
			const base = entries(clients[0].doc);
			const perClient = 30;
			let made = 0;
			const edit = async (c: (typeof clients)[number], i: number) => {
				for (let n = 0; n < perClient; n++) {
					addEntry(c.doc, { content: `f${i}-${n}`, place: '', category: 'other', receivedOn: '2026-03-01', visitId: '' }, 'cadre', 1_790_000_000_000 + n);
					made++;
					await new Promise((resolve) => setTimeout(resolve, 15));
				}
			};
			const editing = Promise.all(clients.map(edit));
			await waitFor(() => made >= clients.length * 10, 10_000, 'edits under way');
			await p[0].kill('SIGKILL');
			await editing;
			const total = base + clients.length * perClient;
			await waitFor(() => clients.every((c) => entries(c.doc) === total), 30_000, 'every client to hold every entry after the failover');
			// And every update is stored: a fresh client on a surviving process loads them all.
			const fresh = client(p[2].ws, board(), 'cadre');
			await fresh.synced();
			await waitFor(() => entries(fresh.doc) === total, 10_000, 'the stored document to hold every entry');
			expect(p[1].child.exitCode).toBeNull();
			expect(p[2].child.exitCode).toBeNull();
		});
	});
});
