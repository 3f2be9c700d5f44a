// Checkpoints of the relay's SQLite write-ahead log, in a worker thread. SQLite otherwise checkpoints
// inside the commit that grows the log past 1,000 pages: on the relay's event loop, copying pages into
// the database file and syncing it, 8–12 ms at a time, every second or two under load
// (bench:relay's soak). A PASSIVE checkpoint on another connection takes no write lock, so commits go
// on meanwhile; the log restarts from its beginning at the next commit after a complete one.
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints: the log then holds about this long's worth of commits. */
export const CHECKPOINT_EVERY_MS = 500;

export class WalCheckpointer {
	#worker: Worker | null;

	constructor(file: string, everyMs = CHECKPOINT_EVERY_MS) {
		this.#worker = new Worker(new URL('./wal-checkpoint-worker.mjs', import.meta.url), { workerData: { file, everyMs } });
		// Never what keeps the process alive; a worker that fails leaves SQLite's own checkpoints to the close.
		this.#worker.unref();
		this.#worker.on('error', (error) => console.warn(`relay: WAL checkpoint worker failed: ${error.message}`));
	}

	async close(): Promise<void> {
		const worker = this.#worker;
		this.#worker = null;
		if (worker) await worker.terminate();
	}
}
