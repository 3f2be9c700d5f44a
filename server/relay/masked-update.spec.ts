import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, addIdea, boardParts, pushEvent, updateFacts } from '../../src/lib/documents/board';
import { facts, newBoard, T0 } from '../../src/lib/documents/board-test-kit';
import { redact } from '../../src/lib/domain/redact';
import { maskedState, maskUpdate } from './masked-update';

const names = ['周红梅'];
const mask = (text: string) => redact(text, names);
const typed = '周红梅反映楼道灯坏了，电话13700001111';
const masked = '某某反映楼道灯坏了，电话***';

/** Each update the document makes from here on. */
function recording(doc: Y.Doc): Uint8Array[] {
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	return updates;
}

/** What an update holds, as Yjs decodes it: each struct's id, length, origins, key and content; the deletions. */
function listing(update: Uint8Array) {
	const { structs, ds } = Y.decodeUpdate(update);
	return {
		structs: structs.map((s) => [s.constructor.name, s.id.client, s.id.clock, s.length, ...(s instanceof Y.Item ? [s.origin, s.rightOrigin, s.parentSub, s.content.getContent()] : [])]),
		ds: [...ds.clients.entries()]
	};
}

function docOf(...updates: Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	for (const u of updates) Y.applyUpdate(doc, u);
	return doc;
}

/** A busy board: entries, notes, an edit, an idea, a report, deletions. */
function busyBoard(): { board: Y.Doc; updates: Uint8Array[]; entry: string } {
	const board = newBoard();
	const updates = recording(board);
	updates.push(Y.encodeStateAsUpdate(board));
	const entry = addEntry(board, facts({ content: typed, place: '3号楼502室 13700001111' }), 'cadre', T0);
	pushEvent(board, entry, { id: 'e2', at: T0 + 1, by: 'cadre', type: 'note', text: '已联系周红梅' });
	pushEvent(board, entry, { id: 'e3', at: T0 + 2, by: 'cadre', type: 'extended', deadline: '2025-04-01', reason: '等周红梅回电 13700001111' });
	pushEvent(board, entry, { id: 'e4', at: T0 + 3, by: '一线办', type: 'decided', decision: '由街道联系周红梅协调', department: '城管局 13700001111', meetingDate: '2025-03-20' });
	addIdea(board, { title: '周红梅建议加装路灯', detail: '联系 13700001111', source: 'visit' }, 'cadre', T0);
	const other = addEntry(board, facts({ content: '路面破损' }), 'cadre', T0);
	boardParts(board).entries.delete(other);
	updateFacts(board, entry, { content: `${typed}（已核实）` });
	board.getMap('inbox').set('r1', { id: 'r1', ref: 'ABCDEF', content: '我是周红梅 13700001111', place: '', receivedAt: T0, status: 'new', entryId: '', reason: '', decidedBy: '', decidedAt: 0, name: '周红梅', phone: '13700001111' });
	return { board, updates, entry };
}

describe('maskUpdate', () => {
	it('masks the text the team typed and keeps every other value and every id', () => {
		const { board, entry } = busyBoard();
		const reader = docOf(maskUpdate(Y.encodeStateAsUpdate(board), mask, board));
		expect(Y.encodeStateVector(reader)).toEqual(Y.encodeStateVector(board));
		const e = boardParts(reader).entries.get(entry)!;
		expect(e.get('content')).toBe(`${masked}（已核实）`);
		expect(e.get('place')).toBe('3号楼502室 ***');
		expect(e.get('category')).toBe('infrastructure');
		expect(e.get('receivedOn')).toBe('2025-03-10');
		const events = (e.get('timeline') as Y.Array<Record<string, unknown>>).toArray();
		expect(events.map((ev) => [ev.type, ev.text ?? ev.reason ?? ev.decision, ev.deadline ?? ev.meetingDate])).toEqual([
			['created', undefined, undefined],
			['note', '已联系某某', undefined],
			['extended', '等某某回电 ***', '2025-04-01'],
			['decided', '由街道联系某某协调', '2025-03-20']
		]);
		expect(events[3].department).toBe('城管局 ***');
		const idea = [...boardParts(reader).ideas.values()][0];
		expect([idea.get('title'), idea.get('detail'), idea.get('source')]).toEqual(['某某建议加装路灯', '联系 ***', 'visit']);
		expect(reader.getMap('inbox').get('r1')).toMatchObject({ ref: 'ABCDEF', content: '我是某某 ***', name: '某某', phone: '***', status: 'new' });
		expect(JSON.stringify(reader.toJSON())).not.toMatch(/周红梅|13700001111/);
		// Nothing else differs: the board's JSON with the same texts masked.
		const expected = JSON.stringify(board.toJSON()).replaceAll('周红梅', '某某').replaceAll('13700001111', '***');
		const got = JSON.stringify(reader.toJSON());
		if (got !== expected) for (let i = 0; i < got.length; i++) if (got[i] !== expected[i]) { console.log(got.slice(i - 80, i + 80), '\n', expected.slice(i - 80, i + 80)); break; }
		expect(got).toBe(expected);
	});

	it('masks each department an escalation names: typed, a name or a phone may be among them', () => {
		const board = newBoard();
		const entry = addEntry(board, facts({ content: '路灯坏了' }), 'cadre', T0);
		pushEvent(board, entry, { id: 'e2', at: T0 + 1, by: 'cadre', type: 'escalated', tier: 3, responsible: '王科长', deadline: '2025-04-01', text: '', departments: ['城管局', '周红梅 13700001111'] });
		const reader = docOf(maskUpdate(Y.encodeStateAsUpdate(board), mask, board));
		const events = (boardParts(reader).entries.get(entry)!.get('timeline') as Y.Array<Record<string, unknown>>).toArray();
		expect(events[1].departments).toEqual(['城管局', '某某 ***']);
	});

	it('returns the very update when nothing in it needs masking', () => {
		const board = newBoard();
		const update = Y.encodeStateAsUpdate(board);
		expect(maskUpdate(update, mask, board)).toBe(update);
	});

	it('writes an update Yjs reads as it wrote it: structs, skipped ranges and deletions', () => {
		const { board, updates } = busyBoard();
		const whole = Y.encodeStateAsUpdate(board);
		// Masked, the whole state reads as what Yjs itself writes for the masked copy.
		const maskedWhole = maskUpdate(whole, mask, board);
		expect(maskedWhole).not.toEqual(whole);
		expect(listing(maskedWhole)).toEqual(listing(Y.encodeStateAsUpdate(docOf(maskedWhole))));
		expect(listing(maskedWhole).ds).toEqual(listing(whole).ds);
		// Written straight from the document, the masked state is the same, byte for byte what Yjs writes.
		const straight = maskedState(board, mask);
		expect(listing(straight)).toEqual(listing(maskedWhole));
		expect(Y.encodeStateAsUpdate(docOf(straight))).toEqual(straight);
		expect(Y.encodeStateAsUpdate(board)).toEqual(whole); // the document itself untouched
		// And as a diff: what a reader holding part of it lacks, from the middle of a run too.
		for (let n = 1; n < updates.length; n++) {
			const sv = Y.encodeStateVector(docOf(...updates.slice(0, n)));
			const diff = maskedState(board, mask, sv);
			expect(listing(diff), `after ${n} updates`).toEqual(listing(maskUpdate(Y.encodeStateAsUpdate(board, sv), mask, board)));
			const reader = docOf(...updates.slice(0, n).map((u) => maskUpdate(u, mask, board)));
			Y.applyUpdate(reader, diff);
			expect(reader.toJSON()).toEqual(docOf(straight).toJSON());
		}
		expect(maskedState(board, mask, Y.encodeStateVector(board)).length).toBeLessThan(straight.length);
		// A merged update with a gap (a middle update missing) holds a Skip; masked, it still merges.
		const gappy = Y.mergeUpdates([updates[0], updates[1], updates[3], updates[4]]);
		expect(Y.decodeUpdate(gappy).structs.some((s) => s instanceof Y.Skip)).toBe(true);
		const reader = docOf(maskUpdate(gappy, mask, board));
		Y.applyUpdate(reader, maskUpdate(updates[2], mask, board));
		for (const u of updates.slice(5)) Y.applyUpdate(reader, maskUpdate(u, mask, board));
		expect(reader.toJSON()).toEqual(docOf(maskUpdate(Y.encodeStateAsUpdate(board), mask, board)).toJSON());
		expect(reader.store.pendingStructs).toBeNull();
	});

	it('gives a reader the same copy whether it synced once or followed every update, in any order', () => {
		const { board, updates } = busyBoard();
		const once = docOf(maskUpdate(Y.encodeStateAsUpdate(board), mask, board));
		const followed = docOf(...updates.map((u) => maskUpdate(u, mask, board)));
		const backwards = docOf(...[...updates].reverse().map((u) => maskUpdate(u, mask, board)));
		expect(followed.toJSON()).toEqual(once.toJSON());
		expect(backwards.toJSON()).toEqual(once.toJSON());
		// A reader that synced half, then caught up with the server's diff, ends the same.
		const half = docOf(...updates.slice(0, 4).map((u) => maskUpdate(u, mask, board)));
		Y.applyUpdate(half, maskUpdate(Y.encodeStateAsUpdate(board, Y.encodeStateVector(half)), mask, board));
		expect(half.toJSON()).toEqual(once.toJSON());
		expect(Y.encodeStateAsUpdate(half, Y.encodeStateVector(board))).toEqual(Y.encodeStateAsUpdate(once, Y.encodeStateVector(board)));
	});

	it('masks the schema-1 fields an old app may still write, and leaves a notice’s contact card', () => {
		const board = newBoard();
		const start = Y.encodeStateAsUpdate(board);
		const updates = recording(board);
		const entry = addEntry(board, facts(), 'cadre', T0);
		board.transact(() => {
			const e = boardParts(board).entries.get(entry)!;
			e.set('reporterName', '周红梅');
			e.set('reporterPhone', '13700001111');
		});
		const notice = new Y.Map<unknown>();
		board.getMap('notices').set('n1', notice);
		notice.set('contact', { name: '李干部', unit: '区委', position: '科员', phone: '13900002222' });
		const reader = docOf(start, ...updates.map((u) => maskUpdate(u, mask, board)));
		const e = boardParts(reader).entries.get(entry)!;
		expect([e.get('reporterName'), e.get('reporterPhone')]).toEqual(['某某', '***']);
		expect((reader.getMap('notices').get('n1') as Y.Map<unknown>).get('contact')).toEqual({ name: '李干部', unit: '区委', position: '科员', phone: '13900002222' });
	});

	it('masks an embed and a format mark like the value they stand for (stored before the rules refused them)', () => {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		text.insertEmbed(0, { type: 'note', text: typed });
		text.format(0, 1, { note: typed });
		for (const reader of [docOf(maskUpdate(Y.encodeStateAsUpdate(doc), mask, doc)), docOf(maskedState(doc, mask))]) {
			const delta = reader.getText('t').toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
			expect(delta).toEqual([{ insert: { type: 'note', text: masked }, attributes: { note: masked } }]);
			expect(Y.encodeStateVector(reader)).toEqual(Y.encodeStateVector(doc));
		}
	});

	it('masks a Y.Text run character for character, keeping its clocks', () => {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, '周红梅 13700001111');
		const reader = docOf(maskUpdate(Y.encodeStateAsUpdate(doc), mask, doc));
		expect(reader.getText('t').toString()).toBe('*'.repeat(15));
		expect(Y.encodeStateVector(reader)).toEqual(Y.encodeStateVector(doc));
	});
});
