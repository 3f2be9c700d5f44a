import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, appendEvent, boardParts, initBoard, readEntry, updateFacts } from '$lib/documents/board';
import type { EditableFacts } from '$lib/documents/board';
import { LiveMap } from './live.svelte';

const T0 = Date.UTC(2025, 2, 10, 6, 0, 0);
const facts = (content: string): EditableFacts => ({
	content,
	place: '3号楼',
	category: 'infrastructure',
	receivedOn: '2025-03-10',
	visitId: ''
});

function board(n: number) {
	const doc = new Y.Doc();
	initBoard(doc, { name: '幸福社区', street: '城关街道', kind: 'community' }, T0);
	const ids = Array.from({ length: n }, (_, i) => addEntry(doc, facts(`问题 ${i}`), '王', T0 + i));
	return { doc, ids, entries: new LiveMap(boardParts(doc).entries, readEntry) };
}

describe('LiveMap.warm (issue 11: no long task reading thousands of entries)', () => {
	it('reads every record in chunks, giving the main thread back between them', async () => {
		const { entries } = board(600);
		let turns = 0;
		let warming = true;
		const count = async () => {
			while (warming) {
				await new Promise((r) => setTimeout(r, 0));
				turns++;
			}
		};
		const counting = count();
		await entries.warm(0); // a zero budget: yields at every chunk
		warming = false;
		await counting;
		expect(turns).toBeGreaterThan(1);
		expect(entries.values).toHaveLength(600);
		expect(entries.values.map((e) => e.content)).toContain('问题 599');
	});

	it('keeps changes made while it reads: edited, added and removed entries', async () => {
		const { doc, ids, entries } = board(400);
		const warming = entries.warm(0);
		await new Promise((r) => setTimeout(r, 0));
		updateFacts(doc, ids[399], { content: '已改' });
		appendEvent(doc, ids[0], { type: 'solved', text: '修好了' }, '王', T0 + 10_000);
		const added = addEntry(doc, facts('新的'), '王', T0 + 20_000);
		doc.transact(() => boardParts(doc).entries.delete(ids[1]));
		await warming;
		expect(entries.values).toHaveLength(400);
		expect(entries.get(ids[399])?.content).toBe('已改');
		expect(entries.get(ids[0])?.status).toBe('solved');
		expect(entries.get(added)?.content).toBe('新的');
		expect(entries.get(ids[1])).toBeUndefined();
	});

	it('after it, an edit re-reads only that entry', async () => {
		const { doc, ids, entries } = board(50);
		await entries.warm();
		const before = entries.values;
		updateFacts(doc, ids[7], { content: '又改' });
		const after = entries.values;
		expect(after.find((e) => e.id === ids[7])?.content).toBe('又改');
		expect(after.filter((e, i) => e !== before[i]).map((e) => e.id)).toEqual([ids[7]]);
	});
});

describe('LiveMap.changedBetween (issue 11: a view updates its sorted list instead of sorting it again)', () => {
	it('names the records changed, added or removed between two of its lists, across lists a view skipped', () => {
		const { doc, ids, entries } = board(5);
		const l0 = entries.values;
		const in0 = (id: string) => l0.find((e) => e.id === id);
		appendEvent(doc, ids[1], { type: 'note', text: '已联系' }, '王', T0 + 100);
		const l1 = entries.values;
		const in1 = (id: string) => l1.find((e) => e.id === id);
		// Each with its record as it is in the older list (undefined: not in it).
		expect(entries.changedBetween(l0, l1)).toEqual(new Map([[ids[1], in0(ids[1])]]));
		expect(entries.changedBetween(l0, l1)!.get(ids[1])).toBe(in0(ids[1]));
		// A change read by get() before the next list is still named, with the record it replaced.
		updateFacts(doc, ids[2], { content: '改了' });
		expect(entries.get(ids[2])?.content).toBe('改了');
		updateFacts(doc, ids[2], { content: '又改了' });
		expect(entries.get(ids[2])?.content).toBe('又改了');
		const added = addEntry(doc, facts('新问题'), '王', T0 + 200);
		boardParts(doc).entries.delete(ids[3]);
		const l2 = entries.values;
		expect(entries.changedBetween(l1, l2)).toEqual(new Map([[ids[2], in1(ids[2])], [added, undefined], [ids[3], in1(ids[3])]]));
		expect(entries.changedBetween(l1, l2)!.get(ids[2])?.content).toBe('问题 2');
		// Across lists: each as it was in the first of them.
		expect(entries.changedBetween(l0, l2)).toEqual(new Map([[ids[1], in0(ids[1])], [ids[2], in0(ids[2])], [added, undefined], [ids[3], in0(ids[3])]]));
		expect(entries.changedBetween(l0, l2)!.get(ids[1])).toBe(in0(ids[1]));
		// Nothing changed: the same list, and nothing between it and itself.
		expect(entries.values).toBe(l2);
		expect(entries.changedBetween(l2, l2)).toEqual(new Map());
		// A list it does not know of (another map's, or one too old): not known.
		expect(entries.changedBetween([], l2)).toBeNull();
		for (let i = 0; i < 6; i++) appendEvent(doc, ids[0], { type: 'note', text: `第${i}次` }, '王', T0 + 300 + i), entries.values;
		expect(entries.changedBetween(l0, entries.values)).toBeNull();
	});

	it('knows nothing before its first list, read whole', () => {
		const { entries } = board(3);
		const first = entries.values;
		expect(entries.changedBetween([], first)).toBeNull();
	});
});
