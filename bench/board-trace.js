// BENCH_PROFILE=1 of the board benchmark, part two: a Chrome trace of one cold load of the ledger,
// at the highest slow-down, summed up as the main thread's time by kind of work (parsing HTML,
// compiling and evaluating modules, scripts, style, layout, paint, IndexedDB callbacks…) before each
// of the app's moments (yx:shell, yx:first-rows, yx:list-complete), and its longest tasks with what
// filled them. The CPU profile (board-profile.js) says which functions; this says which phases,
// including the browser's own work that a CPU profile files under "(program)".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { interact, newPage, searchKeystrokes } from './board-steps.js';

// BENCH_TRACE_EXTRA: more categories, comma-separated (e.g. `fonts,blink` to see what a layout does,
// `disabled-by-default-v8.cpu_profiler` for JS samples on the trace's own clock).
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing', 'loading', 'toplevel', ...(process.env.BENCH_TRACE_EXTRA?.split(',').filter(Boolean) ?? [])];
const MOMENTS = ['yx:shell', 'yx:first-rows', 'yx:list-complete'];

/**
 * Opens `url` cold at `cpu` under a Chrome trace, does `act(page)` once it has committed, and
 * traces on 300 ms after it; writes `name`.trace.json. Returns the events and what `act` returned.
 */
async function traced(context, cpu, url, results, name, act) {
	const { page } = await newPage(context, cpu);
	const browser = context.browser();
	await browser.startTracing(page, { categories: TRACE_CATEGORIES });
	await page.goto(url, { waitUntil: 'commit' });
	const result = await act(page);
	await new Promise((r) => setTimeout(r, 300));
	const events = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents;
	await page.close();
	writeFileSync(join(results, `${name}.trace.json`), JSON.stringify({ traceEvents: events }));
	return { events, result };
}

/**
 * Traces one cold load of `url` at `cpu`; writes the trace and returns its summary. `hydrated`: on
 * until the page's document has loaded (its yx:hydrated mark) and 1 s after, every long task listed.
 */
export async function traceLoad(context, cpu, url, results, name = 'board-load', { hydrated = false } = {}) {
	const { events } = await traced(context, cpu, url, results, name, async (page) => {
		const shown = await page.evaluate(() => window.__bench.load);
		if (hydrated) await page.waitForFunction(() => performance.getEntriesByName('yx:hydrated', 'mark').length > 0, null, { timeout: 120_000, polling: 200 }).then(() => new Promise((r) => setTimeout(r, 1000)), () => {});
		return shown;
	});
	return summarizeTrace(events, { hydrated });
}

/** The main thread's complete events of the page's renderer, nested (self times), from navigation start. */
function mainThread(events) {
	const mark = (n) => events.find((e) => e.name === n && e.ph !== 'M' && (e.cat ?? '').includes('user_timing'));
	const firstRows = mark('yx:first-rows');
	if (!firstRows) return null;
	const { pid } = firstRows;
	const names = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid);
	const main = names.find((e) => e.args?.name === 'CrRendererMain')?.tid;
	const nav = events.find((e) => e.pid === pid && e.name === 'navigationStart') ?? events.find((e) => e.pid === pid && e.name === 'fetchStart');
	const t0 = nav?.ts ?? Math.min(...events.filter((e) => e.pid === pid && e.tid === main && e.ts > 0).map((e) => e.ts));
	const at = Object.fromEntries(MOMENTS.map((m) => [m, mark(m) ? (mark(m).ts - t0) / 1000 : null]));
	// Complete events of the main thread, nested by time; each one's self time is its duration minus its children's.
	const spans = events
		.filter((e) => e.pid === pid && e.tid === main && e.ph === 'X' && typeof e.dur === 'number' && e.ts >= t0)
		.map((e) => ({ name: label(e), start: (e.ts - t0) / 1000, end: (e.ts + e.dur - t0) / 1000, self: e.dur / 1000, top: e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask' }))
		.sort((a, b) => a.start - b.start || b.end - a.end);
	const stack = [];
	for (const s of spans) {
		while (stack.length && stack.at(-1).end <= s.start) stack.pop();
		const parent = stack.at(-1);
		if (parent) s.top = false; // a task inside a task (RunTask in ThreadControllerImpl::RunTask): one task
		if (parent) {
			parent.self -= Math.min(s.end, parent.end) - s.start;
			s.task = parent.task ?? parent;
		}
		stack.push(s);
	}
	return { at, spans };
}

/** A top-level task's own events by self time, the `top` largest. */
function inside(spans, task, top = 3) {
	const sums = new Map();
	for (const s of spans) if (s.task === task) sums.set(s.name, (sums.get(s.name) ?? 0) + Math.max(0, s.self));
	return [...sums].sort((a, b) => b[1] - a[1]).slice(0, top);
}

/** The main thread's self time by event name, up to each moment, and the longest tasks. */
export function summarizeTrace(events, { hydrated = false } = {}) {
	const thread = mainThread(events);
	if (!thread) return null;
	const { at, spans } = thread;
	const byPhase = {};
	for (const m of MOMENTS) {
		const until = at[m];
		if (until == null) continue;
		const sums = new Map();
		for (const s of spans) if (!s.top && s.start < until) sums.set(s.name, (sums.get(s.name) ?? 0) + Math.max(0, s.self));
		byPhase[m] = [...sums].sort((a, b) => b[1] - a[1]).slice(0, 12);
	}
	const tasks = spans
		.filter((s) => s.top && s.end - s.start >= 30 && (hydrated || s.start < (at['yx:list-complete'] ?? Infinity)))
		.map((t) => ({ start: t.start, ms: t.end - t.start, what: inside(spans, t) }));
	return { at, byPhase, tasks, hydrated };
}

/**
 * Traces a tap on the ledger's top row the moment it shows, at `cpu`: the main thread's tasks from
 * the click (its event's timestamp) to the entry on screen, with what filled them.
 */
export async function traceTap(context, cpu, url, results) {
	const { events, result: shown } = await traced(context, cpu, url, results, 'board-tap', async (page) => {
		const first = await page.evaluate(() => window.__bench.firstRow);
		if (!first.ok) return { ok: false };
		await page.mouse.click(first.value.x, first.value.y);
		return page.evaluate(() => window.__bench.entry);
	});
	const thread = mainThread(events);
	if (!thread || !shown.ok || !shown.input) return null;
	const from = shown.input.t;
	const to = shown.tPaint;
	const tasks = thread.spans.filter((s) => s.top && s.end > from && s.start < to && s.end - s.start >= 4).map((t) => ({ start: t.start, ms: t.end - t.start, what: inside(thread.spans, t) }));
	return { from, to, tasks };
}

/**
 * Traces an entry opened from the loaded ledger at `cpu` (the report's "open top entry": a tap once
 * the app is there, the way a cadre opens entries all day): the main thread's tasks from the click
 * to the entry on screen, with what filled them, in the shape of traceTap's.
 */
export async function traceOpen(context, cpu, url, results) {
	const { events, shift, result: shown } = await tracedOnLoaded(context, cpu, url, results, 'board-open', 'yx:entry-code', (page) =>
		interact(page, 'entry', null, () => page.locator('[role=list] [role=listitem] a').first().click())
	);
	const thread = mainThread(events);
	if (!thread || !shown.ok) return null;
	const from = shown.at + shift(thread);
	const to = from + shown.toScreen;
	const tasks = thread.spans.filter((s) => s.top && s.end > from && s.start < to && s.end - s.start >= 4).map((t) => ({ start: t.start, ms: t.end - t.start, what: inside(thread.spans, t) }));
	return { from, to, tasks };
}

/**
 * Opens `url` cold at `cpu`, waits for its list, then its `settled` mark and 1 s more, and traces
 * `act(page)` (and 300 ms after it); writes `name`.trace.json. `shift(thread)`: from the page's
 * clock to the trace's (a mark made on both as tracing starts).
 */
async function tracedOnLoaded(context, cpu, url, results, name, settled, act) {
	const { page } = await newPage(context, cpu);
	await page.goto(url, { waitUntil: 'commit' });
	await page.evaluate(() => window.__bench.load);
	await page.waitForFunction((m) => performance.getEntriesByName(m, 'mark').length > 0, settled, { timeout: 120_000, polling: 200 }).catch(() => {});
	await new Promise((r) => setTimeout(r, 1000));
	const browser = context.browser();
	await browser.startTracing(page, { categories: TRACE_CATEGORIES });
	const marked = await page.evaluate(() => performance.mark('yx:first-rows').startTime);
	const result = await act(page);
	await new Promise((r) => setTimeout(r, 300));
	const events = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents;
	await page.close();
	writeFileSync(join(results, `${name}.trace.json`), JSON.stringify({ traceEvents: events }));
	return { events, result, shift: (thread) => thread.at['yx:first-rows'] - marked };
}

/** The tap's summary as lines for the console. */
export function tapLines(tap, cpu, what = 'tap on the top row') {
	if (!tap) return [`trace (${what}): the tap did not open the entry`];
	const f = (x) => x.toFixed(0);
	const lines = [`Chrome trace ×${cpu}, ${what}: click at ${f(tap.from)} ms, entry on screen at ${f(tap.to)} ms (${f(tap.to - tap.from)} ms); tasks ≥ 4 ms between:`];
	for (const t of tap.tasks) lines.push(`    at ${f(t.start).padStart(5)} ms, ${f(t.ms).padStart(4)} ms: ${t.what.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')}`);
	return lines;
}

/** An event's kind, with the script's file for the ones that run or compile one. */
function label(e) {
	const file = e.args?.data?.url ?? e.args?.fileName ?? e.args?.data?.fileName;
	const short = typeof file === 'string' && file ? file.replace(/^https?:\/\/[^/]+/, '').replace(/^\/_app\/immutable\//, '') : '';
	return short && /Compile|Evaluate|Module|FunctionCall/.test(e.name) ? `${e.name} (scripts)` : e.name;
}

/** The summary as lines for the console. */
export function traceLines(summary, cpu, page = 'ledger') {
	if (!summary) return [`trace (${page}): no yx:first-rows mark in the trace`];
	const f = (x) => (x == null ? '—' : x.toFixed(0));
	const lines = [`Chrome trace ×${cpu}, cold load of the ${page}: ${MOMENTS.map((m) => `${m} ${f(summary.at[m])} ms`).join(', ')}`];
	for (const [m, rows] of Object.entries(summary.byPhase)) {
		lines.push(`  main thread before ${m}, by kind:`);
		for (const [name, ms] of rows) lines.push(`    ${ms.toFixed(1).padStart(7)} ms  ${name}`);
	}
	lines.push(`  tasks ≥ 30 ms ${summary.hydrated ? 'to 1 s after the document has loaded' : 'before the list is complete'}:`);
	for (const t of summary.tasks) lines.push(`    at ${f(t.start).padStart(5)} ms, ${f(t.ms).padStart(4)} ms: ${t.what.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')}`);
	return lines;
}

/**
 * Traces the search keystrokes of the measured runs (`keys`, each typed then taken back) on a ledger
 * opened cold at `cpu` and loaded: the main thread's time by kind of work inside the keystrokes'
 * tasks (from each key's input to its count on screen), summed over all of them.
 */
export async function traceSearch(context, cpu, url, results, keys) {
	const { events, shift: toTrace, result } = await tracedOnLoaded(context, cpu, url, results, 'board-search', 'yx:hydrated', (page) => searchKeystrokes(page, keys));
	const { search, clear } = result;
	const thread = mainThread(events);
	if (!thread) return null;
	const shift = toTrace(thread);
	const spans = [...search, ...clear].filter((s) => s.ok);
	const sums = new Map();
	let total = 0;
	for (const s of spans) {
		const from = s.at + shift;
		const to = from + s.toScreen;
		for (const x of thread.spans)
			if (!x.top && x.start < to && x.end > from) {
				sums.set(x.name, (sums.get(x.name) ?? 0) + Math.max(0, x.self));
				total += Math.max(0, x.self);
			}
	}
	return { keystrokes: spans.length, total, byKind: [...sums].sort((a, b) => b[1] - a[1]).slice(0, 14) };
}

/** The search trace's summary as lines for the console. */
export function searchLines(summary, cpu) {
	if (!summary) return ['search trace: no mark in the trace'];
	const lines = [`Chrome trace ×${cpu}, search keystrokes (${summary.keystrokes}, typed and taken back): main thread ${(summary.total / summary.keystrokes).toFixed(1)} ms a keystroke, by kind (summed):`];
	for (const [name, ms] of summary.byKind) lines.push(`    ${ms.toFixed(1).padStart(7)} ms  ${name}`);
	return lines;
}
