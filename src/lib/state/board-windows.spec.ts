// The ledger's windows kept by query (issue 11): a search cleared shows the list it had before at
// once, without asking the documents' worker, but only while nothing has changed since.
import { describe, expect, it } from 'vitest';
import type { RowsWindow } from '$lib/device/ledger-rows';
import type { LedgerRow } from '$lib/domain/ledger-query';
import { BoardWindows, type WindowSource } from './board-windows';

const row = (id: string, content = `问题 ${id}`) => ({ id, content }) as LedgerRow;
const windowOf = (key: string, start: number, ids: string[], count = 5000): RowsWindow => ({ key, total: 5000, count, start, rows: ids.map((id) => row(id)) });

/** A board as far as the windows need it: a count of changes, its rows' mark, rows brought up to date. */
function board(): WindowSource & { changed: Map<string, LedgerRow>; changes: number; rowsMark: number } {
	const changed = new Map<string, LedgerRow>();
	return {
		changed,
		changes: 0,
		rowsMark: 0,
		asNow(rows, mark) {
			return mark === this.rowsMark ? rows.map((r) => changed.get(r.id) ?? r) : null;
		}
	};
}

describe('BoardWindows', () => {
	it("gives a query's window back exactly while the board has not changed and the rows asked are in it", () => {
		const b = board();
		const windows = new BoardWindows();
		const all = windowOf('all', 0, ['a', 'b', 'c'], 3);
		windows.keep(b, all, 0);
		windows.keep(b, windowOf('电', 0, ['b'], 1), 0);
		expect(windows.exact(b, 'all', 0, 3)).toBe(all);
		expect(windows.exact(b, 'all', 0, 40)).toBe(all); // past the end of the list: all of it is here
		expect(windows.exact(b, '水', 0, 3)).toBeNull();
		const far = windowOf('far', 100, ['x', 'y']);
		windows.keep(b, far, 0);
		expect(windows.exact(b, 'far', 100, 102)).toBe(far);
		expect(windows.exact(b, 'far', 99, 102)).toBeNull(); // a row above it
		expect(windows.exact(b, 'far', 100, 103)).toBeNull(); // a row below it
		b.changes = 1;
		expect(windows.exact(b, 'all', 0, 3)).toBeNull();
	});

	it('keeps the last few queries of a board, the oldest going first', () => {
		const b = board();
		const windows = new BoardWindows();
		for (const key of ['q1', 'q2', 'q3', 'q4', 'q5']) windows.keep(b, windowOf(key, 0, ['a'], 1), 0);
		expect(windows.exact(b, 'q1', 0, 1)).toBeNull();
		expect(windows.exact(b, 'q2', 0, 1)).not.toBeNull();
		expect(windows.exact(b, 'q5', 0, 1)).not.toBeNull();
		// Kept again, a query is the newest: q2 stays when q6 comes, q3 goes.
		windows.keep(b, windowOf('q2', 0, ['a'], 1), 0);
		windows.keep(b, windowOf('q6', 0, ['a'], 1), 0);
		expect(windows.exact(b, 'q2', 0, 1)).not.toBeNull();
		expect(windows.exact(b, 'q3', 0, 1)).toBeNull();
		expect(windows.exact(board(), 'q2', 0, 1)).toBeNull(); // another board's
	});

	it("gives the last window back with its rows as the board holds them now, none once they were dropped", () => {
		const b = board();
		const windows = new BoardWindows();
		windows.keep(b, windowOf('all', 0, ['a', 'b']), 0);
		b.changes = 1;
		b.changed.set('b', row('b', '已修好'));
		expect(windows.last(b, 'all')?.rows.map((r) => r.content)).toEqual(['问题 a', '已修好']);
		b.rowsMark = 1; // a change too big to be told row by row came since
		expect(windows.last(b, 'all')).toBeNull();
	});
});
