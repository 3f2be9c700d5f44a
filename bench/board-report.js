// The board benchmark's arithmetic and printing: medians, long-task figures, where a CPU
// profile's time went, and the side-by-side table (one column per CPU slow-down).

export const median = (xs) => {
	const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
	if (!v.length) return NaN;
	const m = v.length >> 1;
	return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

/** Longest task and total blocking time (the part of each task over 50 ms) in [from, to). */
export function blocking(longtasks, from, to) {
	let longest = 0;
	let tbt = 0;
	for (const { start, dur } of longtasks) {
		if (start < from || start >= to) continue;
		longest = Math.max(longest, dur);
		tbt += Math.max(0, dur - 50);
	}
	return { longest, tbt };
}

/**
 * The longest task begun in each phase of a load: to the first rows, to the list complete, while the
 * document loads (to yx:hydrated), and from then to `end`. A phase whose closing mark is missing is left out.
 */
export function phases(longtasks, marks, end) {
	const bounds = [
		['toFirstRows', marks['yx:first-rows']],
		['toComplete', marks['yx:list-complete']],
		['hydrating', marks['yx:hydrated']],
		['afterHydrated', end]
	];
	const out = {};
	let from = 0;
	for (const [name, to] of bounds) {
		if (to == null) continue;
		out[name] = blocking(longtasks, from, to).longest;
		from = to;
	}
	return out;
}

// ——— Where the main thread's time went, from a CDP CPU profile.
export function summarizeProfile(profile, top = 14) {
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

const fmt = (x, d) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '—');

/**
 * rows: [{ metric, target?, unit, d, values: { [cpu]: number[] }, at? }]. Each cell is the median, with
 * the spread of the runs when there are several.
 */
export function table(rows, cpus) {
	const cells = rows.map((r) => ({
		metric: r.metric,
		target: r.target == null ? '' : `≤ ${r.target} ${r.unit ?? 'ms'}`,
		cols: cpus.map((cpu) => {
			const v = (r.values[cpu] ?? []).filter((x) => typeof x === 'number' && Number.isFinite(x));
			if (!v.length) return '—';
			const m = median(v);
			const over = r.target != null && m > r.target ? ' !' : '';
			const spread = v.length > 1 ? ` (${fmt(Math.min(...v), r.d ?? 0)}–${fmt(Math.max(...v), r.d ?? 0)})` : '';
			return `${fmt(m, r.d ?? 0)}${spread}${over}`;
		})
	}));
	const head = { metric: 'metric', target: 'target', cols: cpus.map((c) => `CPU ×${c}`) };
	const wm = Math.max(head.metric.length, ...cells.map((c) => c.metric.length));
	const wt = Math.max(head.target.length, ...cells.map((c) => c.target.length));
	const wc = cpus.map((_, i) => Math.max(head.cols[i].length, ...cells.map((c) => c.cols[i].length)));
	const line = (c) => `${c.metric.padEnd(wm)}  ${c.target.padEnd(wt)}  ${c.cols.map((x, i) => x.padStart(wc[i])).join('  ')}`;
	return [line(head), '-'.repeat(line(head).length), ...cells.map(line)].join('\n');
}

/** The table's rows: each figure per CPU slow-down (`throttles`), against issue 11's `target`s. */
export function reportRows(main, large, throttles, target, peer = null) {
	const rows = [];
	const ok = (x) => (x && x.ok ? x.toScreen : NaN);
	const per = (res, f) => Object.fromEntries(throttles.map((cpu) => [cpu, res.byCpu[cpu].flatMap((r) => f(r))]));
	const add = (metric, target, f, res = main, extra = {}) => rows.push({ metric, target, values: per(res, f), ...extra });
	const n = main.entries;
	add(`app bar (station frame) painted`, target.shellMs, (r) => [r.load.shell]);
	add(`first ledger rows on screen`, target.firstRowsMs, (r) => [r.load.firstRow]);
	add(`cold load → list interactive (${n} / ${n})`, target.interactiveMs, (r) => [r.load.toScreen]);
	add(`  (a message posted from that frame: until step 17)`, null, (r) => [r.load.posted?.list]);
	for (const m of ['shell', 'first-rows', 'list-complete', 'hydrated', 'synced'])
		if (throttles.some((cpu) => main.byCpu[cpu].some((r) => r.load.appMarks[`yx:${m}`] != null))) add(`  mark yx:${m}`, null, (r) => [r.load.appMarks[`yx:${m}`]]);
	add(`document loaded (yx:hydrated, else interactive)`, null, (r) => [r.load.hydrated]);
	add(`longest main-thread task, load (to loaded + 1 s)`, target.taskMs, (r) => [r.load.longestTaskMs]);
	const phase = { toFirstRows: 'to the first rows', toComplete: 'to the list complete', hydrating: 'while the document loads', afterHydrated: 'after it (1 s)' };
	for (const [key, what] of Object.entries(phase)) add(`  of it: longest task ${what}`, null, (r) => [r.load.longestByPhase?.[key]]);
	add(`total blocking time, load (to loaded + 1 s)`, null, (r) => [r.load.tbtMs]);
	add(`tap top row as it shows → entry page`, target.tapMs, (r) => [ok(r.tap)]);
	add(`  of it: the frame that shows it, laid out`, null, (r) => [r.tap?.ok ? r.tap.toFrame : NaN]);
	add(`  of it: the click's Event Timing (to the next frame shown)`, null, (r) => [r.tap?.ok ? r.tap.eventTiming : NaN]);
	add(`  (a message posted from that frame: until step 17)`, null, (r) => [r.tap?.ok ? r.tap.posted : NaN]);
	add(`tap top row as it shows → the entry's text`, null, (r) => [ok(r.tapContent)]);
	add(`in-app open from station list → list`, target.interactiveMs, (r) => [ok(r.inAppOpen)]);
	add(`JS heap after GC, ledger shown`, target.heapMb, (r) => [r.heap.usedMb], main, { unit: 'MB', d: 1 });
	add(`search keystroke → count on screen`, target.editMs, (r) => r.search.map(ok), main, { d: 1 });
	add(`clear search → all rows on screen`, target.editMs, (r) => r.clear.map(ok), main, { d: 1 });
	add(`open top entry (list → entry page)`, target.tapMs, (r) => [ok(r.openEntry)], main, { d: 1 });
	add(`add note → on screen`, target.editMs, (r) => [r.addNote ?? []].flat().map(ok), main, { d: 1 });
	add(`edit content → on screen`, target.editMs, (r) => [r.editContent ?? []].flat().map(ok), main, { d: 1 });
	add(`back to list → edited row on screen`, null, (r) => [ok(r.backToList)]);
	add(`visits page: app bar painted`, target.shellMs, (r) => [r.visits?.shell]);
	add(`visits page cold load → shown`, target.interactiveMs, (r) => [r.visits?.toScreen]);
	add(`visits page: longest task`, target.taskMs, (r) => [r.visits?.longestTaskMs]);
	add(`visits page: visit log loaded (yx:hydrated)`, null, (r) => [r.visits?.logLoaded]);
	add(`visits page: longest task, to the log loaded + 1 s`, target.taskMs, (r) => [r.visits?.logLongestTaskMs]);
	add(`visits page: total blocking time, to the log loaded + 1 s`, null, (r) => [r.visits?.logTbtMs]);
	add(`JS heap after GC, visits shown (and the log loaded)`, target.heapMb, (r) => [r.visitsHeap?.usedMb], main, { unit: 'MB', d: 1 });
	if (large) {
		const L = large.entries;
		add(`${L} entries: first ledger rows`, target.firstRowsMs, (r) => [r.load.firstRow], large);
		add(`${L} entries: list interactive`, null, (r) => [r.load.toScreen], large);
		rows.push({
			metric: `${L} entries: interactive ÷ ${n}'s`,
			target: target.largeRatio,
			unit: '×',
			d: 2,
			values: Object.fromEntries(throttles.map((cpu) => [cpu, [median(large.byCpu[cpu].map((r) => r.load.toScreen)) / median(main.byCpu[cpu].map((r) => r.load.toScreen))]]))
		});
		add(`${L} entries: document loaded`, null, (r) => [r.load.hydrated], large);
		add(`${L} entries: longest task`, target.taskMs, (r) => [r.load.longestTaskMs], large);
		add(`${L} entries: total blocking time`, null, (r) => [r.load.tbtMs], large);
		add(`${L} entries: JS heap after GC`, target.heapMb, (r) => [r.heap.usedMb], large, { unit: 'MB', d: 1 });
		add(`${L} entries: search keystroke`, target.editMs, (r) => r.search.map(ok), large, { d: 1 });
	}
	if (peer) {
		const at = (f) => Object.fromEntries(throttles.map((cpu) => [cpu, peer.byCpu[cpu] ? [f(peer.byCpu[cpu])] : []]));
		const some = Object.values(peer.byCpu)[0];
		const what = some ? `${some.edits} edits, one per ${some.intervalMs} ms` : '';
		const d = peer.download;
		if (d) {
			// Taken once, at the highest slow-down (`at`): the other columns stay empty.
			const only = (v) => Object.fromEntries(throttles.map((cpu) => [cpu, cpu === d.cpu ? [v] : []]));
			rows.push({ metric: `team station downloaded (nothing on the device): tap → list`, target: null, values: only(d.toScreen), at: d.cpu });
			rows.push({ metric: `  its longest task, to synced + 1 s`, target: target.taskMs, values: only(d.longestTaskMs), at: d.cpu });
			rows.push({ metric: `  its total blocking time`, target: null, values: only(d.tbtMs), at: d.cpu });
		}
		rows.push({ metric: `team station (from the device) cold load → list interactive`, target: target.interactiveMs, values: at((p) => p.teamLoad.toScreen) });
		rows.push({ metric: `  its document loaded (yx:hydrated)`, target: null, values: at((p) => p.teamLoad.marks['yx:hydrated'] ?? NaN) });
		rows.push({ metric: `peer's edits stream in (${what}): longest task`, target: target.taskMs, values: at((p) => p.longestTaskMs) });
		rows.push({ metric: `  total blocking time, while they stream in`, target: null, values: at((p) => p.tbtMs) });
		rows.push({ metric: `  the peer's last entry → on the page's screen`, target: null, values: at((p) => (p.ok ? p.lastEditToScreenMs : NaN)) });
	}
	return rows;
}
