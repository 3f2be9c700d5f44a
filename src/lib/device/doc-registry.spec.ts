// Leaving a screen waits for what was changed on it to be stored, and for nothing else.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { allStored, open } from './doc-registry';
import type { DocStore } from './doc-store';

const settledWithin = async (p: Promise<unknown>, ms: number) => {
	let done = false;
	void p.then(() => (done = true));
	await new Promise((r) => setTimeout(r, ms));
	return done;
};

afterEach(() => open.clear());

describe('allStored', () => {
	it('does not wait for a document still loading: nothing is written into one before it has loaded', async () => {
		const doc = new Y.Doc({ guid: 'board:loading' });
		open.set(doc.guid, { doc, db: null, ready: new Promise(() => {}), store: null });
		expect(await settledWithin(allStored(), 50)).toBe(true);
	});

	it('waits for a loaded document until its changes are committed', async () => {
		const doc = new Y.Doc({ guid: 'board:loaded' });
		let commit!: () => void;
		const committed = new Promise<void>((r) => (commit = r));
		const store = { whenStored: () => committed } as unknown as DocStore;
		open.set(doc.guid, { doc, db: null, ready: Promise.resolve(doc), store });
		const all = allStored();
		expect(await settledWithin(all, 50)).toBe(false);
		commit();
		expect(await settledWithin(all, 10)).toBe(true);
	});
});
