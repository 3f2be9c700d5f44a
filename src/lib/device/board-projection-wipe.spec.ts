// A load's reconcile (board-projection.ts) that storage is cleared under: the browser cuts the
// projection's connection part-way, Dexie opens the database again, empty, and the reconcile goes
// on. What it read before the wipe is gone, so its last step must not claim rows it did not write:
// it writes them all again (the wipe spec in the browser met this as a flake, in CI).
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { projectedStation } from './projection-fixtures';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** At which of the reconcile's turns (yieldToOthers) the database is deleted; 0: never. */
let wipeAtTurn = 0;
let turns = 0;
vi.mock('$lib/perf', async (original) => ({
	...(await original<typeof import('$lib/perf')>()),
	yieldToOthers: async () => {
		turns++;
		// Another connection deleting the database: Dexie closes ours, and opens afresh at its next use.
		if (turns === wipeAtTurn) await Dexie.delete('yixian-projection');
		await new Promise((resolve) => setTimeout(resolve, 0));
	}
}));

const { reconcileRows } = await import('./board-projection');
const { readDigest, readRows, readTimeline } = await import('./projection-read');

const { entries, head } = projectedStation(200);

afterEach(async () => {
	wipeAtTurn = 0;
	turns = 0;
	await Dexie.delete('yixian-projection');
});

describe('a reconcile that storage is cleared under', () => {
	it('writes every row and timeline again before it claims them', async () => {
		// Nothing stored yet and every page is written: there is a second load's worth of pages to go through.
		await reconcileRows('s1', entries, head);
		expect((await readRows('s1', await readDigest('s1')))?.length).toBe(entries.length);
		// The second load finds every page as it should be and means to write nothing; storage is
		// cleared half-way through its reads.
		turns = 0;
		wipeAtTurn = 30;
		await reconcileRows('s1', entries, head);
		expect(turns).toBeGreaterThan(wipeAtTurn);
		// The load had every entry at hand: it wrote them all again, and claims them.
		const rows = await readRows('s1', await readDigest('s1'));
		expect(rows?.map((r) => r.id).sort()).toEqual(entries.map((e) => e.id));
		// Each entry opened before the document has loaded finds its timeline again.
		for (const e of entries) expect(await readTimeline('s1', e.id)).toHaveLength(1);
	});

	it('without a wipe, a second load writes nothing and the rows stay whole', async () => {
		await reconcileRows('s1', entries, head);
		await reconcileRows('s1', entries, head);
		expect((await readRows('s1', await readDigest('s1')))?.map((r) => r.id).sort()).toEqual(entries.map((e) => e.id));
	});
});
