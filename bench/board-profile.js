// BENCH_PROFILE=1 of the board benchmark (bench/board.js): CPU profiles, at the highest slow-down,
// of a cold load (to the list on screen, then the document's load to 1 s after it), the search
// keystrokes, opening the top entry from the list, adding a note, editing an entry, going back to
// the list and the visits page's cold load; each is written to bench/results/<name>.cpuprofile and
// summed up.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zh } from '$lib/i18n/zh';
import { median, summarizeProfile } from './board-report.js';
import { interact, newPage, searchKeystrokes } from './board-steps.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function profileCase(context, cpu, c, results) {
	const start = async (cdp) => {
		await cdp.send('Profiler.enable');
		await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
		await cdp.send('Profiler.start');
	};
	const stop = async (cdp, name) => {
		const { profile } = await cdp.send('Profiler.stop');
		writeFileSync(join(results, `${name}.cpuprofile`), JSON.stringify(profile));
		return profile;
	};
	const { page, cdp } = await newPage(context, cpu);
	await start(cdp);
	await page.goto(c.stationUrl, { waitUntil: 'commit' });
	const res = await page.evaluate(() => window.__bench.load);
	const loadProfile = await stop(cdp, 'board-load');
	// The document's load after the list has shown (where a big station's longest tasks were), to 1 s after it.
	await cdp.send('Profiler.start');
	const hydrated = await page.waitForFunction(() => performance.getEntriesByName('yx:hydrated', 'mark')[0]?.startTime, null, { timeout: 120_000, polling: 200 }).then((h) => h.jsonValue()).catch(() => null);
	await sleep(1000);
	const hydrateProfile = await stop(cdp, 'board-hydrate');
	await cdp.send('Profiler.start');
	const { search, clear } = await searchKeystrokes(page, c.searchKeys);
	const searchProfile = await stop(cdp, 'board-search');
	const typed = [...search, ...clear].filter((x) => x.ok).map((x) => x.toScreen);
	const profiles = {
		load: { toScreen: res.tPaint, ...summarizeProfile(loadProfile) },
		hydrate: { toScreen: hydrated ?? undefined, ...summarizeProfile(hydrateProfile) },
		search: { toScreen: median(typed), ...summarizeProfile(searchProfile) } };
	/** One interaction, profiled on its own. */
	const profiled = async (name, step) => {
		await cdp.send('Profiler.start');
		const out = await step();
		profiles[name] = { toScreen: out.toScreen, ...summarizeProfile(await stop(cdp, `board-${name}`)) };
	};
	await profiled('open', () => interact(page, 'entry', null, () => page.locator('[role=list] [role=listitem] a').first().click()));
	await page.getByRole('button', { name: zh['action.note'], exact: true }).click();
	const note = `基准测试剖析 ${Date.now()}`;
	await page.fill('#a-text', note);
	await profiled('note', () => interact(page, 'text', { sel: 'ol.timeline li', text: note }, () => page.locator('main form button[type=submit]').click()));
	await page.getByRole('button', { name: zh['entry.edit'], exact: true }).click();
	const content = `${c.topContent}（基准测试剖析 ${Date.now()}）`;
	await page.fill('#entry-content', content);
	await profiled('edit', () => interact(page, 'text', { sel: 'main p.content', text: content }, () => page.locator('main form button[type=submit]').click()));
	await profiled('back', () => interact(page, 'list', c.entries, () => page.locator('header a.back').click()));
	await page.close();
	if (c.hasVisitsRoute) {
		const { page: vpage, cdp: vcdp } = await newPage(context, cpu);
		await start(vcdp);
		await vpage.goto(`${c.stationUrl}/visits`, { waitUntil: 'commit' });
		const vres = await vpage.evaluate(() => window.__bench.load);
		profiles.visits = { toScreen: vres.tPaint, ...summarizeProfile(await stop(vcdp, 'visits-load')) };
		await vpage.close();
	}
	return profiles;
}
