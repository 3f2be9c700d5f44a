// The board benchmark's build and server: vite build when build/ is older than the sources, and the
// real server (tsx server/main.ts) on a loopback port with its own data directory.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let newest = st.mtimeMs;
	for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
	return newest;
}

/** Builds the app unless build/ is newer than every source; the build's log goes to `results`/build.log. */
export function buildIfStale(root, results, log) {
	const handler = join(root, 'build', 'handler.js');
	const built = existsSync(handler) ? statSync(handler).mtimeMs : 0;
	const inputs = ['src', 'static', 'build-tools', 'vite.config.ts', 'svelte.config.js', 'package.json'].map((p) => newestMtime(join(root, p)));
	if (built && built >= Math.max(...inputs)) return { built: false, ms: 0 };
	log(built ? 'build/ is older than the sources: vite build …' : 'no build/: vite build …');
	const logFile = join(results, 'build.log');
	const fd = openSync(logFile, 'w');
	const t = performance.now();
	const res = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: root, stdio: ['ignore', fd, fd], timeout: 600_000 });
	if (res.status !== 0) throw new Error(`vite build failed (exit ${res.status}); see ${logFile}`);
	return { built: true, ms: performance.now() - t };
}

export async function freePort() {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

/** The server's data directory: BENCH_DATA_DIR, else `results`/data. */
export const dataDirOf = (results) => process.env.BENCH_DATA_DIR ?? join(results, 'data');

/**
 * Starts the server (BENCH_PORT, else a free port; BENCH_DATA_DIR, else `results`/data); `started`
 * gets the child at once, so a caller's cleanup can stop it even if it never answers.
 */
export async function startServer(root, results, started) {
	const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
	const dataDir = dataDirOf(results);
	const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', YIXIAN_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
	started(server);
	let output = '';
	server.stdout.on('data', (d) => (output += d));
	server.stderr.on('data', (d) => (output += d));
	const base = `http://127.0.0.1:${port}`;
	for (const until = Date.now() + 20_000; Date.now() < until; ) {
		if (server.exitCode !== null) throw new Error(`server exited: ${output}`);
		try {
			if ((await fetch(base + '/')).ok) return base;
		} catch {
			/* not yet */
		}
		await sleep(200);
	}
	throw new Error(`server did not answer on ${base}: ${output}`);
}
