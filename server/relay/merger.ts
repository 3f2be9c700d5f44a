// Y.mergeUpdates in a worker thread: merging a document's few hundred stored updates takes
// milliseconds of CPU, which on the event loop would delay every other document's delivery.
// One worker per process (the merges are queued, never run together), started on first use and
// not keeping the process alive while idle.
import { Worker } from 'node:worker_threads';

interface Job {
	resolve: (merged: Uint8Array) => void;
	reject: (error: Error) => void;
}

export class Merger {
	#worker: Worker | null = null;
	#jobs = new Map<number, Job>();
	#nextId = 1;
	#closed = false;

	/** The merge of `updates` (Y.mergeUpdates), computed in the worker. */
	merge(updates: Uint8Array[]): Promise<Uint8Array> {
		if (this.#closed) return Promise.reject(new Error('merger closed'));
		const worker = this.#start();
		const id = this.#nextId++;
		// One buffer, moved rather than copied: a stored update is often a view of a larger pooled
		// buffer, which structured cloning would copy whole.
		const ends = new Uint32Array(updates.length);
		let size = 0;
		updates.forEach((u, i) => (ends[i] = size += u.byteLength));
		const packed = new Uint8Array(size);
		updates.forEach((u, i) => packed.set(u, i === 0 ? 0 : ends[i - 1]));
		return new Promise<Uint8Array>((resolve, reject) => {
			this.#jobs.set(id, { resolve, reject });
			if (this.#jobs.size === 1) worker.ref();
			worker.postMessage({ id, packed, ends }, [packed.buffer, ends.buffer]);
		});
	}

	async close(): Promise<void> {
		this.#closed = true;
		const worker = this.#worker;
		this.#worker = null;
		this.#fail(new Error('merger closed'));
		if (worker) await worker.terminate();
	}

	#start(): Worker {
		if (this.#worker) return this.#worker;
		const worker = new Worker(new URL('./merge-worker.mjs', import.meta.url));
		worker.unref();
		worker.on('message', ({ id, merged, error }: { id: number; merged?: Uint8Array; error?: string }) => {
			const job = this.#jobs.get(id);
			if (!job) return;
			this.#jobs.delete(id);
			if (this.#jobs.size === 0) worker.unref();
			if (error !== undefined) job.reject(new Error(`merging updates failed: ${error}`));
			else job.resolve(merged!);
		});
		// A crashed worker fails its jobs; the next merge starts a new one.
		const lost = (error: Error) => {
			if (this.#worker === worker) this.#worker = null;
			this.#fail(error);
		};
		worker.on('error', lost);
		worker.on('exit', (code) => lost(new Error(`merge worker exited with ${code}`)));
		this.#worker = worker;
		return worker;
	}

	#fail(error: Error): void {
		const jobs = [...this.#jobs.values()];
		this.#jobs.clear();
		for (const job of jobs) job.reject(error);
	}
}
