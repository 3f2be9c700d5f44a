// A request target that is not a URL (found by the fuzz suite: `//%zz/…`) is the client's
// mistake: a 400, never a 500, and never an upgrade that takes the process down.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startApp, type RunningApp } from '../test-kit';

let srv: RunningApp;
beforeAll(async () => {
	srv = await startApp();
});
afterAll(() => srv.stop());

/** A raw request: fetch would normalise the target before sending it. */
function raw(method: string, target: string): Promise<{ status: number; body: string }> {
	const { hostname, port } = new URL(srv.base);
	return new Promise((resolve, reject) => {
		const req = request({ host: hostname, port, method, path: target, agent: false }, (res) => {
			let body = '';
			res.on('data', (c) => (body += c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('request targets that are not URLs', () => {
	it('answers 400 to an API-looking request whose target does not parse', async () => {
		for (const target of ['//%zz/api/me', '//[/api/me', '//a%/api/session']) {
			const res = await raw('GET', target);
			expect(res.status, target).toBe(400);
			expect(JSON.parse(res.body)).toEqual({ error: 'bad-request' });
		}
	});

	it('refuses such an upgrade and keeps serving everyone else', async () => {
		const ws = new WebSocket(`${srv.ws.replace(/\/sync$/, '')}//%zz/sync/board:x`);
		const refused = await new Promise<string>((resolve) => {
			ws.on('unexpected-response', (_q, res) => resolve(`http ${res.statusCode}`));
			ws.on('error', (e) => resolve(`error ${e.message}`));
			ws.on('open', () => resolve('open'));
		});
		expect(refused).toBe('http 400');
		const me = await raw('GET', '/api/me');
		expect(me.status).toBe(401);
	});
});
