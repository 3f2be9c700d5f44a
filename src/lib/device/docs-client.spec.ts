// The page's document handle (docs-client.ts RemoteDoc) and leaving a page: a navigation waits for
// the edits this page made to be committed (doc-registry.ts allStored), and asks the worker nothing
// when there are none. An op that changed nothing (a station's clean that found no residents' data,
// run once at every start) leaves nothing to commit, so the first tap after a start does not wait
// on the worker for it (bench/board-issue-11.md, forty-seventh step).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fullPart, type FromWorker, type ToWorker } from './docs-protocol';

type Posted = ToWorker & { seq?: number };

/** A stand-in for the documents' worker: records what the page posts; the test answers. */
class FakeWorker {
	static last: FakeWorker | null = null;
	posted: Posted[] = [];
	onmessage: ((event: { data: FromWorker }) => void) | null = null;
	onerror: unknown = null;
	constructor() {
		FakeWorker.last = this;
	}
	postMessage(message: Posted) {
		this.posted.push(message);
	}
	tell(message: FromWorker) {
		this.onmessage?.({ data: message });
	}
	asked(type: string): Posted[] {
		return this.posted.filter((m) => m.type === type);
	}
}

const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
	vi.resetModules();
	vi.stubGlobal('Worker', FakeWorker);
});
afterEach(() => vi.unstubAllGlobals());

/** A loaded board handle whose store is fine, and the worker behind it. */
async function loadedBoard() {
	const { RemoteDoc } = await import('./docs-client');
	const doc = new RemoteDoc('board:s1');
	const worker = FakeWorker.last!;
	worker.tell({ type: 'loaded', name: 'board:s1' } as FromWorker);
	worker.tell({ type: 'store', name: 'board:s1', unsent: 0, state: 'ok' } as FromWorker);
	await doc.ready;
	return { doc, worker };
}

/** Answers the last `run` the page asked, as the worker does (docs.worker.ts). */
function answerRun(worker: FakeWorker, value: unknown, changed: boolean) {
	const run = worker.asked('run').at(-1)!;
	worker.tell({ type: 'reply', seq: run.seq!, value: { value, changed } });
}

describe('leaving a page after an op', () => {
	it('asks the worker nothing when the op changed nothing, and gives the op its result', async () => {
		const { doc, worker } = await loadedBoard();
		const ran = doc.run('cleanPersonalData', null, true);
		await tick();
		answerRun(worker, 'none', false);
		expect(await ran).toBe('none');
		await doc.whenStored();
		expect(worker.asked('stored')).toHaveLength(0);
	});

	it('waits for the commit of an op that changed the document', async () => {
		const { doc, worker } = await loadedBoard();
		const ran = doc.run('cleanPersonalData', null, true);
		await tick();
		answerRun(worker, 'cleaned', true);
		expect(await ran).toBe('cleaned');
		let done = false;
		const leaving = doc.whenStored().then(() => (done = true));
		await tick();
		const stored = worker.asked('stored');
		expect(stored).toHaveLength(1);
		expect(done).toBe(false);
		worker.tell({ type: 'reply', seq: stored[0].seq! });
		await leaving;
		// Committed: the next look asks nothing.
		await doc.whenStored();
		expect(worker.asked('stored')).toHaveLength(1);
	});

	it('still waits for an earlier edit not known committed when a later op changed nothing', async () => {
		const { doc, worker } = await loadedBoard();
		doc.put('entries', { id: 'e1' });
		const ran = doc.run('cleanPersonalData', null, true);
		await tick();
		answerRun(worker, 'none', false);
		await ran;
		const leaving = doc.whenStored();
		await tick();
		expect(worker.asked('stored')).toHaveLength(1);
		worker.tell({ type: 'reply', seq: worker.asked('stored')[0].seq! });
		await leaving;
	});

	it('waits for an op still under way', async () => {
		const { doc, worker } = await loadedBoard();
		const ran = doc.run('cleanPersonalData', null, true);
		await tick();
		const leaving = doc.whenStored();
		await tick();
		expect(worker.asked('stored')).toHaveLength(1);
		answerRun(worker, 'none', false);
		worker.tell({ type: 'reply', seq: worker.asked('stored')[0].seq! });
		await Promise.all([ran, leaving]);
	});
});

describe('a key watched ahead of its page (watchAhead)', () => {
	/** The board's `records` message telling an entry's whole state, as the worker does for a new watch. */
	const tellWhole = (worker: FakeWorker, key: string, value: unknown) =>
		worker.tell({ type: 'records', name: 'board:s1', part: 'entries', put: [], deleted: [], initial: false, whole: { put: [[key, value]], deleted: [] } } as FromWorker);

	it('asks the worker for the key, and resolves once its whole value is here', async () => {
		const { doc, worker } = await loadedBoard();
		let done = false;
		const ahead = doc.watchAhead('entries', 'e1', 10_000, 60_000).then(() => (done = true));
		expect(worker.asked('watch').at(-1)).toMatchObject({ part: 'entries', keys: ['e1'] });
		await tick();
		expect(done).toBe(false);
		tellWhole(worker, 'e1', { id: 'e1', content: '路灯不亮' });
		await ahead;
		expect(doc.map(fullPart('entries')).get('e1')).toMatchObject({ content: '路灯不亮' });
	});

	it('does not wait longer than it was given (a busy worker): the page then shows what it has', async () => {
		vi.useFakeTimers();
		try {
			const { doc } = await loadedBoard();
			let done = false;
			void doc.watchAhead('entries', 'e1', 300, 60_000).then(() => (done = true));
			await vi.advanceTimersByTimeAsync(299);
			expect(done).toBe(false);
			await vi.advanceTimersByTimeAsync(1);
			expect(done).toBe(true);
		} finally {
			vi.useRealTimers();
		}
	});

	it('lets go of its watch after a while, and keeps the key while a view watches it too', async () => {
		vi.useFakeTimers();
		try {
			const { doc, worker } = await loadedBoard();
			void doc.watchAhead('entries', 'e1', 300, 5_000);
			tellWhole(worker, 'e1', { id: 'e1' });
			const stop = doc.watch('entries', 'e1'); // the page, mounted
			await vi.advanceTimersByTimeAsync(5_000);
			expect(worker.asked('watch').at(-1)).toMatchObject({ keys: ['e1'] });
			expect(doc.map(fullPart('entries')).get('e1')).toBeDefined();
			stop();
			expect(worker.asked('watch').at(-1)).toMatchObject({ keys: [] });
			// Never opened (a hover, a press that did not become a tap): let go all the same.
			void doc.watchAhead('entries', 'e2', 300, 5_000);
			expect(worker.asked('watch').at(-1)).toMatchObject({ keys: ['e2'] });
			await vi.advanceTimersByTimeAsync(5_000);
			expect(worker.asked('watch').at(-1)).toMatchObject({ keys: [] });
		} finally {
			vi.useRealTimers();
		}
	});
});
