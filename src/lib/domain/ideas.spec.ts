import { describe, expect, it } from 'vitest';
import type { Result } from './result';
import {
	advance,
	deriveIdea,
	editIdea,
	IDEA_EDITABLE,
	IDEA_SOURCES,
	IDEA_STAGES,
	nextStage,
	validateIdea,
	type IdeaFacts,
	type IdeaStage,
	type StageStep
} from './ideas';

const errorsOf = (result: Result<unknown>) => (result.ok ? [] : result.errors);

const T0 = Date.UTC(2025, 2, 10);

const facts: IdeaFacts = {
	id: 'idea0001',
	title: '街道便民服务大厅下沉到社区',
	detail: '',
	source: 'forum',
	proposer: '居民代表',
	createdAt: T0,
	createdBy: '李干部'
};

const step = (stage: IdeaStage, at: number, note = ''): StageStep => ({ stage, at, by: '李干部', note });

describe('the stages of an idea (金点子)', () => {
	it('runs collected → valuable → adopted → implemented', () => {
		expect([...IDEA_STAGES]).toEqual(['collected', 'valuable', 'adopted', 'implemented']);
	});

	it('names the next stage, and none after implemented', () => {
		expect(nextStage('collected')).toBe('valuable');
		expect(nextStage('valuable')).toBe('adopted');
		expect(nextStage('adopted')).toBe('implemented');
		expect(nextStage('implemented')).toBeNull();
	});
});

describe('deriveIdea: the stage is the highest one in the history', () => {
	it('starts collected with no history', () => {
		const idea = deriveIdea(facts, []);
		expect(idea.stage).toBe('collected');
		expect(idea.history).toEqual([]);
		expect(idea.title).toBe(facts.title);
	});

	it('follows the history forward', () => {
		const idea = deriveIdea(facts, [step('collected', T0), step('valuable', T0 + 1), step('adopted', T0 + 2)]);
		expect(idea.stage).toBe('adopted');
	});

	it('never moves an idea backwards when a lower step comes later', () => {
		const idea = deriveIdea(facts, [step('collected', T0), step('adopted', T0 + 1), step('valuable', T0 + 2)]);
		expect(idea.stage).toBe('adopted');
	});

	it('derives the same stage whatever order the steps arrive in', () => {
		const steps = [step('collected', T0), step('implemented', T0 + 5), step('valuable', T0 + 2), step('adopted', T0 + 3)];
		for (const order of [steps, [...steps].reverse(), [steps[2], steps[0], steps[3], steps[1]]]) {
			expect(deriveIdea(facts, order).stage).toBe('implemented');
		}
	});

	it('keeps the history in time order, without touching the given array', () => {
		const steps = [step('valuable', T0 + 2), step('collected', T0)];
		const idea = deriveIdea(facts, steps);
		expect(idea.history.map((s) => s.stage)).toEqual(['collected', 'valuable']);
		expect(steps.map((s) => s.stage)).toEqual(['valuable', 'collected']);
	});
});

describe('advance: an idea moves forward one stage at a time', () => {
	it('moves a collected idea to valuable, with a note', () => {
		expect(advance(deriveIdea(facts, [step('collected', T0)]), { note: ' 区里采纳评估 ' })).toEqual({
			ok: true,
			value: { stage: 'valuable', note: '区里采纳评估' }
		});
	});

	it('moves through every stage in order', () => {
		let steps = [step('collected', T0)];
		const seen: IdeaStage[] = [];
		for (let i = 1; i < IDEA_STAGES.length; i++) {
			const r = advance(deriveIdea(facts, steps), {});
			if (!r.ok) throw new Error('refused');
			seen.push(r.value.stage);
			steps = [...steps, step(r.value.stage, T0 + i, r.value.note)];
		}
		expect(seen).toEqual(['valuable', 'adopted', 'implemented']);
		expect(deriveIdea(facts, steps).stage).toBe('implemented');
	});

	it('refuses to move an implemented idea any further', () => {
		const done = deriveIdea(facts, [step('implemented', T0)]);
		expect(errorsOf(advance(done, {}))).toEqual([{ field: 'stage', code: 'final' }]);
	});

	it('advances from the derived stage, not from a lower step that came later', () => {
		const idea = deriveIdea(facts, [step('adopted', T0), step('valuable', T0 + 1)]);
		const r = advance(idea, {});
		expect(r.ok && r.value.stage).toBe('implemented');
	});

	it('refuses an overlong note', () => {
		expect(errorsOf(advance(deriveIdea(facts, []), { note: 'x'.repeat(2001) }))).toEqual([expect.objectContaining({ field: 'note', code: 'too-long' })]);
	});
});

describe('validateIdea', () => {
	const good = { title: ' 律师驻村 ', source: 'talk' as const };

	it('accepts a titled idea from a known source, trimmed', () => {
		expect(validateIdea(good)).toEqual({ ok: true, value: { title: '律师驻村', detail: '', source: 'talk', proposer: '' } });
	});

	it('accepts every source', () => {
		for (const source of IDEA_SOURCES) expect(validateIdea({ ...good, source }).ok).toBe(true);
	});

	it('needs a title', () => {
		expect(errorsOf(validateIdea({ ...good, title: '  ' }))).toEqual([{ field: 'title', code: 'required' }]);
	});

	it('needs a known source', () => {
		expect(errorsOf(validateIdea({ title: '好主意' }))).toEqual([{ field: 'source', code: 'required' }]);
		expect(errorsOf(validateIdea({ title: '好主意', source: 'dream' as never }))).toEqual([{ field: 'source', code: 'required' }]);
	});

	it('refuses overlong text, naming each field', () => {
		const r = validateIdea({ ...good, title: 'x'.repeat(121), detail: 'x'.repeat(4001), proposer: 'x'.repeat(61) });
		expect(errorsOf(r)).toEqual([
			expect.objectContaining({ field: 'title', code: 'too-long' }),
			expect.objectContaining({ field: 'detail', code: 'too-long' }),
			expect.objectContaining({ field: 'proposer', code: 'too-long' })
		]);
	});
});

describe('editIdea: an idea corrected (a typo in its title…)', () => {
	const shown = { title: '律师驻材', detail: '每村一名律师', source: 'forum' as const, proposer: '钱奶奶' };

	it('yields only the board facts that differ from the idea as the form showed it', () => {
		expect(editIdea(shown, { ...shown, title: ' 律师驻村 ' })).toEqual({ ok: true, value: { facts: { title: '律师驻村' } } });
		expect(editIdea(shown, { ...shown, detail: '', source: 'talk' })).toEqual({ ok: true, value: { facts: { detail: '', source: 'talk' } } });
	});

	it('yields nothing when nothing changed (text trimmed as a new idea\'s)', () => {
		expect(editIdea(shown, { ...shown, title: `${shown.title} ` })).toEqual({ ok: true, value: { facts: {} } });
	});

	it('names the proposer only when it changed; an emptied one is cleared', () => {
		expect(editIdea(shown, { ...shown, proposer: '孙大爷' })).toEqual({ ok: true, value: { facts: {}, proposer: '孙大爷' } });
		expect(editIdea(shown, { ...shown, proposer: '  ' })).toEqual({ ok: true, value: { facts: {}, proposer: '' } });
		expect(editIdea({ ...shown, proposer: undefined }, { ...shown, proposer: '' })).toEqual({ ok: true, value: { facts: {} } });
	});

	it('refuses what a new idea would be refused, naming each field', () => {
		expect(errorsOf(editIdea(shown, { ...shown, title: '' }))).toEqual([{ field: 'title', code: 'required' }]);
		expect(errorsOf(editIdea(shown, { ...shown, source: 'dream' as never }))).toEqual([{ field: 'source', code: 'required' }]);
		expect(errorsOf(editIdea(shown, { ...shown, title: 'x'.repeat(121), detail: 'x'.repeat(4001), proposer: 'x'.repeat(61) })).map((e) => e.field)).toEqual([
			'title',
			'detail',
			'proposer'
		]);
	});

	it('edits only the facts the team may correct', () => {
		expect([...IDEA_EDITABLE]).toEqual(['title', 'detail', 'source']);
	});
});
