// The whole server (API + relay, no SvelteKit build) on port 0 over a temp data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from './app';
import { loadConfig, type Config } from './config';

export interface RunningApp {
	app: App;
	config: Config;
	base: string;
	ws: string;
	stop(): Promise<void>;
}

/** `overrides` replace parts of the loaded configuration (a clock a test moves by days, say). */
export async function startApp(env: Record<string, string> = {}, overrides: Partial<Config> = {}): Promise<RunningApp> {
	const dir = mkdtempSync(join(tmpdir(), 'yixian-app-'));
	const config = { ...loadConfig({ YIXIAN_DATA_DIR: dir, ...env }), ...overrides };
	const app = await createApp(config);
	await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
	const port = (app.server.address() as AddressInfo).port;
	return {
		app,
		config,
		base: `http://127.0.0.1:${port}`,
		ws: `ws://127.0.0.1:${port}/sync`,
		async stop() {
			await app.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export async function call(base: string, method: string, path: string, body?: unknown, token?: string) {
	const res = await fetch(base + path, {
		method,
		headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
