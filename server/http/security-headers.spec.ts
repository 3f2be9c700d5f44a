// Security headers on everything the server answers: the API, and whatever it hands to the web
// app (SvelteKit adds the app's and public pages' Content-Security-Policy: tests/e2e/headers.spec.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { loadConfig } from '../config';

async function serve(env: Record<string, string>, run: (base: string) => Promise<void>) {
	const dir = mkdtempSync(join(tmpdir(), 'yixian-app-'));
	const app = await createApp(loadConfig({ YIXIAN_DATA_DIR: dir, ...env }), (_req, res) => res.end('<!doctype html><p>web</p>'));
	await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
	try {
		await run(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
	} finally {
		await app.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

describe('security headers', () => {
	it('on the API: nothing to run, nothing to frame, no sniffing, no referrer', () =>
		serve({}, async (base) => {
			for (const res of [await fetch(`${base}/api/me`), await fetch(`${base}/api/nope`), await fetch(`${base}/api/session`, { method: 'POST', body: 'x' })]) {
				expect(res.headers.get('x-content-type-options')).toBe('nosniff');
				expect(res.headers.get('x-frame-options')).toBe('DENY');
				expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
				expect(res.headers.get('referrer-policy')).toBe('no-referrer');
				expect(res.headers.get('strict-transport-security')).toBeNull();
			}
		}));

	it('on the web app and public pages: no framing, no sniffing, a referrer only to this site', () =>
		serve({}, async (base) => {
			for (const path of ['/', '/p/abc', '/rate/xyz', '/_app/immutable/x.js']) {
				const res = await fetch(base + path);
				expect(res.headers.get('x-content-type-options')).toBe('nosniff');
				expect(res.headers.get('x-frame-options')).toBe('DENY');
				expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
				expect(res.headers.get('referrer-policy')).toBe('same-origin');
			}
		}));

	it('adds HSTS when the public address is https', () =>
		serve({ YIXIAN_PUBLIC_URL: 'https://yixian.example.gov.cn' }, async (base) => {
			for (const path of ['/api/me', '/']) expect((await fetch(base + path)).headers.get('strict-transport-security')).toBe('max-age=31536000');
		}));
});
