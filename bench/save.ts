// Save benchmark: the time from tapping 保存 on the quick-entry form to the entry's IndexedDB
// transaction having completed (committed), in Debian's Chromium at CPU ×1 and ×4.
// It is not a test: it prints figures and exits 0 unless it broke.
//
//   npm run bench:save             needs a build (npx vite build)
//   BENCH_PORT=4190                the server's port (loopback)
//   BENCH_SAVES=60                 saves per CPU setting
//
// Method: the real server on a temporary data directory; a station created on the device; for
// each save the quick-entry form is filled and 保存 clicked through Playwright. An init script
// takes the tap time (performance.now() in a capturing click listener on the save button) and
// the completion time of every readwrite IndexedDB transaction on an `updates` store (wrapping
// IDBDatabase.prototype.transaction). "Committed" is the first such completion after the tap —
// whether the app waits for it (now) or not (y-indexeddb 9's write, before).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { launchOptions } from '../tests/e2e/chromium';

const port = Number(process.env.BENCH_PORT ?? 4190);
const saves = Number(process.env.BENCH_SAVES ?? 60);
const base = `http://127.0.0.1:${port}`;

declare global {
	interface Window {
		__bench: { tap: number; commits: number[] };
	}
}

function instrument() {
	window.__bench = { tap: 0, commits: [] };
	document.addEventListener('click', (e) => {
		if ((e.target as HTMLElement).closest('button.primary[type=submit]')) window.__bench.tap = performance.now();
	}, true);
	const original = IDBDatabase.prototype.transaction;
	IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
		const tx = original.apply(this, args);
		const stores = [args[0]].flat();
		if (args[1] === 'readwrite' && stores.includes('updates')) tx.addEventListener('complete', () => window.__bench.commits.push(performance.now()));
		return tx;
	} as IDBDatabase['transaction'];
}

async function waitForServer() {
	for (let i = 0; i < 300; i++) {
		try {
			if ((await fetch(base)).ok) return;
		} catch {
			/* not yet */
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error('server did not start');
}

async function measure(page: Page, throttle: number): Promise<number[]> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
	const stationUrl = page.url();
	const times: number[] = [];
	for (let i = 0; i < saves; i++) {
		await page.goto(`${stationUrl}/new`);
		await page.getByLabel('问题内容').fill(`测量 ×${throttle} ${i}`);
		await page.evaluate(() => (window.__bench.commits = []));
		await page.getByRole('button', { name: '保存', exact: true }).click();
		await page.waitForURL(stationUrl);
		const t = await page.waitForFunction(() => {
			const { tap, commits } = window.__bench;
			const after = commits.find((c) => c >= tap);
			return after === undefined ? null : after - tap;
		});
		times.push((await t.jsonValue()) as number);
	}
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
	await page.goto(stationUrl);
	return times;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const dataDir = mkdtempSync(join(tmpdir(), 'yixian-bench-save-'));
const server = spawn('npx', ['tsx', 'server/main.ts'], {
	env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', YIXIAN_DATA_DIR: dataDir, YIXIAN_PUBLIC_URL: base },
	stdio: 'ignore',
	detached: true // its own process group: npx, tsx and node stop together
});
const browser = await chromium.launch(launchOptions);
try {
	await waitForServer();
	const context = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
	await context.addInitScript(instrument);
	const page = await context.newPage();
	await page.goto('/');
	await page.getByRole('button', { name: '新建驻点' }).click();
	await page.getByLabel('驻点名称').fill('测量社区');
	await page.getByLabel('所属街道/乡镇').fill('测量街道');
	await page.getByRole('button', { name: '保存' }).click();
	await page.getByTestId('ledger-count').waitFor();
	console.log(`tap 保存 → entry committed to IndexedDB, ${saves} saves each`);
	for (const throttle of [1, 4]) {
		const sorted = (await measure(page, throttle)).sort((a, b) => a - b);
		console.log(`CPU ×${throttle}: median ${pct(sorted, 50).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms (min ${sorted[0].toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(1)})`);
	}
} finally {
	await browser.close();
	const exited = new Promise((r) => server.once('exit', r));
	process.kill(-server.pid!, 'SIGTERM');
	await exited;
	rmSync(dataDir, { recursive: true, force: true });
}
