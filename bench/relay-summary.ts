// What one relay's run measured, from its load generators' results and its server's samples; and
// the figures of several rounds combined into one (bench/relay.ts).
import { relative } from 'node:path';
import type { Sample } from './relay-server.js';
import { CLIENTS, PROCS, RATE, ROOMS, ROOT, type Target } from './relay-settings.js';

function percentile(sorted: Float64Array, p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function summarize(target: Target, run: any) {
	const { results, stopped, phases } = run;
	const sum = (key: string) => results.reduce((a: number, r: any) => a + r[key], 0);
	const all = new Float64Array(results.reduce((a: number, r: any) => a + r.latencies.length, 0));
	let offset = 0;
	for (const r of results) {
		all.set(r.latencies, offset);
		offset += r.latencies.length;
	}
	all.sort();
	const windowSeconds = results[0].windowSeconds;
	const samples: Sample[] = stopped.samples;
	const inRange = (a: number, b: number) => samples.filter((s) => s.t >= a && s.t <= b);
	const atOrBefore = (t: number) => [...samples].reverse().find((s) => s.t <= t) ?? samples[0];
	const ws = phases['window-start'];
	const we = phases['window-end'];
	const during = inRange(phases['send-start'], run.loadEndedAt);
	const max = (xs: Sample[], k: keyof Sample) => Math.max(...xs.map((s) => s[k]));
	const mb = (b: number) => b / 2 ** 20;
	const deliveredInWindow = sum('deliveredInWindow');
	const sent = sum('sent');
	const delivered = sum('delivered');
	const expected = sum('expectedDeliveries');
	const roomSizes = Array.from({ length: ROOMS }, (_, r) => Math.floor(CLIENTS / ROOMS) + (r < CLIENTS % ROOMS ? 1 : 0));
	const offeredFanout = RATE * roomSizes.reduce((a, k) => a + k * (k - 1), 0);
	const win = stopped.windowStats ?? {};
	if (!win.loopDelaySamples) win.loopDelayP99Ms = win.loopDelayMaxMs = NaN; // the timer never fired: no figure
	// Every core's busy time over the window, to see what else ran on the machine meanwhile.
	const [start, end] = [run.machineCpu['window-start'], run.machineCpu['window-end']];
	const machinePercent = (key: 'busy' | 'iowait' | 'steal') => (start && end ? ((end[key] - start[key]) / (we - ws)) * 100 : NaN);
	const machineBusyPercent = machinePercent('busy');
	const loadgenCpu = results.reduce((a: number, r: any) => a + r.cpuPercent, 0);
	const bySecond = (key: string) => {
		const out: number[] = [];
		for (const r of results) r[key].forEach((x: number, i: number) => (out[i] = key.startsWith('p99') ? Math.max(out[i] ?? 0, x) : (out[i] ?? 0) + x));
		return out;
	};
	return {
		target,
		clients: CLIENTS,
		connected: run.connected,
		connectFailed: run.failed,
		connectSeconds: Math.max(...run.ready.map((r: any) => r.connectMs)) / 1000,
		sent,
		expectedDeliveries: expected,
		delivered,
		lost: sum('lost'),
		duplicates: sum('duplicates'),
		outOfOrderGaps: sum('gaps'),
		echoesToSender: sum('echoes'),
		unexpectedCloses: sum('unexpectedCloses'),
		closeReasons: results.map((r: any) => r.closeReasons),
		skippedSends: sum('skippedSends'),
		drainMs: Math.max(...results.map((r: any) => r.drainMs)),
		maxSendBacklog: Math.max(...results.map((r: any) => r.maxSendBacklog)),
		windowSeconds,
		offeredFanoutPerSecond: offeredFanout,
		deliveredPerSecond: deliveredInWindow / windowSeconds,
		latencyMs: {
			samples: all.length,
			mean: all.reduce((a, b) => a + b, 0) / all.length,
			p50: percentile(all, 0.5),
			p90: percentile(all, 0.9),
			p99: percentile(all, 0.99),
			p999: percentile(all, 0.999),
			max: all[all.length - 1]
		},
		deliveriesBySecond: bySecond('deliveriesBySecond'),
		p99BySecondMs: bySecond('p99BySecondMs'),
		p99By10sMs: bySecond('p99By10sMs'),
		server: {
			rssMBBaseline: mb(atOrBefore(run.startedAt).rss),
			rssMBConnectedIdle: mb(atOrBefore(run.idleAt).rss),
			heapMBConnectedIdle: mb(atOrBefore(run.idleAt).heapUsed),
			rssMBPeak: mb(max(during, 'rss')),
			heapUsedMBPeak: mb(max(during, 'heapUsed')),
			heapTotalMBPeak: mb(max(during, 'heapTotal')),
			externalMBPeak: mb(max(during, 'external')),
			rssMBEnd: mb(atOrBefore(run.loadEndedAt).rss),
			cpuPercentWindow: win.cpuPercent,
			validationMsWindow: win.validationMs,
			validationCpuShareWindow: win.validationCpuShare,
			eventLoopUtilizationWindow: win.eventLoopUtilization,
			loopDelayP99MsWindow: win.loopDelayP99Ms,
			loopDelayMaxMsWindow: win.loopDelayMaxMs,
			cpuMsPer1kDeliveries: (win.cpuPercent * 10 * win.wallMs) / 1000 / (deliveredInWindow / 1000),
			samplesInWindow: inRange(ws, we).length,
			warnings: stopped.warnCount,
			firstWarnings: stopped.warnings.slice(0, 5),
			closeMs: stopped.closeMs,
			profile: stopped.profile ? relative(ROOT, stopped.profile) : null
		},
		loadgen: { processes: PROCS, cpuPercent: loadgenCpu, ticks: results.map((r: any) => r.ticks) },
		machine: { busyPercentWindow: machineBusyPercent, iowaitPercentWindow: machinePercent('iowait'), stealPercentWindow: machinePercent('steal'), otherProcessesPercent: machineBusyPercent - loadgenCpu - win.cpuPercent },
		stored: run.stored
	};
}

// Several rounds of one relay combine into medians; the worst round for anything lost, duplicated or refused.
const worst: Record<string, (xs: number[]) => number> = {
	lost: (xs) => Math.max(...xs),
	duplicates: (xs) => Math.max(...xs),
	outOfOrderGaps: (xs) => Math.max(...xs),
	unexpectedCloses: (xs) => Math.max(...xs),
	connectFailed: (xs) => Math.max(...xs),
	connected: (xs) => Math.min(...xs)
};
const median = (xs: number[]) => {
	const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
	return v.length === 0 ? NaN : v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
/** One run's figures from its rounds' (each the shape summarize returns). */
export const combineRounds = (objs: any[]): any => {
	const first = objs[0];
	if (objs.length === 1 || first === null || typeof first !== 'object' || Array.isArray(first)) return first;
	const out: any = {};
	for (const key of Object.keys(first)) {
		const values = objs.map((o) => o?.[key]);
		if (typeof first[key] === 'number') out[key] = (worst[key] ?? median)(values);
		else out[key] = combineRounds(values);
	}
	return out;
};
