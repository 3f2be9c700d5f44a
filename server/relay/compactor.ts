// Compaction of the update log, off the event loop and staggered across documents, for either
// storage back end (update-log.ts). A document's rows are read, merged in the worker (merger.ts),
// and swapped for their merge in one transaction that keeps the audit trail (update_history) and
// deletes only the rows that were merged: updates appended meanwhile stay. If the merged rows
// changed meanwhile (one taken back, another process compacted them), the swap does nothing.
import type { Merger } from './merger.js';

/** The rows of a document a compaction merges: every row up to `maxId`, `rows` of them. */
export interface MergeInput {
	maxId: number;
	rows: number;
	updates: Uint8Array[];
	/** received_at of the newest merged row: the merged row's. */
	receivedAt: number;
}

export interface CompactionSource {
	/** The document's stored rows, or null when there are fewer than two (nothing to merge). */
	mergeInput(docName: string): Promise<MergeInput | null>;
	/**
	 * In one transaction: if the document still has exactly `input.rows` rows up to `input.maxId`,
	 * keeps their history, deletes them and stores `merged`; answers whether it did.
	 */
	swap(docName: string, input: MergeInput, merged: Uint8Array): Promise<boolean>;
}

export const compactedSender = '(compacted)';

export class Compactor {
	readonly #queue = new Map<string, (error: Error) => void>();
	#running: Promise<void> | null = null;
	#closed = false;
	#idle: (() => void)[] = [];

	/** `gapMs`: pause between two documents' compactions, so many due together are spread out. */
	constructor(
		private readonly source: CompactionSource,
		private readonly merger: Merger,
		private readonly gapMs = 5
	) {}

	/** Merges a document's rows now (off the event loop); answers whether it swapped them. */
	async compact(docName: string): Promise<boolean> {
		const input = await this.source.mergeInput(docName);
		if (!input || this.#closed) return false;
		const merged = await this.merger.merge(input.updates);
		if (this.#closed) return false;
		return this.source.swap(docName, input, merged);
	}

	/** Queues a document; queued documents are compacted one at a time, `gapMs` apart. */
	schedule(docName: string, onError: (error: Error) => void): void {
		if (this.#closed) return;
		this.#queue.set(docName, onError);
		this.#running ??= this.#drain();
	}

	/** Resolves once nothing is queued or running. */
	idle(): Promise<void> {
		if (!this.#running) return Promise.resolve();
		return new Promise((resolve) => this.#idle.push(resolve));
	}

	/** Drops the queue and waits for the compaction under way. */
	async close(): Promise<void> {
		this.#closed = true;
		this.#queue.clear();
		await this.idle();
	}

	async #drain(): Promise<void> {
		await Promise.resolve(); // `#running` is set before anything here can finish
		let first = true;
		while (this.#queue.size > 0 && !this.#closed) {
			if (!first) await new Promise((resolve) => (this.gapMs > 0 ? setTimeout(resolve, this.gapMs) : setImmediate(resolve)));
			first = false;
			const next = this.#queue.entries().next();
			if (next.done) break;
			const [docName, onError] = next.value;
			this.#queue.delete(docName);
			try {
				await this.compact(docName);
			} catch (error) {
				if (!this.#closed) onError(error as Error);
			}
		}
		this.#running = null;
		this.#idle.splice(0).forEach((resolve) => resolve());
	}
}
