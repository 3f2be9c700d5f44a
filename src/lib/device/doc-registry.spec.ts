// Leaving a screen waits for what was changed on it to be stored, and for nothing else.
import { afterEach, describe, expect, it } from 'vitest';
import { allStored, remote, type RemoteDocHandle } from './doc-registry';

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
