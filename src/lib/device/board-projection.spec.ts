// The journal's notes over the projection's pages (board-projection.ts): what the ledger paints
// before the document has loaded is the pages as the last edits left them.
import { describe, expect, it } from 'vitest';
import type { JournalNote, ProjectedRow } from './board-projection';
import { overlay } from './projection-read';

const row = (id: string, content = id) => ({ id, content, events: 1 }) as ProjectedRow;
const note = (id: string, r?: ProjectedRow): JournalNote => ({ station: 's1', id, at: 1, ...(r ? { row: r } : {}) });

describe('the journal over the pages', () => {
	it('replaces a noted row in place, removes a deleted one, adds a new one, and keeps the rest', () => {
		const pages = [row('a'), row('b'), row('c'), row('d')];
		const out = overlay(pages, [note('b', row('b', 'b 已改')), note('c'), note('e', row('e', '新'))]);
		expect(out.map((r) => `${r.id}:${r.content}`)).toEqual(['a:a', 'b:b 已改', 'd:d', 'e:新']);
		// The pages as read are left as they were.
		expect(pages.map((r) => r.content)).toEqual(['a', 'b', 'c', 'd']);
	});

	it('drops a note that removes an entry the pages never had', () => {
		expect(overlay([row('a')], [note('z')]).map((r) => r.id)).toEqual(['a']);
	});
});
