// What the ledger's rows worker (src/lib/device/ledger-rows.worker.ts) takes at this machine's own
// speed. Chromium's CPU throttling (Emulation.setCPUThrottlingRate) slows only a page's main
// thread: a worker refuses it ("only supported for pages"), so at CPU ×4 the worker still runs at
// full speed and the bench's ×4 figures do not include its slower start on a phone. A phone runs
// it on another core at its own speed: about ×N of this figure, overlapping the app's start.
// Measured in the station's page once it has loaded: a new worker from the build's own script,
// asked for the ledger's first window (default query) as the page asks, timed to the answer.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { emptyQuery } from '$lib/domain/ledger-query';
import { median } from './board-report.js';

/** The rows worker's script in the build, as the page loads it; null where the build has none. */
function workerScript(root) {
	const dir = join(root, 'build', 'client', '_app', 'immutable', 'workers');
	try {
		const file = readdirSync(dir).find((f) => /^ledger-rows\.worker-.*\.js$/.test(f));
		return file ? `/_app/immutable/workers/${file}` : null;
	} catch {
		return null;
	}
}

/**
 * Median of `rounds` starts of the rows worker (start, read of the station's rows, first answer) in
 * `page` (the station's ledger, loaded, not slowed), or null when the build has no such worker.
 */
export async function rowsWorkerMs(root, page, stationId, rounds = 3) {
	const script = workerScript(root);
	if (!script) return null;
	const times = [];
	for (let i = 0; i < rounds; i++) {
		const ms = await page.evaluate(
			({ script, stationId, query }) =>
				new Promise((resolve, reject) => {
					const t0 = performance.now();
					const worker = new Worker(script, { type: 'module' });
					worker.onmessage = (e) => {
						worker.terminate();
						if (!e.data?.window) reject(new Error('the rows worker found no projection'));
						else resolve(performance.now() - t0);
					};
					worker.onerror = (e) => reject(new Error(e.message || 'the rows worker failed'));
					worker.postMessage({ type: 'open', station: stationId });
					worker.postMessage({ type: 'ask', seq: 1, query, today: '2000-01-01', from: 0, to: 60 });
				}),
			{ script, stationId, query: emptyQuery() }
		);
		times.push(ms);
	}
	return median(times);
}
