// Residents' ideas in the board: collected, then moved through their stages.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { advance, editIdea } from '$lib/domain/ideas';
import { addIdea, appendStage, boardParts, LOCAL, updateIdea } from './board';
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

	describe('updateIdea: an idea corrected, field by field', () => {
		/** The keys each transaction on the idea's map changed, and the transactions' origins. */
		function watch(doc: Y.Doc, id: string) {
			const seen = { keys: [] as string[][], origins: [] as unknown[] };
			boardParts(doc).ideas.get(id)!.observe((e, tr) => {
				seen.keys.push([...e.keysChanged].sort());
				seen.origins.push(tr.origin);
			});
			return seen;
		}

		it('writes only the fields that changed, in one local transaction', () => {
			const doc = newBoard();
			const id = addIdea(doc, { title: '律师驻材', detail: idea.detail, source: idea.source }, '李干部', T0);
			const seen = watch(doc, id);
			let updates = 0;
			doc.on('update', () => updates++);
			updateIdea(doc, id, { title: '律师驻村', detail: idea.detail, source: 'talk' });
			expect(seen.keys).toEqual([['source', 'title']]);
			expect(seen.origins).toEqual([LOCAL]);
			expect(updates).toBe(1);
			expect(ideaOf(doc, id)).toMatchObject({ title: '律师驻村', detail: idea.detail, source: 'talk', createdAt: T0, createdBy: '李干部', stage: 'collected' });
		});

		it('writes nothing when nothing changed', () => {
			const doc = newBoard();
			const id = addIdea(doc, idea, '李干部', T0);
			let updates = 0;
			doc.on('update', () => updates++);
			updateIdea(doc, id, { ...idea });
			updateIdea(doc, id, {});
			expect(updates).toBe(0);
		});

		it('never touches what is written once: id, who and when, the stages', () => {
			const doc = newBoard();
			const id = addIdea(doc, idea, '李干部', T0);
			appendStage(doc, id, { stage: 'valuable', note: '' }, '李干部', T0 + 1);
			const before = ideaOf(doc, id);
			updateIdea(doc, id, { id: 'hijack', createdAt: 0, createdBy: '别人', history: [], stage: 'implemented', proposer: '钱奶奶', title: '律师进村' } as never);
			expect(ideaOf(doc, id)).toEqual({ ...before, title: '律师进村' });
			expect(boardParts(doc).ideas.get(id)!.has('proposer')).toBe(false);
		});

		it('keeps both edits when two phones correct different fields offline', () => {
			const a = newBoard();
			const id = addIdea(a, { title: '律师驻材', detail: '每村一名', source: 'forum' }, '李干部', T0);
			const b = replica(a);
			// Each phone sends what its form changed (editIdea), not the whole form.
			const fromA = editIdea({ ...ideaOf(a, id) }, { ...ideaOf(a, id), title: '律师驻村' });
			const fromB = editIdea({ ...ideaOf(b, id) }, { ...ideaOf(b, id), detail: '每村一名律师，每月两次' });
			if (!fromA.ok || !fromB.ok) throw new Error('refused');
			updateIdea(a, id, fromA.value.facts);
			updateIdea(b, id, fromB.value.facts);
			appendStage(b, id, { stage: 'valuable', note: '' }, '王助理', T0 + 1);
			sync(a, b);
			expect(ideaOf(a, id)).toEqual(ideaOf(b, id));
			expect(ideaOf(a, id)).toMatchObject({ title: '律师驻村', detail: '每村一名律师，每月两次', source: 'forum', stage: 'valuable' });
		});

		it('settles on one value on every phone when two correct the same field', () => {
			const a = newBoard();
			const id = addIdea(a, idea, '李干部', T0);
			const b = replica(a);
			updateIdea(a, id, { title: '律师驻村（甲）' });
			updateIdea(b, id, { title: '律师驻村（乙）' });
			sync(a, b);
			expect(ideaOf(a, id).title).toBe(ideaOf(b, id).title);
		});

		it('refuses to edit an idea that does not exist', () => {
			expect(() => updateIdea(newBoard(), 'nope', { title: '好主意' })).toThrow(/nope/);
		});

		it('refuses what the idea\'s validation refuses, writing nothing', () => {
			const doc = newBoard();
			const id = addIdea(doc, idea, '李干部', T0);
			const refused = editIdea(ideaOf(doc, id), { ...idea, title: '   ', source: 'dream' as never });
			expect(refused.ok ? [] : refused.errors.map((e) => e.field)).toEqual(['title', 'source']);
			// The write checks too (an op the worker is asked to run with anything): the relay would refuse it.
			let updates = 0;
			doc.on('update', () => updates++);
			for (const bad of [{ title: '   ' }, { title: 'x'.repeat(121) }, { detail: 'x'.repeat(4001) }, { source: 'dream' }, { title: 42 }])
				expect(() => updateIdea(doc, id, bad as never)).toThrow(/refused/);
			expect(updates).toBe(0);
			expect(ideaOf(doc, id)).toMatchObject(idea);
		});
	});
});
