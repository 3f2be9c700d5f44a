// Two devices edit the same board entry offline: when they meet, both keep the same, full story.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { escalate, extend, recordFeedback, solve } from '$lib/domain/ledger';
import { addEntry, appendEvent, boardParts, updateFacts } from './board';
import { TODAY, T0, facts, draft, newBoard, entryOf } from './board-test-kit';
import { replica, sync } from './test-kit';

describe('convergence: two devices edit the same entry offline', () => {
	/** One entry on a board, synced to a second device; both then go offline. */
	function offlinePair() {
		const a = newBoard();
		const id = addEntry(a, facts(), '李干部', T0);
		const b = replica(a);
		return { a, b, id };
	}

	function concurrentEscalations() {
		const { a, b, id } = offlinePair();
		// A escalates to tier 3; B, not knowing, escalates to tier 2 a little later by its clock.
		appendEvent(a, id, draft(escalate(entryOf(a, id), { tier: 3, responsible: '区领导', deadline: '2025-03-30', departments: ['住建'] }, TODAY)), '李干部', T0 + 1000);
		appendEvent(b, id, draft(escalate(entryOf(b, id), { tier: 2, responsible: '社区主任', deadline: '2025-03-20' }, TODAY)), '王助理', T0 + 2000);
		// One corrects the content, the other the place.
		updateFacts(a, id, { content: '小区路灯坏了三盏' });
		updateFacts(b, id, { place: '3号楼北侧' });
		return { a, b, id };
	}

	const expectMerged = (a: Y.Doc, b: Y.Doc, id: string) => {
		const sa = entryOf(a, id);
		const sb = entryOf(b, id);
		expect(sa).toEqual(sb);
		expect(sa.tier).toBe(3);
		expect(sa.responsible).toBe('区领导');
		expect(sa.deadline).toBe('2025-03-30');
		expect(sa.content).toBe('小区路灯坏了三盏');
		expect(sa.place).toBe('3号楼北侧');
		// Both escalations stay in the history.
		expect(sa.timeline.map((e) => e.type)).toEqual(['created', 'escalated', 'escalated']);
	};

	it('keeps tier 3 and both fact edits when A syncs to B first', () => {
		const { a, b, id } = concurrentEscalations();
		sync(a, b);
		expectMerged(a, b, id);
	});

	it('keeps tier 3 and both fact edits when B syncs to A first', () => {
		const { a, b, id } = concurrentEscalations();
		sync(b, a);
		expectMerged(a, b, id);
	});

	it('keeps tier 3 and both fact edits when full updates are exchanged in either order', () => {
		for (const order of ['ab', 'ba'] as const) {
			const { a, b, id } = concurrentEscalations();
			const ua = Y.encodeStateAsUpdate(a);
			const ub = Y.encodeStateAsUpdate(b);
			if (order === 'ab') {
				Y.applyUpdate(b, ua);
				Y.applyUpdate(a, ub);
			} else {
				Y.applyUpdate(a, ub);
				Y.applyUpdate(b, ua);
			}
			expectMerged(a, b, id);
		}
	});

	it('derives the same state on a third device whatever order the updates reach it', () => {
		const { a, b, id } = concurrentEscalations();
		const ua = Y.encodeStateAsUpdate(a);
		const ub = Y.encodeStateAsUpdate(b);
		const c1 = new Y.Doc();
		Y.applyUpdate(c1, ua);
		Y.applyUpdate(c1, ub);
		const c2 = new Y.Doc();
		Y.applyUpdate(c2, ub);
		Y.applyUpdate(c2, ua);
		expect(entryOf(c1, id)).toEqual(entryOf(c2, id));
		expect(entryOf(c1, id).tier).toBe(3);
	});

	it('keeps tier 3 even when the tier-2 escalation has the earlier clock', () => {
		const { a, b, id } = offlinePair();
		appendEvent(b, id, draft(escalate(entryOf(b, id), { tier: 2, responsible: '社区主任', deadline: '2025-03-20' }, TODAY)), '王助理', T0 + 1000);
		appendEvent(a, id, draft(escalate(entryOf(a, id), { tier: 3, responsible: '区领导', deadline: '2025-03-30', departments: ['住建'] }, TODAY)), '李干部', T0 + 2000);
		sync(a, b);
		expect(entryOf(a, id)).toEqual(entryOf(b, id));
		expect(entryOf(a, id)).toMatchObject({ tier: 3, responsible: '区领导', deadline: '2025-03-30' });
	});

	it('lets the same fact edited on both devices settle on one value everywhere', () => {
		const { a, b, id } = offlinePair();
		updateFacts(a, id, { place: '甲写的' });
		updateFacts(b, id, { place: '乙写的' });
		sync(a, b);
		const place = entryOf(a, id).place;
		expect(['甲写的', '乙写的']).toContain(place);
		expect(entryOf(b, id).place).toBe(place);
	});

	it('keeps the later deadline when both devices extend offline', () => {
		const a = newBoard();
		const id = addEntry(a, facts(), '李干部', T0);
		appendEvent(a, id, draft(escalate(entryOf(a, id), { tier: 2, responsible: '社区主任', deadline: '2025-03-20' }, TODAY)), '李干部', T0 + 1000);
		const b = replica(a);
		appendEvent(a, id, draft(extend(entryOf(a, id), { deadline: '2025-04-30', reason: '等材料' }, TODAY)), '李干部', T0 + 2000);
		appendEvent(b, id, draft(extend(entryOf(b, id), { deadline: '2025-03-31', reason: '等审批' }, TODAY)), '王助理', T0 + 3000);
		sync(b, a);
		expect(entryOf(a, id)).toEqual(entryOf(b, id));
		expect(entryOf(a, id)).toMatchObject({ deadline: '2025-04-30', extensionCount: 2 });
	});

	it('reopens once when both devices record a dissatisfied answer offline', () => {
		const a = newBoard();
		const id = addEntry(a, facts(), '李干部', T0);
		appendEvent(a, id, draft(solve(entryOf(a, id), { text: '已修' })), '李干部', T0 + 1000);
		const b = replica(a);
		appendEvent(a, id, draft(recordFeedback(entryOf(a, id), { text: '甲回访：不满意', satisfaction: 'dissatisfied' })), '李干部', T0 + 2000);
		appendEvent(b, id, draft(recordFeedback(entryOf(b, id), { text: '乙回访：不满意', satisfaction: 'dissatisfied' })), '王助理', T0 + 3000);
		sync(a, b);
		expect(entryOf(a, id)).toEqual(entryOf(b, id));
		expect(entryOf(a, id)).toMatchObject({ status: 'open', reopenCount: 1 });
	});

	it('keeps entries added on both devices offline', () => {
		const a = newBoard();
		const b = replica(a);
		const ia = addEntry(a, facts({ content: '甲的问题' }), '李干部', T0);
		const ib = addEntry(b, facts({ content: '乙的问题' }), '王助理', T0);
		sync(a, b);
		for (const doc of [a, b]) {
			expect(boardParts(doc).entries.size).toBe(2);
			expect(entryOf(doc, ia).content).toBe('甲的问题');
			expect(entryOf(doc, ib).content).toBe('乙的问题');
		}
	});
});
