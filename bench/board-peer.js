// bench:board, part three: a peer's edits streaming in while the ledger is open (issue 11: "no
// main-thread task longer than 50 ms … while a peer's edits stream in"). Everything real: a team
// made on the bench's server with `npm run admin`; the board pushed to the relay by the peer (the
// stock y-websocket client in Node, signed in through the API); the page signed in through the UI,
// the station opened from its list (downloaded from the relay, as a new phone would: its long tasks
// read at the highest slow-down), then opened
// cold from the device. Once that load has synced and settled, the peer writes BENCH_PEER_EDITS
// changes, one every BENCH_PEER_INTERVAL_MS, through the app's own writers (notes on entries in
// view and elsewhere; every fourth a new entry), and the page's long tasks during the stream are
// read, with the time from the peer's last write (a new entry) to that entry on the page's screen.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { addEntry, appendEvent, boardParts, readEntry } from '$lib/documents/board';
import { blocking, summarizeProfile } from './board-report.js';
import { projectedRowCount } from './board-page.js';
import { newPage } from './board-steps.js';
import { TRACE_CATEGORIES } from './board-trace.js';
import { makeSeed } from './seed.ts';

const PASSWORD = 'Bench-peer-2026';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `npm run admin -- …args` on the bench server's data directory. */
function admin(root, dataDir, ...args) {
	return execFileSync(process.execPath, ['--import', 'tsx', 'server/admin.ts', ...args], { cwd: root, env: { ...process.env, YIXIAN_DATA_DIR: dataDir }, encoding: 'utf8', stdio: 'pipe' });
}

/** A station of `entries` entries on the server, with its cadre (the page) and assistant (the peer). */
function makeTeam(root, dataDir, stationId) {
	const tag = stationId.slice(-6);
	const street = `和平街道${tag}`;
	const cadre = { phone: `139${String(Date.now()).slice(-8)}` };
	const assistant = { phone: `138${String(Date.now() + 7).slice(-8)}` };
	admin(root, dataDir, 'street', 'add', '--name', street);
	admin(root, dataDir, 'station', 'add', '--name', `幸福里社区驻点${tag}`, '--street', street, '--id', stationId);
	for (const [who, role, name] of [[cadre, 'cadre', '驻点干部'], [assistant, 'assistant', '驻点助理员']]) {
		admin(root, dataDir, 'person', 'add', '--role', 'member', '--phone', who.phone, '--name', name, '--password', PASSWORD);
		admin(root, dataDir, 'team', 'add', '--station', stationId, '--phone', who.phone, '--role', role);
	}
	return { cadre, assistant, name: `幸福里社区驻点${tag}` };
}

async function signInApi(base, phone) {
	const post = () => fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password: PASSWORD }) });
	// Node's fetch may reuse a kept-alive connection the server has just closed (idle over its 5 s): once more then.
	const res = await post().catch(post);
	if (!res.ok) throw new Error(`peer sign-in: ${res.status} ${await res.text()}`);
	return (await res.json()).access;
}

/** The long tasks that started in [from, to), as [start after `from`, duration] in whole ms. */
const listed = (tasks, from, to) => tasks.filter((t) => t.start >= from && t.start < to).map((t) => [Math.round(t.start - from), Math.round(t.dur)]);

async function until(check, ms, what) {
	for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await check()) return;
	throw new Error(`peer stream: ${what} not within ${ms / 1000} s`);
}

/**
 * Measures a peer's edits streaming into an open ledger at each CPU slow-down; one stream each.
 * `context` is a fresh browser context with the bench's page instrumentation for `entries` rows.
 */
export async function peerStream({ root, dataDir, base, context, entries, cpus, edits, intervalMs, log, profileTo = null }) {
	const seed = makeSeed({ entries, visits: 40 });
	// A station of its own on the server (the seed's id is the same at every run; the data directory may be kept).
	const stationId = `peer${Date.now().toString(36)}`;
	const team = makeTeam(root, dataDir, stationId);
	const doc = seed.docs.board;
	const provider = new WebsocketProvider(base.replace(/^http/, 'ws') + '/sync', `board:${stationId}`, doc, {
		WebSocketPolyfill: WebSocket,
		disableBc: true,
		params: { token: await signInApi(base, team.assistant.phone) }
	});
	try {
		await until(() => provider.synced, 60_000, 'the peer synced with the relay');
		// The page signs in and opens the station from its list: the board comes from the relay, as to
		// a new phone (at the highest slow-down: its long tasks from the tap to a second after it synced).
		const cpu = Math.max(...cpus);
		const { page: setup } = await newPage(context, cpu);
		await setup.goto(`${base}/signin`);
		await setup.getByLabel('手机号').fill(team.cadre.phone);
		await setup.getByLabel('密码').fill(PASSWORD);
		await setup.getByRole('button', { name: '登录', exact: true }).click();
		await setup.waitForURL(`${base}/`);
		// BENCH_PROFILE: a Chrome trace of it (which tasks, and what filled each).
		if (profileTo) await context.browser().startTracing(setup, { categories: TRACE_CATEGORIES });
		const tapped = await setup.evaluate(() => performance.now());
		await setup.locator(`a[href="/station/${stationId}"]`).click();
		const first = await setup.evaluate((n) => window.__bench.arm('list', n, 120_000), entries);
		if (!first.ok) throw new Error(`peer stream: the downloaded ledger did not show ${entries} / ${entries}`);
		await setup.waitForFunction(() => performance.getEntriesByName('yx:synced').length > 0, null, { timeout: 120_000 });
		const synced = await setup.evaluate(() => performance.getEntriesByName('yx:synced')[0].startTime);
		await sleep(1000);
		if (profileTo) writeFileSync(join(profileTo, 'board-download.trace.json'), await context.browser().stopTracing());
		const downloadTasks = await setup.evaluate(() => window.__bench.longtasks);
		const d = blocking(downloadTasks, tapped, synced + 1000);
		const longTasks = listed(downloadTasks, tapped, synced + 1000);
		const download = { cpu, toScreen: first.tPaint - tapped, syncedMs: synced - tapped, longestTaskMs: d.longest, tbtMs: d.tbt, longTasks };
		log(`   ×${cpu} team station downloaded (nothing on the device): ${entries} rows on screen ${download.toScreen.toFixed(0)} ms after the tap, synced ${download.syncedMs.toFixed(0)} ms; longest task ${d.longest.toFixed(0)} ms, TBT ${d.tbt.toFixed(0)} ms; long tasks [start, ms]: ${JSON.stringify(longTasks)}`);
		// Opened again from the device: its projection of the list is written whole at that load (at the
		// first, the rows came from the relay after the board had started: they are in its journal).
		await sleep(2000);
		await setup.reload({ waitUntil: 'commit' });
		const again = await setup.evaluate((n) => window.__bench.arm('list', n, 120_000), entries);
		if (!again.ok) throw new Error(`peer stream: the ledger did not show ${entries} / ${entries} from the device`);
		let projected = -1;
		await until(async () => (projected = await setup.evaluate(projectedRowCount, stationId)) >= entries, 120_000, "the ledger's projection").catch((err) => {
			throw new Error(`${err.message} (${projected} rows of ${entries})`);
		});
		await sleep(2000); // y-indexeddb's writes
		await setup.close();

		const { entries: live } = boardParts(doc);
		const ids = [...live.keys()];
		// The peer's new entries go to the top of the list (newest received first): on the seed's
		// newest day and after its newest entry. The seed's entries of today run to the end of the
		// day, so an entry received now went below them until the evening, out of view.
		let newestDay = '';
		let newestAt = Date.now();
		for (const entry of live.values()) {
			const { receivedOn, createdAt } = readEntry(entry);
			if (receivedOn > newestDay) newestDay = receivedOn;
			if (createdAt > newestAt) newestAt = createdAt;
		}
		const newEntry = (content) => addEntry(doc, { content, place: '', category: 'other', receivedOn: newestDay, visitId: '' }, '驻点助理员', ++newestAt);
		const byCpu = {};
		for (const cpu of cpus) {
			const { page, cdp } = await newPage(context, cpu);
			// BENCH_PROFILE: a CPU profile of the team station's cold load at the highest slow-down, too.
			const profiling = profileTo && cpu === Math.max(...cpus);
			if (profiling) {
				await cdp.send('Profiler.enable');
				await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
				await cdp.send('Profiler.start');
			}
			await page.goto(`${base}/station/${stationId}`, { waitUntil: 'commit' });
			const load = await page.evaluate((n) => window.__bench.arm('list', n, 60_000), live.size);
			if (profiling) writeFileSync(join(profileTo, 'board-team-load.cpuprofile'), JSON.stringify((await cdp.send('Profiler.stop')).profile));
			if (!load.ok) throw new Error('peer stream: the ledger did not load from the device');
			await page.waitForFunction(() => performance.getEntriesByName('yx:synced').length > 0 && performance.getEntriesByName('yx:hydrated').length > 0, null, { timeout: 120_000 });
			// The team station's cold load itself (the other cases' station was made on the device).
			const teamLoad = { toScreen: load.tPaint, marks: await page.evaluate(() => window.__bench.appMarks()) };
			await sleep(1500);
			// The rows in view: half the notes go to them (the list shows the change), half anywhere.
			const inView = await page.evaluate(() => [...document.querySelectorAll('[role=list] [role=listitem] a')].map((a) => a.getAttribute('href')?.split('/').pop()));
			// BENCH_PROFILE: a CPU profile of the stream at the highest slow-down; BENCH_PEER_TRACE=1, a
			// Chrome trace of it instead (which tasks, and what filled each).
			const tracing = profiling && process.env.BENCH_PEER_TRACE === '1';
			if (tracing) await context.browser().startTracing(page, { categories: TRACE_CATEGORIES });
			else if (profiling) {
				await cdp.send('Profiler.enable');
				await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
				await cdp.send('Profiler.start');
			}
			const from = await page.evaluate(() => performance.now());
			const last = `对端新记录 ${cpu}-${Date.now()}`;
			const shown = page.evaluate((text) => window.__bench.arm('text', { sel: '[role=list] [role=listitem]', text }, 60_000), last);
			let wroteLast = 0;
			for (let i = 0; i < edits; i++) {
				const now = Date.now();
				if (i === edits - 1) {
					newEntry(last);
					wroteLast = now;
				} else if (i % 4 === 3) newEntry(`对端新记录 ${i}`);
				else {
					const id = i % 2 === 0 && inView.length ? inView[i % inView.length] : ids[(i * 7919) % ids.length];
					appendEvent(doc, id, { type: 'note', text: `对端进展 ${i}` }, '驻点助理员', now);
				}
				await sleep(intervalMs);
			}
			const seen = await shown;
			let profile = null;
			if (tracing) writeFileSync(join(profileTo, 'board-peer.trace.json'), await context.browser().stopTracing());
			else if (profiling) {
				({ profile } = await cdp.send('Profiler.stop'));
				writeFileSync(join(profileTo, 'board-peer.cpuprofile'), JSON.stringify(profile));
			}
			const [origin, tasks] = await page.evaluate(() => [performance.timeOrigin, window.__bench.longtasks]);
			const to = seen.ok ? seen.tPaint + 1000 : await page.evaluate(() => performance.now());
			await sleep(1000);
			const b = blocking(tasks, from, to);
			byCpu[cpu] = {
				ok: seen.ok,
				edits,
				intervalMs,
				longestTaskMs: b.longest,
				tbtMs: b.tbt,
				tasksOver50: tasks.filter((t) => t.start >= from && t.start < to && t.dur > 50).length,
				lastEditToScreenMs: seen.ok ? origin + seen.tPaint - wroteLast : NaN,
				teamLoad,
				longTasks: listed(tasks, from, to),
				...(profile ? { profile: summarizeProfile(profile) } : {})
			};
			log(`   ×${cpu} team station from the device: list interactive ${load.tPaint.toFixed(0)} ms, list complete ${(teamLoad.marks['yx:list-complete'] ?? NaN).toFixed(0)} ms, document loaded ${(teamLoad.marks['yx:hydrated'] ?? NaN).toFixed(0)} ms`);
			log(`   ×${cpu} peer stream: ${edits} edits every ${intervalMs} ms: longest task ${b.longest.toFixed(0)} ms, TBT ${b.tbt.toFixed(0)} ms, last edit → on screen ${byCpu[cpu].lastEditToScreenMs.toFixed(0)} ms; long tasks [start, ms]: ${JSON.stringify(byCpu[cpu].longTasks)}`);
			if (profile) {
				log(`   CPU profile ×${cpu} of the stream (bench/results/board-peer.cpuprofile): self time by function`);
				for (const [k, ms] of byCpu[cpu].profile.byFunction.slice(0, 14)) log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
			}
			await page.close();
		}
		return { entries, byCpu, download };
	} finally {
		provider.destroy();
		doc.destroy(); // its awareness's timer too
	}
}
