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
 * rows: [{ metric, target?, unit, d, values: { [cpu]: number[] } }]. Each cell is the median, with
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
