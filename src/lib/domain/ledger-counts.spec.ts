import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOverdue } from './ledger';
import { LedgerCounts } from './ledger-counts';

type Row = { id: string; status: 'open' | 'solved' | 'closed'; deadline: string; tier: 1 | 2 | 3 | 4 };

/** The counts taken whole, as the station list showed them before (the reference). */
function whole(rows: Iterable<Row>, today: string) {
	let total = 0;
	let open = 0;
	let overdue = 0;
	const openTier4: string[] = [];
	for (const r of rows) {
		total++;
		if (r.status === 'open') open++;
		if (isOverdue(r, today)) overdue++;
		if (r.status === 'open' && r.tier === 4) openTier4.push(r.id);
	}
	return { total, open, overdue, openTier4: openTier4.sort() };
}

const id = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `e${i}`));
const day = fc.constantFrom('2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01');
const change = fc.record({
	id,
	gone: fc.boolean(),
	status: fc.constantFrom('open', 'solved', 'closed') as fc.Arbitrary<Row['status']>,
	deadline: fc.oneof(fc.constant(''), day),
	tier: fc.constantFrom(1, 4) as fc.Arbitrary<Row['tier']>
});
/** A burst of changes, counted on a day (the days go forward, now and then). */
const burst = fc.record({ changes: fc.array(change, { maxLength: 4 }), nextDay: fc.boolean() });

describe('the station’s first count of a day, in slices (issue 11: 50,000 entries in one task was a long task)', () => {
	it('counts as the whole count does, pausing between slices, and later changes count only themselves', async () => {
		const rows: Row[] = Array.from({ length: 50 }, (_, i) => ({ id: `e${i}`, status: i % 3 === 0 ? 'open' : 'solved', deadline: i % 5 === 0 ? '2026-11-01' : '', tier: i % 7 === 0 ? 4 : 1 }));
		const counts = new LedgerCounts();
		expect(counts.countsAll('2026-11-30')).toBe(true);
		let pauses = 0;
		await counts.countAll('2026-11-30', rows, () => Promise.resolve(pauses++), 10);
		expect(pauses).toBeGreaterThanOrEqual(4);
		expect(counts.countsAll('2026-11-30')).toBe(false);
		expect(counts.countsAll('2026-12-01')).toBe(true);
		const byId = new Map(rows.map((r) => [r.id, r]));
		expect(counts.count('2026-11-30', rows, [], (id) => byId.get(id))).toEqual(whole(rows, '2026-11-30'));
		byId.set('e1', { ...byId.get('e1')!, status: 'open', tier: 4 });
		expect(counts.count('2026-11-30', byId.values(), ['e1'], (id) => byId.get(id))).toEqual(whole(byId.values(), '2026-11-30'));
	});
});

describe('the station’s counts kept from burst to burst (issue 11)', () => {
	it('equal the counts taken whole after every burst of edits, additions and removals, across days', () => {
		fc.assert(
			fc.property(fc.array(burst, { minLength: 1, maxLength: 40 }), (bursts) => {
				const ledger = new Map<string, Row>();
				const counts = new LedgerCounts();
				const days = ['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'];
				let d = 0;
				expect(counts.count(days[d], ledger.values(), null, (k) => ledger.get(k))).toEqual(whole(ledger.values(), days[d]));
				for (const { changes, nextDay } of bursts) {
					for (const c of changes) {
						if (c.gone) ledger.delete(c.id);
						else ledger.set(c.id, { id: c.id, status: c.status, deadline: c.deadline, tier: c.tier });
					}
					if (nextDay && d < days.length - 1) d++;
					const ids = changes.map((c) => c.id);
					expect(counts.count(days[d], ledger.values(), ids, (k) => ledger.get(k))).toEqual(whole(ledger.values(), days[d]));
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('counts only the changed entries within a day', () => {
		const counts = new LedgerCounts();
		const rows: Row[] = [
			{ id: 'a', status: 'open', deadline: '2026-11-01', tier: 2 },
			{ id: 'b', status: 'open', deadline: '', tier: 4 }
		];
		expect(counts.count('2026-12-01', rows, null, () => undefined)).toEqual({ total: 2, open: 2, overdue: 1, openTier4: ['b'] });
		// `all` is not read within the day: only the changed entry is.
		expect(counts.count('2026-12-01', [], ['b'], () => ({ id: 'b', status: 'closed', deadline: '', tier: 4 }))).toEqual({ total: 2, open: 1, overdue: 1, openTier4: [] });
		// A new day reads them all again.
		expect(counts.count('2026-12-02', rows, [], () => undefined)).toEqual({ total: 2, open: 2, overdue: 1, openTier4: ['b'] });
	});

	it('gives the same tier-4 list while the same entries are in it: a view following it is not told of a change that is none', () => {
		const counts = new LedgerCounts();
		const b: Row = { id: 'b', status: 'open', deadline: '', tier: 4 };
		const first = counts.count('2026-12-01', [b], null, () => undefined).openTier4;
		// A note on the open tier-4 entry (a peer's, streaming in), then a new day.
		expect(counts.count('2026-12-01', [], ['b'], () => ({ ...b })).openTier4).toBe(first);
		expect(counts.count('2026-12-02', [b], [], () => undefined).openTier4).toBe(first);
		// Closed: a new list.
		expect(counts.count('2026-12-02', [], ['b'], () => ({ ...b, status: 'closed' })).openTier4).toEqual([]);
	});
});

describe('the open tier-4 entries the due card sends to the dispatch meeting', () => {
	it('leave out one the meeting has decided, and take it back once the resident sends it back to work', () => {
		const decided = { type: 'decided', decision: '区交通局牵头', department: '区交通局', meetingDate: '2026-11-25', at: 2, by: '一线办' } as const;
		const redo = { type: 'feedback', text: '只修了一半', satisfaction: 'dissatisfied', at: 3, by: '王干部' } as const;
		const entry = (id: string, timeline: readonly object[]) => ({ id, status: 'open' as const, deadline: '', tier: 4 as const, decision: timeline.length ? { ...decided } : null, timeline: timeline as never });
		const rows = [entry('new', []), entry('decided', [decided]), entry('sent-back', [decided, redo])];
		const counts = new LedgerCounts();
		expect(counts.count('2026-11-30', rows, null, () => undefined).openTier4).toEqual(['new', 'sent-back']);
	});
});
