// Warms the statistics cache in the background after a start, so the first district view is a
// lookup rather than a replay of every board (about 19 s for 100 stations × 2,000 entries).
// The replay itself runs in a worker thread (derive-pool.ts), one station at a time: applying one
// 2,000-entry board blocks for a few hundred ms, which on the main thread would hold up sign-ins,
// API calls and sync messages. The main thread only reads the stored bytes and stores the result.
import { startDeriver, type Derive } from './derive-pool';

export interface WarmUp {
	/** Resolves with the number of stations warmed (fewer when stopped). */
	done: Promise<number>;
	stop(): void;
}

/** What the warm-up needs of the cache (DerivedCache): `derive`, when given, replays elsewhere. */
export interface Warmable {
	warm(stationId: string, derive?: Derive): void | Promise<void>;
}

export interface WarmUpOptions {
	/** Replay in a worker thread (the default); false replays on the main thread, a station a turn. */
	worker?: boolean;
}

export function warmStatistics(stationIds: () => string[], derived: Warmable, log: Pick<Console, 'warn'> = console, options: WarmUpOptions = {}): WarmUp {
	let stopped = false;
	// Started with the first station, ended with the warm-up: no thread is kept for nothing.
	let deriver: ReturnType<typeof startDeriver> | undefined;
	const derive: Derive | undefined = options.worker === false ? undefined : (board, visits) => (deriver ??= startDeriver(log)).derive(board, visits);
	const done = new Promise<number>((resolve) => {
		let ids: string[] = [];
		let i = 0;
		const finish = () => {
			deriver?.close();
			resolve(i);
		};
		const failed = (error: unknown) => {
			// One unreadable station must not stop the others; its view derives it on demand.
			if (!stopped) log.warn(`stats warm-up: ${ids[i]}: ${(error as Error).message}`);
		};
		const next = () => {
			if (stopped || i >= ids.length) return finish();
			let pending: void | Promise<void> = undefined;
			try {
				pending = derive ? derived.warm(ids[i], derive) : derived.warm(ids[i]);
			} catch (error) {
				failed(error);
			}
			const advance = () => {
				i++;
				setImmediate(next);
			};
			if (!pending) return advance();
			pending.then(advance, (error) => {
				// Cut short by stop(): that station is not counted as warmed.
				if (stopped) return finish();
				failed(error);
				advance();
			});
		};
		// Started after the server's own start-up has run to the end.
		setImmediate(() => {
			if (!stopped) ids = stationIds();
			next();
		});
	});
	return {
		done,
		stop: () => {
			stopped = true;
			deriver?.close();
		}
	};
}
