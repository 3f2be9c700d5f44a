// Residents' ideas in the board: collected, then moved through their stages.
import { describe, expect, it } from 'vitest';
import { advance } from '$lib/domain/ideas';
import { addIdea, appendStage } from './board';
import { T0, newBoard, ideaOf } from './board-test-kit';
import { replica, sync } from './test-kit';

describe('ideas in the board', () => {
	const idea = { title: '律师驻村', detail: '每村一名律师', source: 'forum' as const };

	it('adds an idea as collected, with who and when', () => {
		const doc = newBoard();
		const id = addIdea(doc, idea, '李干部', T0);
		const s = ideaOf(doc, id);
		expect(s).toMatchObject({ ...idea, id, createdAt: T0, createdBy: '李干部', stage: 'collected' });
		expect(s.history).toEqual([{ stage: 'collected', at: T0, by: '李干部', note: '' }]);
	});

	it('moves forward stage by stage', () => {
		const doc = newBoard();
		const id = addIdea(doc, idea, '李干部', T0);
		for (let i = 1; i <= 3; i++) {
			const r = advance(ideaOf(doc, id), { note: `第${i}步` });
			if (!r.ok) throw new Error('refused');
			appendStage(doc, id, r.value, '李干部', T0 + i);
		}
		const s = ideaOf(doc, id);
		expect(s.stage).toBe('implemented');
		expect(s.history.map((h) => h.stage)).toEqual(['collected', 'valuable', 'adopted', 'implemented']);
		expect(advance(s, {}).ok).toBe(false);
	});

	it('refuses to advance an idea that does not exist', () => {
		expect(() => appendStage(newBoard(), 'nope', { stage: 'valuable', note: '' }, '李干部', T0)).toThrow(/nope/);
	});

	it('never moves an idea back when offline advances merge', () => {
		const a = newBoard();
		const id = addIdea(a, idea, '李干部', T0);
		const b = replica(a);
		appendStage(a, id, { stage: 'valuable', note: '' }, '李干部', T0 + 1);
		appendStage(a, id, { stage: 'adopted', note: '' }, '李干部', T0 + 2);
		appendStage(b, id, { stage: 'valuable', note: '' }, '王助理', T0 + 3);
		sync(b, a);
		expect(ideaOf(a, id)).toEqual(ideaOf(b, id));
		expect(ideaOf(a, id).stage).toBe('adopted');
		expect(ideaOf(a, id).history).toHaveLength(4);
	});
});
