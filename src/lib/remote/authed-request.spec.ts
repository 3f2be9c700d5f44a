import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthedRequest, RemoteApiError } from './authed-request';

class TestApiError extends RemoteApiError {}

// A real HTTP server: it answers what each path names and echoes what it was sent.
let server: Server;
let base = '';
beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			const url = req.url ?? '';
			if (url === '/empty') return void res.writeHead(204).end();
			if (url === '/refused') return void res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid', fields: { name: 'required' } }));
			if (url === '/broken') return void res.writeHead(500).end('not json');
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ method: req.method, authorization: req.headers.authorization, type: req.headers['content-type'] ?? null, body }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const toServer: typeof fetch = (path, init) => fetch(`${base}${path as string}`, init);
const signedIn = () => createAuthedRequest(async () => 'token-1', toServer, TestApiError);

async function refusal(call: Promise<unknown>): Promise<TestApiError> {
	const error = await call.then(() => null, (e: unknown) => e);
	expect(error).toBeInstanceOf(TestApiError);
	return error as TestApiError;
}

describe('createAuthedRequest', () => {
	it('sends the bearer token and a JSON body, and answers the JSON', async () => {
		expect(await signedIn().json('POST', '/echo', { a: 1 })).toEqual({ method: 'POST', authorization: 'Bearer token-1', type: 'application/json', body: '{"a":1}' });
		expect(await signedIn().json('GET', '/echo')).toEqual({ method: 'GET', authorization: 'Bearer token-1', type: null, body: '' });
	});

	it('answers undefined for 204 No Content', async () => {
		expect(await signedIn().json('DELETE', '/empty')).toBeUndefined();
	});

	it("throws the client's error with the server's code and the fields it named", async () => {
		const error = await refusal(signedIn().json('PUT', '/refused', {}));
		expect([error.status, error.code, error.fields]).toEqual([422, 'invalid', { name: 'required' }]);
		const broken = await refusal(signedIn().request('GET', '/broken'));
		expect([broken.status, broken.code, broken.fields]).toEqual([500, 'internal', {}]);
	});

	it('throws 401 not-signed-in without a token, and asks nothing of the server', async () => {
		let asked = false;
		const calls = createAuthedRequest(async () => null, (...a) => ((asked = true), toServer(...a)), TestApiError);
		const error = await refusal(calls.json('GET', '/echo'));
		expect([error.status, error.code, asked]).toEqual([401, 'not-signed-in', false]);
	});

	it('throws status 0 offline when the network does not answer', async () => {
		const calls = createAuthedRequest(async () => 'token-1', (path, init) => fetch(`http://127.0.0.1:1${path as string}`, init), TestApiError);
		const error = await refusal(calls.json('GET', '/echo'));
		expect([error.status, error.code]).toEqual([0, 'offline']);
	});
});
