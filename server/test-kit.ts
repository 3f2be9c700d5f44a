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

export type WorldRole = 'cadre' | 'assistant' | 'liaison' | 'lawyer' | 'leader';

/**
 * A station (幸福社区 on 东关街道) made through the API by the office (phone 13900000000), and people
 * by role (phone → role: a team role is assigned, a leader leads the street), each signed in:
 * `token.office` and `token[name]`.
 */
export async function stationWorld(srv: RunningApp, people: Record<string, { phone: string; role: WorldRole }>, password = 'pass-word-1') {
	const d = srv.app.directory;
	const signIn = async (phone: string) => (await call(srv.base, 'POST', '/api/session', { phone, password })).body.access as string;
	await d.createPerson('test', { phone: '13900000000', name: '一线办', role: 'office', password });
	const token: Record<string, string> = { office: await signIn('13900000000') };
	const street = (await call(srv.base, 'POST', '/api/admin/streets', { name: '东关街道' }, token.office)).body;
	const stationId = (await call(srv.base, 'POST', '/api/admin/stations', { name: '幸福社区', streetId: street.id, kind: 'community' }, token.office)).body.id as string;
	for (const [name, { phone, role }] of Object.entries(people)) {
		const id = (await d.createPerson('test', { phone, name, role: role === 'leader' ? 'leader' : 'member', password })).id;
		if (role === 'leader') await d.setLeader('test', id, street.id, true);
		else await d.assign('test', id, stationId, role);
		token[name] = await signIn(phone);
	}
	return { stationId, token };
}
