// Behind a reverse proxy every client arrives from the proxy's address. Throttles count the real
// client from X-Forwarded-For only when the socket peer is a listed proxy; otherwise the header is
// a client's say-so and is ignored.
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp } from './app';
import { loadConfig } from './config';
import { call, startApp, type RunningApp } from './test-kit';

const OWNER = '13900000001';

async function setUp(env: Record<string, string>) {
	const srv = await startApp({ YIXIAN_MAX_CONNECTIONS_PER_ADDRESS: '1', ...env });
	const d = srv.app.directory;
	const owner = await d.createPerson('t', { phone: OWNER, name: 'owner', role: 'member', password: 'owner-pass' });
	const street = await d.createStreet('t', 's');
	const station = await d.createStation('t', { name: 'x', streetId: street.id, kind: 'community' });
	await d.assign('t', owner.id, station.id, 'cadre');
	const { access } = (await signIn(srv, OWNER, 'owner-pass', '192.0.2.1')).body;
	return { srv, docPath: `board:${station.id}?token=${access}` };
}

async function signIn(srv: RunningApp, phone: string, password: string, forwardedFor: string) {
	const res = await fetch(`${srv.base}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
		body: JSON.stringify({ phone, password })
	});
	return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
}

/** A websocket whose upgrade request carries X-Forwarded-For; resolves with its close code, or 'open'. */
async function connect(srv: RunningApp, path: string, forwardedFor: string) {
	const socket = new WebSocket(`${srv.ws}/${path}`, { headers: { 'x-forwarded-for': forwardedFor } });
	socket.on('error', () => {});
	const outcome = await new Promise<number | 'open'>((resolve) => {
		socket.once('close', (code) => resolve(code));
		// A refusal completes the handshake and closes at once; an accepted socket gets sync step 1.
		socket.once('message', () => resolve('open'));
	});
	return { socket, outcome };
}

describe('with YIXIAN_TRUSTED_PROXIES naming the proxy', () => {
	let t: Awaited<ReturnType<typeof setUp>>;
	beforeAll(async () => (t = await setUp({ YIXIAN_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' })));
	afterAll(() => t.srv.stop());

	it('counts relay connections per forwarded client (rightmost untrusted hop)', async () => {
		const a = await connect(t.srv, t.docPath, '198.51.100.1');
		const b = await connect(t.srv, t.docPath, '198.51.100.2');
		// A client-written entry on the left is not the client: the proxy appended the real one.
		const c = await connect(t.srv, t.docPath, '198.51.100.2, 198.51.100.3, 10.1.2.3');
		const d = await connect(t.srv, t.docPath, '203.0.113.50, 198.51.100.1');
		expect([a.outcome, b.outcome, c.outcome, d.outcome]).toEqual(['open', 'open', 'open', 1013]);
		for (const s of [a, b, c, d]) s.socket.close();
	});

	it("does not let a stranger's wrong guesses keep the owner out", async () => {
		let stranger = { status: 0, retryAfter: null as string | null };
		for (let i = 0; i < 12; i++) stranger = await signIn(t.srv, OWNER, 'guess-' + i, '203.0.113.9');
		expect(stranger.status).toBe(429);
		expect(Number(stranger.retryAfter)).toBeGreaterThanOrEqual(1);
		expect((await signIn(t.srv, OWNER, 'owner-pass', '198.51.100.7')).status).toBe(200);
	});
});

describe('parallel guesses', () => {
	let t: Awaited<ReturnType<typeof setUp>>;
	beforeAll(async () => (t = await setUp({ YIXIAN_TRUSTED_PROXIES: '127.0.0.1' })));
	afterAll(() => t.srv.stop());

	it('are counted before the password is checked: they cannot all reach it', async () => {
		const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(t.srv, OWNER, 'guess-' + i, '203.0.113.77')));
		expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
		// Five free, then one after 1 s, 2 s, 4 s, …: however slowly a busy machine serves the
		// twenty, within the test's time no more than eleven reach the password check.
		expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(11);
		expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(9);
	});
});

describe('without the setting', () => {
	let t: Awaited<ReturnType<typeof setUp>>;
	beforeAll(async () => (t = await setUp({})));
	afterAll(() => t.srv.stop());

	it('ignores X-Forwarded-For: the socket address is the client', async () => {
		const a = await connect(t.srv, t.docPath, '198.51.100.1');
		const b = await connect(t.srv, t.docPath, '198.51.100.2');
		expect([a.outcome, b.outcome]).toEqual(['open', 1013]);
		a.socket.close();
		b.socket.close();
	});

	it('does not let a guesser escape the slow-down by inventing addresses', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 8; i++) statuses.push((await signIn(t.srv, OWNER, 'guess-' + i, `203.0.113.${i}`)).status);
		expect(statuses.at(-1)).toBe(429);
	});
});

describe('the public pages (SvelteKit) learn the client address from the server', () => {
	it('passes the resolved address in a header no client can forge', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'yixian-app-'));
		const seen: (string | undefined)[] = [];
		const app = await createApp(loadConfig({ YIXIAN_DATA_DIR: dir, YIXIAN_TRUSTED_PROXIES: '127.0.0.1' }), (req, res) => {
			seen.push(req.headers['x-yixian-client-address'] as string | undefined);
			res.end();
		});
		await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
		const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
		try {
			await fetch(`${base}/p/x`, { headers: { 'x-forwarded-for': '198.51.100.4' } });
			await fetch(`${base}/p/x`, { headers: { 'x-yixian-client-address': '1.2.3.4' } });
			expect(seen).toEqual(['198.51.100.4', '127.0.0.1']);
		} finally {
			await app.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
