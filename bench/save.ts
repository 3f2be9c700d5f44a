// Save benchmark: the time from tapping 保存并再记一条 on the quick-entry form to the entry's IndexedDB
// transaction having completed (committed), and to the app having said so (已记入台账), in Debian's
// Chromium at CPU ×1 and ×4.
// It is not a test: it prints figures and exits 0 unless it broke.
//
//   npm run bench:save             needs a build (npx vite build)
//   BENCH_PORT                     the server's port (loopback; default: a free one)
//   BENCH_SAVES=60                 saves per CPU setting
//   BENCH_SETTLE=0                 ms to wait between the form's load and the tap (0: the first save
//                                  right after opening the form, as the board is still starting)
//
// Method: the real server on a temporary data directory; a station created on the device; for
// each save the quick-entry form is filled and 保存并再记一条 clicked through Playwright. An init script
// takes the tap time (a capturing click listener on the save button); the completion time of every
// readwrite IndexedDB transaction on an `updates` store is taken where the documents are written,
// in the documents' worker (src/lib/device/docs.worker.ts: IDBDatabase.prototype.transaction
// wrapped there once the form has loaded; until 2026-12-07 this wrapped the page's own, which
// writes no document since the documents moved to that worker, and the bench waited for ever).
// Both clocks are read as wall time (performance.timeOrigin + performance.now()). "Committed" is
// the first such completion after the tap — whether the app waits for it (now) or not
// (y-indexeddb 9's write, before). "Said saved" is when 已记入台账 first shows (a MutationObserver),
// which the app says once the entry is stored on the device and in the ledger's projection.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page, type Worker } from '@playwright/test';
import { launchOptions } from '../tests/e2e/chromium';
import { freePort } from './board-server.js';

// Not a fixed default: 4190, this bench's old one, is one of the ports fetch refuses (tests/e2e/ports.ts).
const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
const saves = Number(process.env.BENCH_SAVES ?? 60);
const settle = Number(process.env.BENCH_SETTLE ?? 0);
const base = `http://127.0.0.1:${port}`;

declare global {
	interface Window {
		__bench: { tap: number; said: number };
		__benchCommits: number[];
	}
}

function instrument() {
	window.__bench = { tap: 0, said: 0 };
	// No named function here (not even an arrow held in a const): tsx would wrap it in a helper the
	// page does not have. Wall time, to compare with the documents' worker's clock.
	new MutationObserver(() => {
		if (!window.__bench.said && document.body?.textContent?.includes('已记入台账')) window.__bench.said = performance.timeOrigin + performance.now();
	}).observe(document, { childList: true, subtree: true, characterData: true });
	document.addEventListener('click', (e) => {
		if ((e.target as HTMLElement).closest('button')?.textContent?.includes('保存')) window.__bench.tap = performance.timeOrigin + performance.now();
	}, true);
}

/** In the documents' worker (a string: evaluated as it is, untouched by tsx), once per worker. */
const WORKER_INSTRUMENT = `(() => {
	if (self.__benchCommits) return;
	self.__benchCommits = [];
	const original = IDBDatabase.prototype.transaction;
	IDBDatabase.prototype.transaction = function (...args) {
		const tx = original.apply(this, args);
		if (args[1] === 'readwrite' && [args[0]].flat().includes('updates')) tx.addEventListener('complete', () => self.__benchCommits.push(performance.timeOrigin + performance.now()));
		return tx;
	};
})()`;

/** The page's documents' worker (src/lib/device/docs-client.ts makes it as the page loads its documents). */
async function docsWorker(page: Page): Promise<Worker> {
	for (let i = 0; i < 600; i++) {
		const worker = page.workers().find((w) => /docs\.worker/.test(w.url()));
		if (worker) return worker;
		await page.waitForTimeout(50);
	}
	throw new Error("the documents' worker did not start on the quick-entry form");
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

type Save = { committed: number; said: number };

async function measure(page: Page, throttle: number): Promise<Save[]> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
	const stationUrl = page.url();
	const times: Save[] = [];
	for (let i = 0; i < saves; i++) {
		await page.goto(`${stationUrl}/new`);
		await page.getByLabel('问题内容').fill(`测量 ×${throttle} ${i}`);
		await page.getByLabel('分类', { exact: true }).selectOption({ label: '基础设施' });
		const worker = await docsWorker(page);
		await worker.evaluate(WORKER_INSTRUMENT);
		await worker.evaluate('self.__benchCommits.length = 0');
		await page.evaluate(() => (window.__bench.said = 0));
		if (settle) await page.waitForTimeout(settle);
		await page.getByRole('button', { name: '保存并再记一条', exact: true }).click();
		let save: Save | null = null;
		for (let wait = 0; !save; wait++) {
			if (wait > 600) throw new Error(`save ${i} at CPU ×${throttle}: no commit in the documents' worker, or no 已记入台账, within 30 s`);
			const { tap, said } = await page.evaluate(() => window.__bench);
			const commits = (await worker.evaluate('self.__benchCommits')) as number[];
			const after = commits.find((c) => c >= tap);
			if (tap && said && after !== undefined) save = { committed: after - tap, said: said - tap };
			else await page.waitForTimeout(50);
		}
		times.push(save);
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
	console.log(`tap 保存并再记一条 → entry committed to IndexedDB, and → the app said saved (已记入台账); ${saves} saves each, ${settle} ms after the form loaded`);
	const line = (times: number[]) => {
		const sorted = [...times].sort((a, b) => a - b);
		return `median ${pct(sorted, 50).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms (min ${sorted[0].toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(1)})`;
	};
	for (const throttle of [1, 4]) {
		const times = await measure(page, throttle);
		console.log(`CPU ×${throttle}: committed ${line(times.map((t) => t.committed))}`);
		console.log(`CPU ×${throttle}: said saved ${line(times.map((t) => t.said))}`);
	}
} finally {
	await browser.close();
	const exited = new Promise((r) => server.once('exit', r));
	process.kill(-server.pid!, 'SIGTERM');
	await exited;
	rmSync(dataDir, { recursive: true, force: true });
}
