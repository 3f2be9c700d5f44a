// A file the web app serves from disk that is gone when it is read (the build replaced under a
// running server: `npm run build` beside it, a deploy) ends that one response, never the process.
// The built app's static files are served as adapter-node's sirv does it: the headers written, then
// the file streamed into the response; its read error had no listener and ended the server.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { loadConfig } from '../config';

describe('a file of the web app gone from disk', () => {
	it('fails its own request and the server goes on answering', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'yixian-app-'));
		const app = await createApp(loadConfig({ YIXIAN_DATA_DIR: dir }), (req, res) => {
			if (req.url !== '/_app/immutable/chunks/gone.js') return void res.end('<!doctype html><p>web</p>');
			res.writeHead(200, { 'content-type': 'text/javascript' });
			createReadStream(join(dir, 'gone.js')).pipe(res);
		});
		await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
		const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
		try {
			const gone = await fetch(`${base}/_app/immutable/chunks/gone.js`).then((r) => r.text(), (e: Error) => e);
			expect(gone, 'the missing file is not answered as if it were there').toBeInstanceOf(Error);
			expect(await (await fetch(`${base}/`)).text()).toBe('<!doctype html><p>web</p>');
			expect((await fetch(`${base}/api/me`)).status).toBe(401);
		} finally {
			await app.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
