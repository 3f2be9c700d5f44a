// The ledger's rows worker made at a start at a ledger's address (ledger-rows-start.ts): the
// ledger's first read takes that one rather than making a second; any other read makes its own; one
// nobody took is let go when the start's navigation is over.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { endOfStart, ledgerStation, ROWS_WORKER_URL, rowsWorker, startLedgerRows } from './ledger-rows-start';

class FakeWorker {
	static made: FakeWorker[] = [];
	posted: unknown[] = [];
	terminated = false;
	onerror: ((event: { preventDefault(): void }) => void) | null = null;
	constructor(readonly url: string | URL) {
		FakeWorker.made.push(this);
	}
	postMessage(message: unknown) {
		this.posted.push(message);
	}
	terminate() {
		this.terminated = true;
	}
}

beforeEach(() => {
	FakeWorker.made = [];
	vi.stubGlobal('Worker', FakeWorker);
});
afterEach(() => {
	endOfStart();
	vi.unstubAllGlobals();
});

describe('the rows worker made at a start', () => {
	it('is made at a ledger\'s address only, asked to read its station', () => {
		for (const path of ['/', '/station/s1/visits', '/station/s1/entry/e1', '/office']) startLedgerRows(path);
		expect(FakeWorker.made).toHaveLength(0);
		startLedgerRows('/station/s%201');
		expect(FakeWorker.made).toHaveLength(1);
		expect(String(FakeWorker.made[0].url)).toMatch(/ledger-rows\.worker/);
		expect(FakeWorker.made[0].posted).toEqual([{ type: 'open', station: 's 1' }]);
		expect(ledgerStation('/station/s1/')).toBe('s1');
		expect(ledgerStation('/station/%E0%A4%A')).toBeNull();
	});

	it('is taken by the first read of that station, once: the next read makes its own', () => {
		startLedgerRows('/station/s1');
		const started = FakeWorker.made[0];
		expect(rowsWorker('s1')).toBe(started);
		expect(FakeWorker.made).toHaveLength(1);
		const next = rowsWorker('s1');
		expect(next).not.toBe(started);
		expect((next as unknown as FakeWorker).posted).toEqual([{ type: 'open', station: 's1' }]);
		endOfStart();
		expect(started.terminated).toBe(false);
	});

	it('is let go when another station is read first, or when the start is over untaken', () => {
		startLedgerRows('/station/s1');
		const started = FakeWorker.made[0];
		expect(rowsWorker('s2')).not.toBe(started);
		expect(started.terminated).toBe(true);
		startLedgerRows('/station/s3');
		endOfStart();
		expect(FakeWorker.made[2].terminated).toBe(true);
		// Nothing left for a later read to take.
		expect(rowsWorker('s3')).toBe(FakeWorker.made[3]);
	});

	it('is not handed on once it failed to start: the read makes its own', () => {
		startLedgerRows('/station/s1');
		const started = FakeWorker.made[0];
		let prevented = false;
		started.onerror?.({ preventDefault: () => (prevented = true) });
		expect(prevented).toBe(true);
		const worker = rowsWorker('s1');
		expect(worker).not.toBe(started);
		expect(started.terminated).toBe(true);
	});

	it('where no worker can be made, makes none and throws nothing at the start', () => {
		vi.stubGlobal('Worker', undefined);
		expect(() => startLedgerRows('/station/s1')).not.toThrow();
		vi.stubGlobal('Worker', function () {
			throw new Error('no workers here');
		});
		expect(() => startLedgerRows('/station/s1')).not.toThrow();
		expect(() => rowsWorker('s1')).toThrow();
	});

	it("takes over the worker the boot frame's script made for this station when it runs this build's script, else lets it go", () => {
		const w = globalThis as { __yxRowsWorker?: unknown };
		vi.stubGlobal('location', { href: 'http://yixian.test/station/s1' });
		const own = new URL(ROWS_WORKER_URL, 'http://yixian.test/station/s1').pathname;
		const early = new FakeWorker(own);
		w.__yxRowsWorker = { station: 's1', url: own, worker: early, failed: false };
		startLedgerRows('/station/s1');
		expect(w.__yxRowsWorker).toBeUndefined();
		expect(rowsWorker('s1')).toBe(early);
		expect(FakeWorker.made).toEqual([early]);
		// Another build's script, another station, or one that failed: let go, and one of the app's made.
		for (const other of [
			{ station: 's1', url: '/_app/immutable/workers/ledger-rows.worker-0ld.js' },
			{ station: 's2', url: own },
			{ station: 's1', url: own, failed: true }
		]) {
			FakeWorker.made = [];
			const stale = new FakeWorker(other.url);
			w.__yxRowsWorker = { failed: false, ...other, worker: stale };
			startLedgerRows('/station/s1');
			expect(stale.terminated).toBe(true);
			expect(FakeWorker.made).toHaveLength(2);
			expect(rowsWorker('s1')).toBe(FakeWorker.made[1]);
		}
	});

	it("lets the frame's worker go at the end of a start that never took it (the app went elsewhere)", () => {
		const w = globalThis as { __yxRowsWorker?: unknown };
		const early = new FakeWorker('/x.js');
		w.__yxRowsWorker = { station: 's1', url: '/x.js', worker: early, failed: false };
		endOfStart();
		expect(early.terminated).toBe(true);
		expect(w.__yxRowsWorker).toBeUndefined();
	});
});
