// The projection's reads in plain IndexedDB (projection-read.ts) against what Dexie writes
// (board-projection.ts): the same records, nothing made where there is no projection, and never in
// the way of Dexie's own upgrade or of an erase.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { projectedEntry, projectedStation } from './projection-fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { eraseProjection, reconcileRows, saveDigest, writeMonthVisits, writeRows } from './board-projection';
import { PROJECTION_DB, PROJECTION_DB_VERSION, readDigest, readMonthVisits, readRow, readRows, readTimeline } from './projection-read';

const { entries, head } = projectedStation(150);
const exists = async () => (await indexedDB.databases()).some((d) => d.name === PROJECTION_DB);

afterEach(async () => {
	await eraseProjection();
});

describe('the projection read in plain IndexedDB', () => {
	it('finds nothing where no projection is kept, and makes no database', async () => {
		expect(await readDigest('s1')).toBeNull();
		expect(await readRows('s1', { station: 's1', rowsAt: 1, total: 3 })).toBeNull();
		expect(await readTimeline('s1', 'e001')).toBeNull();
		expect(await readRow('s1', 'e001')).toBeNull();
		expect(await exists()).toBe(false);
		// Dexie then makes it with its schema, as if nothing had looked.
		await reconcileRows('s1', entries, head);
		expect((await readRows('s1', await readDigest('s1')))?.length).toBe(entries.length);
	});

	it('reads what Dexie wrote: the digest, the rows with the journal over them, a row, a timeline, the month’s visits', async () => {
		await reconcileRows('s1', entries, head);
		const edited = { ...projectedEntry(7), content: '改过', timeline: [{ at: 1, kind: 'created' }, { at: 2, kind: 'note' }] as never[] };
		await writeRows('s1', [edited, projectedEntry(500)], ['e010'], head);
		const digest = await readDigest('s1');
		expect(digest?.total).toBe(150);
		expect(digest?.head?.map((r) => r.id)).toEqual(['e000', 'e001', 'e002']);
		for (const offMain of [false, true]) {
			const rows = await readRows('s1', digest, offMain);
			const ids = rows!.map((r) => r.id);
			expect(ids).toHaveLength(150);
			expect(ids).toContain('e500');
			expect(ids).not.toContain('e010');
			expect(rows!.find((r) => r.id === 'e007')?.content).toBe('改过');
		}
		expect((await readRow('s1', 'e007'))?.content).toBe('改过');
		expect(await readRow('s1', 'e010')).toBeNull();
		expect((await readRow('s1', 'e020'))?.content).toBe('问题 20');
		expect(await readTimeline('s1', 'e007')).toHaveLength(2);
		await writeMonthVisits('s1', '2026-03', [{ id: 'v1', visitor: 'p1', date: '2026-03-02', household: '王', address: '1号楼', createdAt: 1 }]);
		expect(await readMonthVisits('s1', '2026-03')).toHaveLength(1);
		expect(await readMonthVisits('s1', '2026-04')).toBeNull();
		// Another station's records are not its.
		expect(await readDigest('s2')).toBeNull();
		expect(await readRow('s2', 'e007')).toBeNull();
	});

	it('is at the version the code says (a new Dexie version changes PROJECTION_DB_VERSION too)', async () => {
		await saveDigest('s1', { due: { today: '2026-03-01', reminders: [], fresh: 0 } });
		expect((await indexedDB.databases()).find((d) => d.name === PROJECTION_DB)?.version).toBe(PROJECTION_DB_VERSION * 10);
	});

	it('finds nothing in a projection of an older version, and lets Dexie upgrade it', async () => {
		// A device last run with the projection's first version (rows one record each).
		const old = new Dexie(PROJECTION_DB);
		old.version(1).stores({ rows: '[station+id], station', digests: 'station' });
		await old.table('digests').put({ station: 's1', rowsAt: 5, total: 1 });
		old.close();
		expect(await readRows('s1', await readDigest('s1'))).toBeNull();
		// Its connection, still open, gives way to the upgrade (which, if blocked, would never end).
		await saveDigest('s1', { due: { today: '2026-03-01', reminders: [], fresh: 0 } });
		expect(await readDigest('s1')).toMatchObject({ rowsAt: 0, due: { fresh: 0 } });
	});

	it('gives way to an erase, and reads nothing after it', async () => {
		await reconcileRows('s1', entries, head);
		expect(await readDigest('s1')).not.toBeNull();
		await eraseProjection();
		expect(await exists()).toBe(false);
		expect(await readDigest('s1')).toBeNull();
		expect(await readTimeline('s1', 'e001')).toBeNull();
	});
});
