// The ledger's list answered by the documents' worker (hosted-list.ts, issue 11): the page asks for
// the window of rows it shows and gets the rows in the order and with the filters asked, as
// queryLedger makes them of every entry, and after each change as the board is then.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { addEntry } from '$lib/documents/board';
import { entryOf, facts, newBoard, T0, TODAY } from '$lib/documents/board-test-kit';
import { emptyQuery, queryLedger, SORTS, toEntryRow, type LedgerQuery } from '$lib/domain/ledger-query';
import { OPS, type OpContext } from './doc-ops';
import { stampEvent } from '$lib/domain/ledger';
import { HostedDoc } from './hosted-doc';
import { HostedList } from './hosted-list';
import type { RowsAsk } from './ledger-rows';
import { storeOnDevice } from './stored-doc-kit';

const none: OpContext = { loaded: async () => null, stored: async () => {}, compact: async () => {} };
const ask = (over: Partial<LedgerQuery> = {}, from = 0, to = 50): RowsAsk => ({ query: { ...emptyQuery(), ...over }, today: TODAY, from, to });

/** A board of a few entries on the device, held as the worker holds it. */
async function hostBoard(station: string) {
	const board = newBoard();
	const ids = [
		addEntry(board, facts({ content: '路灯不亮', receivedOn: '2025-03-01', category: 'infrastructure' }), '李明', T0),
		addEntry(board, facts({ content: '楼道堆物', receivedOn: '2025-03-05', category: 'environment' }), '李明', T0 + 1),
		addEntry(board, facts({ content: '路灯闪烁', receivedOn: '2025-03-03', category: 'infrastructure' }), '李明', T0 + 2),
		addEntry(board, facts({ content: '井盖松动', receivedOn: '2025-03-05', category: 'infrastructure' }), '李明', T0 + 3)
	];
	await storeOnDevice(`board:${station}`, board);
	const hosted = new HostedDoc(`board:${station}`, () => {});
	const list = new HostedList(hosted);
	/** What queryLedger makes of the board's entries as the worker holds them now. */
	const expected = (q: LedgerQuery) => queryLedger([...ids, ...extra].map((id) => toEntryRow(entryOf(hosted.doc, id))), q, TODAY).map((r) => r.id);
	const extra: string[] = [];
	return { hosted, list, ids, extra, expected };
}

describe('the ledger list answered by the documents’ worker', () => {
	it('answers the window asked of the board’s rows, in the order and with the filters asked', async () => {
		const { hosted, list, expected } = await hostBoard('l1');
		for (const sort of SORTS) {
			const w = await list.answer(ask({ sort }));
			expect(w.rows.map((r) => r.id)).toEqual(expected({ ...emptyQuery(), sort }));
			expect([w.total, w.count, w.start]).toEqual([4, 4, 0]);
		}
		const search = await list.answer(ask({ text: '路灯' }));
		expect([search.count, search.rows.map((r) => r.content)]).toEqual([2, ['路灯闪烁', '路灯不亮']]);
		const kind = await list.answer(ask({ category: 'environment' }));
		expect(kind.rows.map((r) => r.content)).toEqual(['楼道堆物']);
		// A window further down the same matches.
		const part = await list.answer(ask({}, 1, 3));
		expect([part.start, part.count, part.rows.map((r) => r.id)]).toEqual([1, 4, expected(emptyQuery()).slice(1, 3)]);
		// Rows only: an entry's timeline stays in the worker.
		expect(part.rows[0]).not.toHaveProperty('timeline');
		await hosted.close();
	});

	it('answers with the board as it is after each change, for the query asked before it too', async () => {
		const { hosted, list, ids, extra, expected } = await hostBoard('l2');
		expect((await list.answer(ask({ sort: 'updated' }))).rows.map((r) => r.id)).toEqual(expected({ ...emptyQuery(), sort: 'updated' }));
		expect((await list.answer(ask({ text: '路灯' }))).count).toBe(2);
		// An edit: the same search finds the new words, and the entry moves to the top of the last updated.
		OPS.updateFacts(hosted.doc, none, ids[1], { content: '路灯下楼道堆物' });
		const found = await list.answer(ask({ text: '路灯' }));
		expect([found.count, found.rows.map((r) => r.id)]).toEqual([3, expected({ ...emptyQuery(), text: '路灯' })]);
		expect(found.rows.map((r) => r.content)).toContain('路灯下楼道堆物');
		OPS.pushEvent(hosted.doc, none, ids[0], stampEvent({ type: 'note', text: '已联系物业' }, '李明', T0 + 10_000));
		const updated = await list.answer(ask({ sort: 'updated' }));
		expect(updated.rows[0].id).toBe(ids[0]);
		expect(updated.rows.map((r) => r.id)).toEqual(expected({ ...emptyQuery(), sort: 'updated' }));
		// A new entry: counted, and in its place in every order.
		extra.push(OPS.addEntry(hosted.doc, none, facts({ content: '路灯杆倾斜', receivedOn: '2025-03-04' }), '李明', T0 + 20_000));
		for (const sort of SORTS) {
			const w = await list.answer(ask({ sort }));
			expect([w.total, w.rows.map((r) => r.id)]).toEqual([5, expected({ ...emptyQuery(), sort })]);
		}
		expect((await list.answer(ask({ text: '路灯' }))).rows.map((r) => r.id)).toEqual(expected({ ...emptyQuery(), text: '路灯' }));
		await hosted.close();
	});

	it('answers the categories the station records most, and the entries raised on a visit', async () => {
		const { hosted, list, ids } = await hostBoard('l3');
		expect(await list.frequent(['environment', 'infrastructure', 'other', 'safety'], 2)).toEqual(['infrastructure', 'environment']);
		expect(await list.raisedOn('v1')).toEqual([]);
		const raised = OPS.addEntry(hosted.doc, none, facts({ content: '楼上漏水', visitId: 'v1' }), '李明', T0 + 30_000);
		OPS.updateFacts(hosted.doc, none, ids[0], { visitId: 'v1' });
		const rows = await list.raisedOn('v1');
		expect(rows.map((r) => r.id)).toEqual([raised, ids[0]]);
		expect(rows[0]).not.toHaveProperty('timeline');
		await hosted.close();
	});
});
