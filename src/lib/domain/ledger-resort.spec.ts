// resortLedger (issue 11): the sorted ledger after a burst of edits, additions and removals, put
// back in place from the list before, is the list a whole sort of the entries now gives, in every
// order, over random bursts (few distinct days, times, tiers and deadlines: many near-ties).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resortLedger, SORTS, sortLedger, type LedgerRow } from './ledger-query';

const base: LedgerRow = {
	id: 'e0',
	content: '路灯不亮',
	place: '',
	responsible: '',
	category: 'infrastructure',
	receivedOn: '2026-03-01',
	createdAt: 0,
	updatedAt: 0,
	tier: 1,
	deadline: '',
	status: 'open',
	reopenCount: 0
};
const rowArb = fc.record({
	receivedOn: fc.constantFrom('2026-03-01', '2026-03-02', '2026-03-03'),
	createdAt: fc.integer({ min: 0, max: 4 }),
	updatedAt: fc.integer({ min: 0, max: 4 }),
	tier: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<LedgerRow['tier']>,
	deadline: fc.constantFrom('', '2026-04-01', '2026-04-02'),
	status: fc.constantFrom('open', 'solved', 'closed') as fc.Arbitrary<LedgerRow['status']>
});
// A change: an edit of entry `at` (an index into the ids), a new entry, or the removal of one.
const changeArb = fc.oneof(
	fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), row: rowArb }),
	fc.record({ kind: fc.constant('add' as const), row: rowArb }),
	fc.record({ kind: fc.constant('remove' as const), at: fc.nat() })
);

describe('resortLedger', () => {
	it('gives, after every burst of changes, the list a whole sort gives', () => {
		fc.assert(
			fc.property(fc.constantFrom(...SORTS), fc.array(rowArb, { maxLength: 40 }), fc.array(fc.array(changeArb, { maxLength: 6 }), { maxLength: 8 }), (sort, start, bursts) => {
				let next = 0;
				const live = new Map<string, LedgerRow>();
				const put = (row: Partial<LedgerRow>, id = `e${next++}`) => live.set(id, { ...base, ...row, id });
				for (const row of start) put(row);
				let sorted = sortLedger([...live.values()], sort);
				for (const burst of bursts) {
					// Each changed id with its row as it is in `sorted` (MirrorMap.changedBetween).
					const changed = new Map<string, LedgerRow | undefined>();
					const noting = (id: string) => changed.has(id) || changed.set(id, live.get(id));
					for (const c of burst) {
						const ids = [...live.keys()];
						if (c.kind === 'add') noting(`e${next}`), put(c.row);
						else if (!ids.length) continue;
						else if (c.kind === 'edit') noting(ids[c.at % ids.length]), put(c.row, ids[c.at % ids.length]);
						else {
							noting(ids[c.at % ids.length]);
							live.delete(ids[c.at % ids.length]);
						}
					}
					sorted = resortLedger(sorted, sort, changed, (id) => live.get(id));
					expect(sorted.map((r) => r.id)).toEqual(sortLedger([...live.values()], sort).map((r) => r.id));
				}
			}),
			{ numRuns: 300 }
		);
	});
});
