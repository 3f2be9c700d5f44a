// The router's answer to a fault in a route: a 500, also after the route has read the request's
// body to its end (which leaves the request stream destroyed). Real HTTP server and client.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { readJson } from './json';
import { routeRequests } from './router';

let server: Server;
let base = '';

beforeAll(async () => {
	const handle = routeRequests([
		['POST', /^\/api\/after-body$/, async ({ req }) => {
			await readJson(req);
			throw new TypeError('a fault after the body was read');
		}],
		['GET', /^\/api\/before-body$/, async () => {
			throw new TypeError('a fault before any body');
		}]
	]);
	server = createServer((req, res) => void handle(req, res));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('answers 500 to a fault after the body was read, as to one before it', async () => {
	const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
	const signal = AbortSignal.timeout(5000);
	const after = await fetch(`${base}/api/after-body`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null', signal });
	expect(after.status).toBe(500);
	expect(await after.json()).toEqual({ error: 'internal' });
	const before = await fetch(`${base}/api/before-body`, { signal });
	expect(before.status).toBe(500);
	expect(quiet).toHaveBeenCalledTimes(2);
	quiet.mockRestore();
});
