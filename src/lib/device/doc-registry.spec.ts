// Leaving a screen waits for what was changed on it to be stored, and for nothing else.
import { afterEach, describe, expect, it } from 'vitest';
import { allStored, remote, storedNow, StoreError, WriteOnce, type RemoteDocHandle } from './doc-registry';

const settledWithin = async (p: Promise<unknown>, ms: number) => {
	let done = false;
	void p.then(() => (done = true));
	await new Promise((r) => setTimeout(r, ms));
	return done;
};

const handle = (name: string, over: Partial<RemoteDocHandle>): RemoteDocHandle => ({
	name,
	ready: Promise.resolve(),
	unsent: 0,
	storeState: 'ok',
	whenStored: () => Promise.resolve(),
	retry: () => Promise.resolve(),
	onChange: () => () => {},
	...over
});

afterEach(() => remote.clear());

describe('allStored', () => {
	it('does not wait for a document still loading: nothing is written into one before it has loaded', async () => {
		remote.set('board:loading', handle('board:loading', { ready: new Promise(() => {}), storeState: null }));
		expect(await settledWithin(allStored(), 50)).toBe(true);
	});

	it('waits for a loaded document until its changes are committed', async () => {
		let commit!: () => void;
		const committed = new Promise<void>((r) => (commit = r));
		remote.set('board:loaded', handle('board:loaded', { whenStored: () => committed }));
		const all = allStored();
		expect(await settledWithin(all, 50)).toBe(false);
		commit();
		expect(await settledWithin(all, 10)).toBe(true);
	});
});

describe('storedNow', () => {
	it('writes a failed document again before waiting for the ones asked about', async () => {
		const steps: string[] = [];
		remote.set('contacts:x', handle('contacts:x', { storeState: 'failed', retry: async () => void steps.push('retry contacts') }));
		remote.set('board:x', handle('board:x', { whenStored: async () => void steps.push('board stored') }));
		await storedNow(remote.get('board:x'), undefined);
		expect(steps).toEqual(['retry contacts', 'board stored']);
	});

	it('throws when a document could not be stored', async () => {
		remote.set('board:x', handle('board:x', { whenStored: () => Promise.reject(new StoreError('full')) }));
		await expect(storedNow(remote.get('board:x'))).rejects.toBeInstanceOf(StoreError);
	});
});

describe('WriteOnce', () => {
	it('after a failed store, the next run stores again without writing a second time', async () => {
		const once = new WriteOnce();
		let writes = 0;
		let storeFails = true;
		const write = async () => void writes++;
		const confirm = async () => {
			if (storeFails) throw new StoreError('refused');
		};
		expect(once.pending).toBe(false);
		await expect(once.run(write, confirm)).rejects.toBeInstanceOf(StoreError);
		expect(once.pending).toBe(true);
		storeFails = false;
		await once.run(write, confirm);
		expect(writes).toBe(1);
		expect(once.pending).toBe(false);
		// Stored: the next save is a new write.
		await once.run(write, confirm);
		expect(writes).toBe(2);
	});

	it('a write that fails is written again on the next run; forget starts afresh', async () => {
		const once = new WriteOnce();
		let writes = 0;
		await expect(once.run(async () => { writes++; throw new Error('worker gone'); }, async () => {})).rejects.toThrow();
		expect(once.pending).toBe(false);
		await once.run(async () => void writes++, async () => {});
		expect(writes).toBe(2);
		await expect(once.run(async () => void writes++, async () => { throw new StoreError('refused'); })).rejects.toThrow();
		once.forget();
		await once.run(async () => void writes++, async () => {});
		expect(writes).toBe(4);
	});
});
