// Warms the statistics cache in the background after a start, so the first district view is a
// lookup rather than a replay of every board (about 19 s for 100 stations × 2,000 entries).
// One station per event-loop turn: requests and sync messages are served in between.
import type { DerivedCache } from './derived-cache';

export interface WarmUp {
	/** Resolves with the number of stations warmed (fewer when stopped). */
	done: Promise<number>;
	stop(): void;
}

export function warmStatistics(stationIds: () => string[], derived: Pick<DerivedCache, 'warm'>, log: Pick<Console, 'warn'> = console): WarmUp {
	let stopped = false;
	const done = new Promise<number>((resolve) => {
		let ids: string[] = [];
		let i = 0;
		const next = () => {
			if (stopped || i >= ids.length) return resolve(i);
			try {
				derived.warm(ids[i]);
			} catch (error) {
				// One unreadable station must not stop the others; its view derives it on demand.
				log.warn(`stats warm-up: ${ids[i]}: ${(error as Error).message}`);
			}
			i++;
			setImmediate(next);
		};
		// Started after the server's own start-up has run to the end.
		setImmediate(() => {
			if (!stopped) ids = stationIds();
			next();
		});
	});
	return { done, stop: () => void (stopped = true) };
}
