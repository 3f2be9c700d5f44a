// Persist-then-broadcast under a real crash: the relay runs in a child process that is SIGKILLed
// while a client is editing; whatever any peer had received must be stored after the restart —
// in SQLite, and in PostgreSQL when the update log is there.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, tempDataFile, tempPostgres, waitFor } from './test-kit.js';

const children: ChildProcess[] = [];
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	children.splice(0).forEach((c) => c.kill('SIGKILL'));
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function freePort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const port = (probe.address() as { port: number }).port;
	await new Promise((resolve) => probe.close(resolve));
	return port;
}

async function spawnRelay(port: number, dataFile: string, databaseUrl = ''): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/relay/dev-main.ts'], {
		env: { ...process.env, PORT: String(port), RELAY_DATA_FILE: dataFile, YIXIAN_DATABASE_URL: databaseUrl },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	children.push(child);
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('relay did not start')), 30_000);
		child.stdout!.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('relay listening')) (clearTimeout(timer), resolve());
		});
		child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
	});
	return child;
}

for (const backend of ['SQLite', 'PostgreSQL'] as const) describe(`relay crash: ${backend}`, () => {
	it('loses no update a peer had received when the relay is SIGKILLed mid-edit', async (t) => {
		const { file, cleanup } = tempDataFile();
		cleanups.push(cleanup);
		let databaseUrl = '';
		if (backend === 'PostgreSQL') {
			const database = await tempPostgres();
			if (!database) return t.skip();
			cleanups.push(() => database.drop());
			databaseUrl = database.url;
		}
		const port = await freePort();
		const url = `ws://127.0.0.1:${port}/sync`;
		const first = await spawnRelay(port, file, databaseUrl);

		const writer = connectClient(url, 'board:K1');
		const observer = connectClient(url, 'board:K1');
		cleanups.push(() => writer.provider.destroy(), () => observer.provider.destroy());
		await Promise.all([writer.synced(), observer.synced()]);

		let n = 0;
		const typing = setInterval(() => writer.doc.getArray<number>('n').push([n++]), 1);
		await waitFor(() => observer.doc.getArray('n').length > 200, 10_000, 'edits flowing');
		first.kill('SIGKILL');
		await waitFor(() => !observer.provider.wsconnected, 5000, 'observer disconnected');
		observer.provider.disconnect(); // freeze what it had received
		const received = observer.doc.getArray<number>('n').toArray();
		await new Promise((resolve) => setTimeout(resolve, 50));
		clearInterval(typing);

		await spawnRelay(port, file, databaseUrl);
		const late = connectClient(url, 'board:K1');
		cleanups.push(() => late.provider.destroy());
		await late.synced();
		const restored = new Set(late.doc.getArray<number>('n').toArray());
		expect(received.length).toBeGreaterThan(200);
		expect(received.filter((x) => !restored.has(x))).toEqual([]);

		// The writer kept typing offline; on reconnecting it hands the rest over.
		await waitFor(() => late.doc.getArray('n').length === n, 10_000, 'writer merged its offline edits');
	}, 90_000);
});
