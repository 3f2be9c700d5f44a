// The page's side of ledger-rows.ts: a station's projected rows read and queried by a worker
// (ledger-rows.worker.ts), or on this thread where no worker can run or it fails to start.
import { plainAsk, readIndex, type RowsAsk, type RowsIndex, type RowsReply, type RowsRequest, type RowsWindow } from './ledger-rows';
import { rowsWorker } from './ledger-rows-start';

/** The rows of one station, read and queried by a worker, or on this thread where none can run. */
export class LedgerRows {
	#worker: Worker | null = null;
	#local: Promise<RowsIndex | null> | null = null;
	#seq = 0;
	#waiting = new Map<number, { ask: RowsAsk; resolve: (w: RowsWindow | null) => void }>();
	#closed = false;

	constructor(readonly station: string) {
		if (typeof Worker === 'undefined') {
			this.#onThread();
			return;
		}
		try {
			const worker = rowsWorker(station);
			worker.onmessage = (event: MessageEvent<RowsReply>) => {
				const reply = event.data;
				const waiting = this.#waiting.get(reply.seq);
				this.#waiting.delete(reply.seq);
				waiting?.resolve(reply.window);
			};
			// A worker that cannot start (its module not loaded, say): the rows are read here instead.
			worker.onerror = (event) => {
				event.preventDefault();
				this.#onThread();
			};
			this.#worker = worker;
		} catch {
			this.#onThread();
		}
	}

	#onThread(): void {
		this.#worker?.terminate();
		this.#worker = null;
		if (this.#closed) return;
		this.#local ??= readIndex(this.station).catch(() => null);
		// What the worker had not answered is answered here.
		const waiting = [...this.#waiting.values()];
		this.#waiting.clear();
		for (const { ask, resolve } of waiting) void this.#answerHere(ask).then(resolve);
	}

	async #answerHere(ask: RowsAsk): Promise<RowsWindow | null> {
		const index = await this.#local;
		return index && !this.#closed ? index.answer(ask) : null;
	}

	/** The window of matching rows asked for (null: no projection, or closed). Answers come in the order asked. */
	ask(ask: RowsAsk): Promise<RowsWindow | null> {
		if (this.#closed) return Promise.resolve(null);
		if (!this.#worker) return this.#answerHere(ask);
		const seq = ++this.#seq;
		const plain = plainAsk(ask);
		return new Promise((resolve) => {
			this.#waiting.set(seq, { ask: plain, resolve });
			this.#worker!.postMessage({ type: 'ask', seq, ...plain } satisfies RowsRequest);
		});
	}

	/** Lets the rows go (the board has loaded, or the page has gone); asks still waiting answer null. */
	close(): void {
		this.#closed = true;
		this.#worker?.terminate();
		this.#worker = null;
		this.#local = null;
		for (const { resolve } of this.#waiting.values()) resolve(null);
		this.#waiting.clear();
	}
}
