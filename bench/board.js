// Board benchmark: how the app holds up with a big station (5,000 ledger entries, 20,000 visits).
// It is not a test: it prints figures against targets and always exits 0 unless it broke.
//
//   npm run bench:board            (= svelte-kit sync && tsx bench/board.js)
//   BENCH_RUNS=5                   measured runs (each figure: median, and every run)
//   BENCH_CPU_THROTTLE=4           CDP CPU slow-down, to approximate a mid-range phone (default 1)
//   BENCH_PROFILE=1                extra profiled runs (ledger load, search keystrokes, back to list,
//                                  visits load); writes .cpuprofile files
//                                  to bench/results/ and prints where the main thread's time went
//   BENCH_TIMEOUT_S=900            hard limit for the whole run (build included)
//
// Method
// 1. Seed in Node with the app's own writers (bench/seed.ts → src/lib/documents/*.ts): a board
//    doc with 5,000 entries, each with a 3-event timeline (created; escalated to tier 2–4 with a
//    responsible person and deadline, or a tier-1 on-site note; then a note, solved or closed),
//    and a visit log with 20,000 visits (plus ties and help). Each doc is encoded once with
//    Y.encodeStateAsUpdate, i.e. as a compacted y-indexeddb store looks.
// 2. Build (vite build) only when build/ is missing or older than the sources, start the real
//    server (tsx server/main.ts) on a free loopback port, launch Debian's Chromium (headless).
// 3. Open "/" once so Dexie creates `yixian-device` and the service worker installs (later loads
//    are then served as the installed PWA serves them). Then, with raw IndexedDB on the app's
//    origin, write each update into y-indexeddb's layout (database `yixian:<doc name>`, version 1,
//    store 'updates' with autoIncrement keys holding Uint8Array updates, plus an empty 'custom'
//    store, as y-indexeddb 9's IndexeddbPersistence creates them) and put the station row
//    (and settings.userName) into Dexie's database (checked: IDB version 10 = Dexie version(1)).
// 4. Each run opens fresh tabs in the same browser context (the data stays in IndexedDB):
//    - Cold load: page.goto(/station/<id>). An init script watches the DOM with a
//      MutationObserver; "interactive" is when [data-testid=ledger-count] reads 5000 / 5000 and a
//      [role=listitem] row is in the list, taken at the first frame after that DOM change
//      (requestAnimationFrame, then a MessageChannel message, which runs after that frame is
//      produced). Times are performance.now() in the page, i.e. since navigation start. The init
//      script also marks when y-indexeddb's IndexedDB read of the doc finished, for a breakdown.
//    - JS heap: a GC via CDP HeapProfiler.collectGarbage, then Performance.getMetrics
//      (JSHeapUsedSize), 1 s after the list is up.
//    - Edit-to-screen, all through the UI, each measured from the input event's own timestamp
//      (beforeinput / click, read in the page in a capture listener) to the first frame after the
//      expected DOM change:
//        a. type one character into the ledger search box → the count changes (filter + sort of
//           5,000 entries and the list re-render); then Backspace → back to 5000 / 5000;
//        b. on the entry page of the top row: "add progress" note → Save → the note is in the
//           timeline (appendEvent: one Yjs transaction, LiveMap re-reads one entry);
//        c. "edit details" → new content → Save → the new content is shown;
//        d. back to the list → the top row shows the edited content (in-app navigation).
//    - In-app open: a second tab on "/" clicks the station → list interactive (no JS boot).
//    - Visits page (/station/<id>/visits), cold, when the route exists in the build.
// 5. A table with medians, each run and the targets; JSON with every figure in bench/results/.
// 6. Browser and server are stopped in every case; nothing is written outside bench/results/,
//    build/ and .svelte-kit/ (the last two only by vite build / svelte-kit sync).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { boardParts, readEntry } from '$lib/documents/board';
import { toIsoDate } from '$lib/domain/dates';
import { emptyQuery, queryLedger } from '$lib/domain/ledger-query';
import { zh } from '$lib/i18n/zh';
import { makeSeed } from './seed.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const CPU = Math.max(1, Number(process.env.BENCH_CPU_THROTTLE ?? 1));
const PROFILE = process.env.BENCH_PROFILE === '1';
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 900);
const ENTRIES = 5000;
const VISITS = 20000;
const TARGET = { loadMs: 1000, editMs: 50, heapMb: 150 };
const VIEWPORT = { width: 412, height: 915 }; // a common Android phone, CSS pixels
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const log = (...a) => console.log(...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
	const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
	if (!v.length) return NaN;
	const m = v.length >> 1;
	return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

// ——— Cleanup, whatever happens.
let server = null;
let browser = null;
async function cleanup() {
	if (browser) await browser.close().catch(() => {});
	browser = null;
	if (server && server.exitCode === null) {
		const exited = new Promise((r) => server.once('exit', r));
		server.kill('SIGTERM');
		await Promise.race([exited, sleep(6000)]);
		if (server.exitCode === null) server.kill('SIGKILL');
	}
	server = null;
}
const watchdog = setTimeout(async () => {
	console.error(`bench: over ${TIMEOUT_S} s, stopping`);
	await cleanup();
	process.exit(2);
}, TIMEOUT_S * 1000);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, async () => (await cleanup(), process.exit(130)));

// ——— Build when needed.
function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let newest = st.mtimeMs;
	for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
	return newest;
}

function buildIfStale() {
	const handler = join(ROOT, 'build', 'handler.js');
	const built = existsSync(handler) ? statSync(handler).mtimeMs : 0;
	const inputs = ['src', 'static', 'vite.config.ts', 'svelte.config.js', 'package.json'].map((p) => newestMtime(join(ROOT, p)));
	if (built && built >= Math.max(...inputs)) return { built: false, ms: 0 };
	log(built ? 'build/ is older than the sources: vite build …' : 'no build/: vite build …');
	const logFile = join(RESULTS, 'build.log');
	const fd = openSync(logFile, 'w');
	const t = performance.now();
	const res = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: ROOT, stdio: ['ignore', fd, fd], timeout: 600_000 });
	if (res.status !== 0) throw new Error(`vite build failed (exit ${res.status}); see ${logFile}`);
	return { built: true, ms: performance.now() - t };
}

async function freePort() {
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

async function startServer() {
	const port = await freePort();
	server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', YIXIAN_DATA_DIR: join(RESULTS, 'data') }, stdio: ['ignore', 'pipe', 'pipe'] });
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

// ——— Runs in every page before the app: marks, input timestamps and DOM-condition waiters.
function pageInstrumentation({ total }) {
	const B = (window.__bench = { marks: {}, lastInput: null, longtasks: [] });
	const mark = (k) => {
		if (!(k in B.marks)) B.marks[k] = performance.now();
	};
	try {
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) B.longtasks.push({ start: e.startTime, dur: e.duration });
		}).observe({ type: 'longtask', buffered: true });
	} catch {
		/* no longtask API */
	}
	for (const type of ['beforeinput', 'click']) window.addEventListener(type, (e) => (B.lastInput = { type, t: e.timeStamp }), true);
	// When y-indexeddb's read of each document's stored updates comes back (before it applies them).
	const getAll = IDBObjectStore.prototype.getAll;
	IDBObjectStore.prototype.getAll = function (...args) {
		const req = getAll.apply(this, args);
		if (this.name === 'updates') {
			const db = this.transaction.db.name;
			mark(`read:${db}`);
			req.addEventListener('success', () => {
				mark(`readDone:${db}`);
				setTimeout(() => mark(`readTaskEnd:${db}`)); // after the task that applied the updates
			});
		}
		return req;
	};
	const nums = (el) => (el?.textContent.match(/\d+/g) ?? []).map(Number);
	const firstRow = () => document.querySelector('[role=list] [role=listitem]');
	const checks = {
		list: (want) => {
			const [shown, all] = nums(document.querySelector('[data-testid=ledger-count]'));
			const row = firstRow();
			return shown === want && all === want && row && row.textContent.trim() !== '' && row.getBoundingClientRect().height > 0;
		},
		countChange: (prev) => {
			const el = document.querySelector('[data-testid=ledger-count]');
			return el && el.textContent !== prev ? el.textContent : false;
		},
		entry: () => document.querySelector('main p.content') && document.querySelector('ol.timeline li'),
		text: ({ sel, text }) => [...document.querySelectorAll(sel)].some((el) => el.textContent.includes(text)),
		listTop: ({ text, want }) => checks.list(want) && firstRow().textContent.includes(text),
		visits: () => {
			if (document.querySelector('[data-testid=visit-progress]') && (firstRow() || document.querySelector('main .empty'))) return 'shown';
			const h1 = document.querySelector('h1');
			return h1 && h1.textContent.trim() === '404' ? 'not-found' : false;
		}
	};
	/** Resolves at the first frame after checks[name](arg) holds, with page timestamps. */
	B.arm = (name, arg, timeout = 15_000) =>
		new Promise((resolve) => {
			const tArm = performance.now();
			let mo = null;
			let timer = 0;
			const done = (value) => {
				const tDom = performance.now();
				requestAnimationFrame(() => {
					const tRaf = performance.now();
					const ch = new MessageChannel();
					ch.port1.onmessage = () => resolve({ ok: true, value, tArm, tDom, tRaf, tPaint: performance.now(), input: B.lastInput });
					ch.port2.postMessage(null);
				});
			};
			const test = () => {
				let v = false;
				try {
					v = checks[name](arg);
				} catch {
					v = false;
				}
				if (!v) return false;
				mo?.disconnect();
				clearTimeout(timer);
				done(v);
				return true;
			};
			if (test()) return;
			mo = new MutationObserver(test);
			mo.observe(document, { subtree: true, childList: true, characterData: true });
			timer = setTimeout(() => (mo.disconnect(), resolve({ ok: false, tArm, timedOut: true })), timeout);
		});
	const path = location.pathname;
	if (/^\/station\/[^/]+\/?$/.test(path)) B.load = B.arm('list', total, 60_000);
	else if (/^\/station\/[^/]+\/visits\/?$/.test(path)) B.load = B.arm('visits', null, 60_000);
}

// ——— In the page: write the seeded docs in y-indexeddb's layout and the station row into Dexie's db.
async function writeSeedInPage({ stationId, board, visits, row, me }) {
	const bytes = (b64) => {
		const s = atob(b64);
		const u = new Uint8Array(s.length);
		for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
		return u;
	};
	const req = (r) => new Promise((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error))));
	const done = (tx) => new Promise((res, rej) => ((tx.oncomplete = res), (tx.onerror = tx.onabort = () => rej(tx.error))));
	const names = (await indexedDB.databases()).map((d) => d.name);
	for (const [name, b64] of [[`yixian:board:${stationId}`, board], [`yixian:visits:${stationId}`, visits]]) {
		if (names.includes(name)) throw new Error(`${name} exists already`);
		const open = indexedDB.open(name); // version 1, like lib0's idb.openDB
		open.onupgradeneeded = () => {
			open.result.createObjectStore('updates', { autoIncrement: true });
			open.result.createObjectStore('custom');
		};
		const db = await req(open);
		const tx = db.transaction(['updates'], 'readwrite');
		tx.objectStore('updates').add(bytes(b64));
		await done(tx);
		db.close();
	}
	if (!names.includes('yixian-device')) throw new Error('Dexie did not create yixian-device');
	const dev = await req(indexedDB.open('yixian-device'));
	const stores = [...dev.objectStoreNames];
	const layout = { version: dev.version, stores, stationsKeyPath: dev.transaction('stations').objectStore('stations').keyPath };
	if (dev.version !== 10 || !stores.includes('stations') || !stores.includes('settings') || layout.stationsKeyPath !== 'id') {
		dev.close();
		throw new Error(`unexpected yixian-device layout ${JSON.stringify(layout)}`);
	}
	const tx = dev.transaction(['stations', 'settings'], 'readwrite');
	tx.objectStore('stations').put(row);
	tx.objectStore('settings').put({ key: 'userName', value: me });
	await done(tx);
	dev.close();
	return layout;
}

// ——— One interaction: arm the waiter, act, read page timestamps back.
async function interact(page, check, arg, action, timeout = 15_000) {
	await page.evaluate(([c, a, t]) => void (window.__pending = window.__bench.arm(c, a, t)), [check, arg, timeout]);
	await action();
	const r = await page.evaluate(() => window.__pending);
	if (!r.ok) return { ok: false, timedOut: true };
	// The input event's own timestamp when it fired after arming; otherwise the arming time.
	const t0 = r.input && r.input.t >= r.tArm ? r.input.t : r.tArm;
	return { ok: true, value: r.value, from: r.input && r.input.t >= r.tArm ? r.input.type : 'arm', toDom: r.tDom - t0, toScreen: r.tPaint - t0 };
}

async function heapMb(cdp) {
	await cdp.send('HeapProfiler.collectGarbage');
	const { metrics } = await cdp.send('Performance.getMetrics');
	const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
	return { usedMb: m.JSHeapUsedSize / 2 ** 20, totalMb: m.JSHeapTotalSize / 2 ** 20, nodes: m.Nodes };
}

async function newPage(context) {
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('Performance.enable');
	if (CPU > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
	return { page, cdp };
}

function loadBreakdown(r, marks, nav, stationId) {
	const key = (k) => marks[`${k}:yixian:board:${stationId}`];
	return {
		toScreen: r.tPaint,
		toDom: r.tDom,
		responseEnd: nav?.responseEnd,
		domContentLoaded: nav?.domContentLoadedEventEnd,
		boardReadStart: key('read'),
		boardReadDone: key('readDone'),
		boardReadTaskEnd: key('readTaskEnd')
	};
}

// ——— Where the main thread's time went, from a CDP CPU profile.
function summarizeProfile(profile, top = 14) {
	const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map();
	const dt = profile.timeDeltas;
	for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0) / 1000);
	const byFn = new Map();
	const byUrl = new Map();
	for (const [id, ms] of self) {
		const cf = byNode.get(id).callFrame;
		const url = cf.url ? cf.url.replace(/^https?:\/\/[^/]+/, '') : `(${cf.functionName || 'program'})`;
		const fn = `${cf.functionName || '(anonymous)'} ${url}:${cf.lineNumber + 1}:${cf.columnNumber + 1}`;
		byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
		byUrl.set(url, (byUrl.get(url) ?? 0) + ms);
	}
	const sort = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
	return { byFunction: sort(byFn), byScript: sort(byUrl) };
}

async function main() {
	mkdirSync(RESULTS, { recursive: true });
	const started = Date.now();
	const loadBefore = loadavg()[0];

	// 1. Seed.
	let t = performance.now();
	const seed = makeSeed({ entries: ENTRIES, visits: VISITS });
	const seedMs = performance.now() - t;
	const stationId = seed.station.id;
	const today = toIsoDate(Date.now());
	const states = [...boardParts(seed.docs.board).entries.values()].map(readEntry);
	const sorted = queryLedger(states, emptyQuery(), today);
	// Search keys that narrow the list (so the count text changes on each keystroke).
	const searchKeys = ['电', '水', '楼', '噪', '路', '老']
		.map((ch) => ({ ch, n: queryLedger(states, { ...emptyQuery(), text: ch }, today).length }))
		.filter(({ n }) => n > 0 && n < ENTRIES);
	log(`seeded in ${seedMs.toFixed(0)} ms: ${seed.counts.entries} entries (${seed.counts.events} events; open ${seed.counts.open}, overdue ${seed.counts.overdue}; tiers ${JSON.stringify(seed.counts.tiers)}),`);
	log(`  ${seed.counts.visits} visits, ${seed.counts.ties} ties, ${seed.counts.help} help; board update ${(seed.board.length / 2 ** 20).toFixed(2)} MiB, visit log ${(seed.visits.length / 2 ** 20).toFixed(2)} MiB`);

	// 2. Build, server, browser.
	const build = buildIfStale();
	if (build.built) log(`built in ${(build.ms / 1000).toFixed(1)} s`);
	const base = await startServer();
	browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
	const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
	await context.addInitScript(pageInstrumentation, { total: ENTRIES });
	const routes = readdirSync(join(ROOT, 'build/client/_app/immutable/entry'))
		.filter((f) => /^app\..*\.js$/.test(f))
		.map((f) => readFileSync(join(ROOT, 'build/client/_app/immutable/entry', f), 'utf8'))
		.join('');
	const hasVisitsRoute = routes.includes('"/(app)/station/[id]/visits"');

	// 3. Let Dexie create its database and the service worker install, then write the seed.
	const setup = await context.newPage();
	await setup.goto(base + '/');
	const sw = await setup.evaluate(() =>
		Promise.race([navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : false, new Promise((r) => setTimeout(() => r(false), 15_000))])
	);
	await setup.waitForFunction(async () => (await indexedDB.databases()).some((d) => d.name === 'yixian-device'), null, { timeout: 15_000 });
	const b64 = (u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64');
	t = performance.now();
	const dexieLayout = await setup.evaluate(writeSeedInPage, { stationId, board: b64(seed.board), visits: b64(seed.visits), row: seed.station, me: seed.me });
	log(`wrote the seed into IndexedDB in ${(performance.now() - t).toFixed(0)} ms (yixian-device: version ${dexieLayout.version}, stores ${dexieLayout.stores.join(', ')}); service worker ${sw ? 'ready' : 'not ready'}`);
	await setup.close();

	const stationUrl = `${base}/station/${stationId}`;
	const runs = [];
	for (let run = 1; run <= RUNS; run++) {
		const r = { run };
		// Cold load of the ledger.
		{
			const { page, cdp } = await newPage(context);
			await page.goto(stationUrl, { waitUntil: 'commit' });
			const res = await page.evaluate(() => window.__bench.load);
			if (!res.ok) throw new Error(`run ${run}: the ledger list did not show 5000 / 5000 in 60 s`);
			const info = await page.evaluate(() => ({
				marks: window.__bench.marks,
				nav: performance.getEntriesByType('navigation')[0]?.toJSON(),
				controlled: !!navigator.serviceWorker?.controller,
				longtasks: window.__bench.longtasks
			}));
			r.load = loadBreakdown(res, info.marks, info.nav, stationId);
			r.load.controlledBySw = info.controlled;
			r.load.longestTaskMs = Math.max(0, ...info.longtasks.filter((x) => x.start < res.tPaint).map((x) => x.dur));
			await sleep(1000);
			r.heap = await heapMb(cdp);

			// a. Search keystrokes.
			await page.focus('#ledger-search');
			r.search = [];
			r.clear = [];
			for (const { ch } of searchKeys) {
				const prev = await page.textContent('[data-testid=ledger-count]');
				r.search.push(await interact(page, 'countChange', prev, () => page.keyboard.insertText(ch)));
				const now = await page.textContent('[data-testid=ledger-count]');
				r.clear.push(await interact(page, 'countChange', now, () => page.keyboard.press('Backspace')));
			}

			// b–d. Edit the top entry through its page, then go back to the list. A UI change that
			// breaks these steps is reported, and the other figures still come out.
			try {
				const topLink = page.locator('[role=list] [role=listitem] a').first();
				const topHref = await topLink.getAttribute('href');
				r.topIsExpected = topHref?.endsWith(`/entry/${sorted[0].id}`) ?? false;
				r.openEntry = await interact(page, 'entry', null, () => topLink.click());
				await page.getByRole('button', { name: zh['action.note'], exact: true }).click({ timeout: 10_000 });
				const note = `基准测试进展 第${run}次 ${Date.now()}`;
				await page.fill('#a-text', note, { timeout: 10_000 });
				r.addNote = await interact(page, 'text', { sel: 'ol.timeline li', text: note }, () => page.locator('main form button[type=submit]').click());
				await page.getByRole('button', { name: zh['entry.edit'], exact: true }).click({ timeout: 10_000 });
				const content = `${sorted[0].content}（基准测试修改 ${run}-${Date.now()}）`;
				await page.fill('#entry-content', content, { timeout: 10_000 });
				r.editContent = await interact(page, 'text', { sel: 'main p.content', text: content }, () => page.locator('main form button[type=submit]').click());
				r.backToList = await interact(page, 'listTop', { text: content, want: ENTRIES }, () => page.locator('header a.back').click());
			} catch (err) {
				r.editError = String(err.message ?? err).split('\n')[0];
				log(`run ${run}: editing through the entry page failed: ${r.editError}`);
			}
			await sleep(600); // let the summary timer (400 ms) and y-indexeddb writes settle before closing
			await page.close();
		}
		// In-app open from the station list (the JS is already booted).
		{
			const { page } = await newPage(context);
			await page.goto(base + '/');
			const link = page.locator(`a[href="/station/${stationId}"]`);
			await link.waitFor({ timeout: 15_000 });
			await sleep(300);
			r.inAppOpen = await interact(page, 'list', ENTRIES, () => link.click(), 60_000);
			await page.close();
		}
		// Visits page, cold.
		if (hasVisitsRoute) {
			const { page, cdp } = await newPage(context);
			await page.goto(`${stationUrl}/visits`, { waitUntil: 'commit' });
			const res = await page.evaluate(() => window.__bench.load);
			const marks = await page.evaluate(() => window.__bench.marks);
			const m = (k, doc) => marks[`${k}:yixian:${doc}:${stationId}`];
			r.visits = res.ok
				? { state: res.value, toScreen: res.tPaint, boardReadDone: m('readDone', 'board'), boardApplied: m('readTaskEnd', 'board'), visitsReadDone: m('readDone', 'visits'), visitsApplied: m('readTaskEnd', 'visits') }
				: { state: 'timeout' };
			if (res.ok && res.value === 'shown') {
				await sleep(1000);
				r.visitsHeap = await heapMb(cdp);
			}
			await page.close();
		}
		runs.push(r);
		log(
			`run ${run}: load ${r.load.toScreen.toFixed(0)} ms, heap ${r.heap.usedMb.toFixed(1)} MB, search ${median(r.search.map((x) => x.toScreen)).toFixed(1)} ms, ` +
				`note ${r.addNote?.toScreen?.toFixed(1)} ms, edit ${r.editContent?.toScreen?.toFixed(1)} ms, back ${r.backToList?.toScreen?.toFixed(0)} ms, ` +
				`in-app open ${r.inAppOpen.toScreen?.toFixed(0)} ms${r.visits ? `, visits ${r.visits.toScreen?.toFixed(0) ?? r.visits.state} ms` : ''}`
		);
	}

	// Optional: a profiled cold load and a profiled back-to-list.
	let profiles = null;
	if (PROFILE) {
		const { page, cdp } = await newPage(context);
		await cdp.send('Profiler.enable');
		await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
		await cdp.send('Profiler.start');
		await page.goto(stationUrl, { waitUntil: 'commit' });
		const res = await page.evaluate(() => window.__bench.load);
		const { profile: loadProfile } = await cdp.send('Profiler.stop');
		writeFileSync(join(RESULTS, 'board-load.cpuprofile'), JSON.stringify(loadProfile));
		await sleep(800);
		await page.focus('#ledger-search');
		await cdp.send('Profiler.start');
		const typed = [];
		for (const { ch } of searchKeys) {
			const prev = await page.textContent('[data-testid=ledger-count]');
			typed.push(await interact(page, 'countChange', prev, () => page.keyboard.insertText(ch)));
			const now = await page.textContent('[data-testid=ledger-count]');
			typed.push(await interact(page, 'countChange', now, () => page.keyboard.press('Backspace')));
		}
		const { profile: searchProfile } = await cdp.send('Profiler.stop');
		writeFileSync(join(RESULTS, 'board-search.cpuprofile'), JSON.stringify(searchProfile));
		const topLink = page.locator('[role=list] [role=listitem] a').first();
		await interact(page, 'entry', null, () => topLink.click());
		await cdp.send('Profiler.start');
		const back = await interact(page, 'list', ENTRIES, () => page.locator('header a.back').click());
		const { profile: backProfile } = await cdp.send('Profiler.stop');
		writeFileSync(join(RESULTS, 'board-back.cpuprofile'), JSON.stringify(backProfile));
		await page.close();
		profiles = {
			load: { toScreen: res.tPaint, ...summarizeProfile(loadProfile) },
			search: { toScreen: median(typed.filter((x) => x.ok).map((x) => x.toScreen)), ...summarizeProfile(searchProfile) },
			back: { toScreen: back.toScreen, ...summarizeProfile(backProfile) }
		};
		if (hasVisitsRoute) {
			const { page: vpage, cdp: vcdp } = await newPage(context);
			await vcdp.send('Profiler.enable');
			await vcdp.send('Profiler.setSamplingInterval', { interval: 200 });
			await vcdp.send('Profiler.start');
			await vpage.goto(`${stationUrl}/visits`, { waitUntil: 'commit' });
			const vres = await vpage.evaluate(() => window.__bench.load);
			const { profile: visitsProfile } = await vcdp.send('Profiler.stop');
			writeFileSync(join(RESULTS, 'visits-load.cpuprofile'), JSON.stringify(visitsProfile));
			await vpage.close();
			profiles.visits = { toScreen: vres.tPaint, ...summarizeProfile(visitsProfile) };
		}
	}

	const browserVersion = browser.version();
	await cleanup();

	// ——— Report.
	const col = (xs, d = 0) => xs.map((x) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '—')).join(' / ');
	const all = (f) => runs.flatMap((r) => f(r)).filter((x) => x && x.ok).map((x) => x.toScreen);
	const rows = [];
	const add = (metric, target, values, d, perRun = values, unit = 'ms') => {
		const m = median(values);
		const verdict = target == null ? '' : Number.isFinite(m) ? (m < target ? 'ok' : 'OVER') : '?';
		rows.push({ metric, target: target == null ? '—' : `< ${target} ${unit}`, median: Number.isFinite(m) ? `${m.toFixed(d)} ${unit}` : '—', verdict, runs: col(perRun, d) });
	};
	add('cold load → ledger list interactive', TARGET.loadMs, runs.map((r) => r.load.toScreen), 0);
	add('  of it: boot + board read from IndexedDB', null, runs.map((r) => r.load.boardReadDone), 0);
	add('  of it: Yjs apply + derive + render', null, runs.map((r) => r.load.toScreen - r.load.boardReadDone), 0);
	add('  longest main-thread task in load', null, runs.map((r) => r.load.longestTaskMs), 0);
	add('in-app open from station list → list', TARGET.loadMs, runs.map((r) => r.inAppOpen?.toScreen), 0);
	add('JS heap after GC, ledger shown', TARGET.heapMb, runs.map((r) => r.heap.usedMb), 1, undefined, 'MB');
	const s = all((r) => r.search);
	add(`search keystroke → count on screen (${searchKeys.length}/run)`, TARGET.editMs, s, 1, runs.map((r) => median(r.search.filter((x) => x.ok).map((x) => x.toScreen))));
	const c = all((r) => r.clear);
	add('clear search → 5000 rows on screen', TARGET.editMs, c, 1, runs.map((r) => median(r.clear.filter((x) => x.ok).map((x) => x.toScreen))));
	add('open top entry (list → entry page)', null, all((r) => [r.openEntry]), 1);
	add('add note (entry page) → on screen', TARGET.editMs, all((r) => [r.addNote]), 1);
	add('edit content (entry page) → on screen', TARGET.editMs, all((r) => [r.editContent]), 1);
	add('back to list → edited row on screen', null, all((r) => [r.backToList]), 0);
	if (hasVisitsRoute) {
		const shown = runs.filter((r) => r.visits?.state === 'shown');
		if (shown.length) {
			add('visits page cold load → shown', TARGET.loadMs, shown.map((r) => r.visits.toScreen), 0);
			add('JS heap after GC, visits shown', TARGET.heapMb, shown.map((r) => r.visitsHeap?.usedMb), 1, undefined, 'MB');
		} else rows.push({ metric: 'visits page', target: '—', median: runs[0]?.visits?.state ?? '—', verdict: '', runs: '' });
	} else rows.push({ metric: 'visits page', target: '—', median: 'no route in build', verdict: '', runs: '' });

	const w = (k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length));
	const head = { metric: 'metric', target: 'target', median: 'median', verdict: '', runs: 'each run' };
	const line = (r) => `${r.metric.padEnd(w('metric'))}  ${r.target.padEnd(w('target'))}  ${r.median.padStart(w('median'))}  ${r.verdict.padEnd(4)}  ${r.runs}`;
	log('');
	log(`Yixian board benchmark — ${ENTRIES} entries, ${VISITS} visits; ${RUNS} runs; Chromium ${browserVersion}, ${VIEWPORT.width}×${VIEWPORT.height}, CPU ×${CPU}`);
	log(`(service worker controlled the loads: ${runs.every((r) => r.load.controlledBySw) ? 'yes' : 'no'}; top row is the newest entry: ${runs.every((r) => r.topIsExpected) ? 'yes' : 'no'}; ` +
		`edit times measured from the input event's timestamp: ${runs.every((r) => [r.addNote, r.editContent, ...r.search].every((x) => !x || x.from !== 'arm')) ? 'yes' : 'partly'})`);
	const loadAfter = loadavg()[0];
	if (Math.max(loadBefore, loadAfter) > cpus().length / 2)
		log(`note: the machine was busy (1-min load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, ${cpus().length} cores): expect noise`);
	log(line(head));
	log('-'.repeat(line(head).length + 20));
	for (const r of rows) log(line(r));
	const failures = runs.flatMap((r) => ['addNote', 'editContent', 'backToList', 'openEntry', 'inAppOpen'].filter((k) => !r[k]?.ok).map((k) => `run ${r.run}: ${k} failed or timed out`));
	if (failures.length) log(`\n${failures.join('\n')}`);
	if (profiles) {
		for (const [name, p] of Object.entries(profiles)) {
			log(`\nCPU profile, ${name} (${p.toScreen?.toFixed(0)} ms to screen${name === 'search' ? ', median keystroke; profile covers all of them' : ''}): self time by script`);
			for (const [k, ms] of p.byScript.slice(0, 8)) log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
			log('  self time by function');
			for (const [k, ms] of p.byFunction) log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
		}
		log(`(profiles: bench/results/*.cpuprofile — open them in Chrome DevTools' Performance panel)`);
	}
	const file = join(RESULTS, `board-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
	writeFileSync(
		file,
		JSON.stringify({ at: new Date(started).toISOString(), loadavg: [loadBefore, loadavg()[0]], browser: browserVersion, cpuThrottle: CPU, viewport: VIEWPORT, seed: { ...seed.counts, boardBytes: seed.board.length, visitBytes: seed.visits.length, seedMs }, build, searchKeys, rows, runs, profiles }, null, 1)
	);
	log(`\nall figures: ${file.slice(ROOT.length + 1)}`);
}

try {
	await main();
} catch (err) {
	console.error(err);
	process.exitCode = 1;
} finally {
	clearTimeout(watchdog);
	await cleanup();
}
