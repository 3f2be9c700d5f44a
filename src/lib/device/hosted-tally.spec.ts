// The station's counts taken by the documents' worker (hosted-tally.ts, issue 11): on the day the
// page tells, told to the page as the board's value `tally`, taken again for what a change touched
// and all again on a new day (what is overdue depends on the date).
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { addEntry, appendEvent } from '$lib/documents/board';
import { facts, newBoard, T0, TODAY } from '$lib/documents/board-test-kit';
import { OPS, type OpContext } from './doc-ops';
import { stampEvent } from '$lib/domain/ledger';
import type { FromWorker } from './docs-protocol';
import { HostedDoc } from './hosted-doc';
import { HostedTally, type DatedTally } from './hosted-tally';
import { LedgerCounts } from '$lib/domain/ledger-counts';
import { storeOnDevice } from './stored-doc-kit';

const none: OpContext = { loaded: async () => null, stored: async () => {}, compact: async () => {} };

async function host(station: string) {
	const board = newBoard();
	const ids = [addEntry(board, facts({ content: '路灯不亮' }), '李明', T0), addEntry(board, facts({ content: '楼道堆物' }), '李明', T0 + 1)];
	// Referred to the street, due on the 12th.
	appendEvent(board, ids[0], { type: 'escalated', tier: 2, responsible: '王强', deadline: '2025-03-12', text: '转街道' }, '李明', T0 + 10);
	await storeOnDevice(`board:${station}`, board);
	const told: FromWorker[] = [];
	const post = (m: FromWorker) => told.push(m);
	const hosted = new HostedDoc(`board:${station}`, post);
	const tally = new HostedTally(hosted, post);
	const tallies = () => told.flatMap((m) => (m.type === 'value' && m.part === 'tally' ? [m.value as DatedTally] : []));
	return { hosted, tally, ids, tallies };
}

describe('the station’s counts taken by the documents’ worker', () => {
	it('counts on the day the page tells, and tells nothing before', async () => {
		const { hosted, tally, tallies } = await host('t1');
		await hosted.ready;
		await new Promise((r) => setTimeout(r, 10));
		expect(tallies()).toEqual([]);
		tally.count(TODAY);
		await expect.poll(() => tallies().length).toBe(1);
		expect(tallies()[0]).toEqual({ total: 2, open: 2, overdue: 0, openTier4: [], on: TODAY });
		await hosted.close();
	});

	it('counts again what a change touched, and all again on a new day', async () => {
		const { hosted, tally, ids, tallies } = await host('t2');
		tally.count(TODAY);
		await expect.poll(() => tallies().length).toBe(1);
		OPS.addEntry(hosted.doc, none, facts({ content: '井盖松动' }), '李明', T0 + 2);
		await expect.poll(() => tallies().at(-1)?.total).toBe(3);
		// A note changes no count: nothing told.
		const before = tallies().length;
		OPS.pushEvent(hosted.doc, none, ids[1], stampEvent({ type: 'note', text: '已联系物业' }, '李明', T0 + 3));
		await new Promise((r) => setTimeout(r, 10));
		expect(tallies()).toHaveLength(before);
		// Past its deadline the next day but one: overdue.
		tally.count('2025-03-13');
		await expect.poll(() => tallies().at(-1)).toEqual({ total: 3, open: 3, overdue: 1, openTier4: [], on: '2025-03-13' });
		await hosted.close();
	});

	it('takes the counts once for a burst of changes, not once a change', async () => {
		const { hosted, tally, tallies } = await host('t3');
		tally.count(TODAY);
		await expect.poll(() => tallies().length).toBe(1);
		const takings = vi.spyOn(LedgerCounts.prototype, 'count');
		try {
			for (let i = 0; i < 200; i++) OPS.addEntry(hosted.doc, none, facts({ content: `问题${i}` }), '李明', T0 + 10 + i);
			await expect.poll(() => tallies().at(-1)?.total).toBe(202);
			await new Promise((r) => setTimeout(r, 10));
			expect(takings.mock.calls.length).toBeLessThanOrEqual(2);
		} finally {
			takings.mockRestore();
			await hosted.close();
		}
	});
});
