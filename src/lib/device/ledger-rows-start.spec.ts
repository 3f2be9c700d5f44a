// The ledger's rows worker made at a start at a ledger's address (ledger-rows-start.ts): the
// ledger's first read takes that one rather than making a second; any other read makes its own; one
// nobody took is let go when the start's navigation is over.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { endOfStart, ledgerStation, rowsWorker, startLedgerRows } from './ledger-rows-start';

class FakeWorker {
	static made: FakeWorker[] = [];
	posted: unknown[] = [];
	terminated = false;
	onerror: ((event: { preventDefault(): void }) => void) | null = null;
	constructor(readonly url: URL) {
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
		expect(FakeWorker.made[0].url.pathname).toMatch(/ledger-rows\.worker\.ts$/);
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
});
