// A single worker thread for the warm-up's derivations: the main thread only reads the stored
// bytes and stores the packed result (a few ms a station), so sign-ins, API calls and sync
// messages are not held up behind a board's replay. One station in flight at a time keeps the
// memory to one board's documents. The server runs under tsx, so the worker registers tsx itself
// (and the project's tsconfig, for the $lib paths) before loading its TypeScript module.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { deriveFromUpdates } from './derive-station';

export interface DeriveRequest {
	id: number;
	board: Uint8Array[];
	visits: Uint8Array[];
}
export type DeriveReply = { id: number; json: string } | { id: number; error: string };

/** Resolves with the station's PackedStation as JSON (the form it is stored in). */
export type Derive = (board: Uint8Array[], visits: Uint8Array[]) => Promise<string>;

export interface Deriver {
	derive: Derive;
	/** Ends the worker; derivations still in flight are rejected. */
	close(): void;
}

function bootCode(): string {
	const tsxApi = pathToFileURL(join(createRequire(import.meta.url).resolve('tsx/package.json'), '..', 'dist/esm/api/index.mjs')).href;
	const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
	const worker = new URL('./derive-worker.ts', import.meta.url).href;
	return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register({ tsconfig: ${JSON.stringify(tsconfig)} }); return import(${JSON.stringify(worker)}); });`;
}

export function startDeriver(log: Pick<Console, 'warn'> = console): Deriver {
	let worker: Worker | undefined;
	let broken = false;
	let closed = false;
	let nextId = 0;
	const pending = new Map<number, { resolve: (json: string) => void; reject: (e: Error) => void }>();
	const failAll = (error: Error) => {
		pending.forEach((p) => p.reject(error));
		pending.clear();
	};

	const start = (): Worker => {
		const w = new Worker(bootCode(), { eval: true });
		// Not kept alive by the worker: a server closing (or a test ending) is not held up by it.
		w.unref();
		w.on('message', (reply: DeriveReply) => {
			const p = pending.get(reply.id);
			pending.delete(reply.id);
			if (!p) return;
			if ('error' in reply) p.reject(new Error(reply.error));
			else p.resolve(reply.json);
		});
		w.on('error', (error) => {
			// The worker could not start or crashed: the rest is derived in-process (slower to
			// answer meanwhile, but the cache still fills).
			if (!closed) log.warn(`stats warm-up: worker failed, deriving in-process: ${error.message}`);
			broken = true;
			failAll(error);
		});
		w.on('exit', () => {
			worker = undefined;
			failAll(new Error('stats worker exited'));
		});
		return w;
	};

	return {
		derive(board, visits) {
			if (closed) return Promise.reject(new Error('stats worker closed'));
			if (broken) return Promise.resolve().then(() => JSON.stringify(deriveFromUpdates(board, visits)));
			worker ??= start();
			const id = nextId++;
			return new Promise<string>((resolve, reject) => {
				pending.set(id, { resolve, reject });
				worker!.postMessage({ id, board, visits } satisfies DeriveRequest);
			}).catch((error: Error) => {
				// Lost with a worker that failed: derived here instead, the station is not skipped.
				if (broken && !closed) return JSON.stringify(deriveFromUpdates(board, visits));
				throw error;
			});
		},
		close() {
			closed = true;
			failAll(new Error('stats worker closed'));
			void worker?.terminate();
			worker = undefined;
		}
	};
}
