// The projected rows queried off the main thread (ledger-rows.ts): each answer is the window of the
// very list the page would make of all the rows, and the page's side (ledger-rows-client.ts) reads
// them from the projection where no worker can run (here, Node).
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { reconcileRows } from './board-projection';
import { RowsIndex, ShownRows, queryKey } from './ledger-rows';
import { LedgerRows } from './ledger-rows-client';
import { emptyQuery, queryLedger, type LedgerQuery, type LedgerRow } from '$lib/domain/ledger-query';

const TODAY = '2026-03-20';
const row = (n: number): LedgerRow => ({
	id: `e${String(n).padStart(3, '0')}`,
	content: n % 3 === 0 ? `路灯不亮 ${n}` : `电梯停运 ${n}`,
	place: `${n % 7}号楼`,
	responsible: '',
	category: n % 2 ? '基础设施' : '环境卫生',
	receivedOn: `2026-03-${String(1 + (n % 19)).padStart(2, '0')}`,
	createdAt: n,
	updatedAt: 1000 - n,
	tier: ((n % 4) + 1) as LedgerRow['tier'],
	deadline: n % 5 ? '' : '2026-03-15',
	status: n % 6 ? 'open' : 'solved',
	reopenCount: 0
});
const rows = Array.from({ length: 300 }, (_, n) => row(n));
const q = (over: Partial<LedgerQuery> = {}): LedgerQuery => ({ ...emptyQuery(), ...over });
const ids = (list: readonly LedgerRow[]) => list.map((r) => r.id);

describe('a window of the projected rows', () => {
	const queries = [q(), q({ text: '路灯' }), q({ sort: 'deadline', overdueOnly: true }), q({ tier: 2, sort: 'tier' }), q({ category: '环境卫生', text: '3号楼', sort: 'updated' })];

	it('is the part of the list the page would make of all the rows, with how many match', () => {
		const index = new RowsIndex(rows);
		for (const query of queries) {
			const whole = queryLedger(rows, query, TODAY);
			const window = index.answer({ query, today: TODAY, from: 5, to: 25 });
			expect(window.total).toBe(rows.length);
			expect(window.count).toBe(whole.length);
			expect(window.start).toBe(Math.min(5, whole.length));
			expect(ids(window.rows)).toEqual(ids(whole.slice(5, 25)));
		}
	});

	it('at a start (the first rows, no filter), is the same rows taken without sorting them all', () => {
		for (const sort of ['received', 'deadline', 'tier', 'updated'] as const) {
			const query = q({ sort });
			const window = new RowsIndex(rows, true).answer({ query, today: TODAY, from: 0, to: 30 });
			expect(window.count).toBe(rows.length);
			expect(ids(window.rows)).toEqual(ids(queryLedger(rows, query, TODAY).slice(0, 30)));
		}
	});

	it('asked past the end, is empty at the end', () => {
		const window = new RowsIndex(rows).answer({ query: q({ text: '路灯' }), today: TODAY, from: 500, to: 540 });
		expect(window.count).toBe(100);
		expect(window.start).toBe(100);
		expect(window.rows).toEqual([]);
	});

	it('is keyed by what decides the matches, not by the window', () => {
		expect(queryKey(q({ text: ' 路灯 ' }), TODAY)).toBe(queryKey(q({ text: '路灯' }), TODAY));
		expect(queryKey(q({ text: '路灯' }), TODAY)).not.toBe(queryKey(q({ text: '电梯' }), TODAY));
		expect(queryKey(q({ sort: 'tier' }), TODAY)).not.toBe(queryKey(q(), TODAY));
		// The day matters only to what is overdue.
		expect(queryKey(q(), TODAY)).toBe(queryKey(q(), '2026-03-21'));
		expect(queryKey(q({ overdueOnly: true }), TODAY)).not.toBe(queryKey(q({ overdueOnly: true }), '2026-03-21'));
	});
});

describe('the page’s side, without a worker', () => {
	afterEach(() => Dexie.delete('yixian-projection'));

	it('reads the station’s projection and answers each ask; closed, it answers null', async () => {
		const entries = rows.map((r) => ({ ...r, timeline: [] }));
		await reconcileRows('s1', entries, { rows: rows.slice(0, 3), total: rows.length });
		const projected = new LedgerRows('s1');
		const query = q({ text: '路灯' });
		const window = await projected.ask({ query, today: TODAY, from: 0, to: 10 });
		expect(window?.count).toBe(100);
		expect(ids(window!.rows)).toEqual(ids(queryLedger(rows, query, TODAY).slice(0, 10)));
		projected.close();
		expect(await projected.ask({ query, today: TODAY, from: 0, to: 10 })).toBeNull();
	});

	it('answers null for a station with no projection', async () => {
		const projected = new LedgerRows('nowhere');
		expect(await projected.ask({ query: q(), today: TODAY, from: 0, to: 10 })).toBeNull();
		projected.close();
	});
});

describe('the rows of the windows shown', () => {
	it('gives a row alike in every field to one of the last window as that one, a changed one as it came', () => {
		const shown = new ShownRows();
		const first = shown.keep([row(1), row(2), row(3)]);
		// The next answer: new objects (copied from a worker), one of them changed, one new.
		const next = shown.keep([row(1), { ...row(2), content: '电梯已修好' }, row(4)]);
		expect(next[0]).toBe(first[0]);
		expect(next[1]).not.toBe(first[1]);
		expect(next[1].content).toBe('电梯已修好');
		expect(next[2]).toEqual(row(4));
		// Only the last window is kept: row 3, not in it, comes as it came.
		expect(shown.keep([row(3)])[0]).not.toBe(first[2]);
	});
});
