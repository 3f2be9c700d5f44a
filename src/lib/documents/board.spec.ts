import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_CATEGORIES } from '$lib/domain/categories';
import { advance } from '$lib/domain/ideas';
import { escalate, extend, recordFeedback, solve, type EventDraft } from '$lib/domain/ledger';
import type { Result } from '$lib/domain/result';
import {
	addEntry,
	addIdea,
	appendEvent,
	appendStage,
	BOARD_SCHEMA,
	boardParts,
	initBoard,
	LOCAL,
	readCategories,
	readEntry,
	readIdea,
	readMeta,
	setCategories,
	setMeta,
	updateFacts,
	type EditableFacts
} from './board';
import { replica, sync } from './test-kit';

// ——— Fixtures

const TODAY = '2025-03-10';
const T0 = Date.UTC(2025, 2, 10, 6, 0, 0);
const station = { name: '幸福社区', street: '城关街道', kind: 'community' as const };

const facts = (over: Partial<EditableFacts> = {}): EditableFacts => ({
	content: '小区路灯坏了',
	place: '3号楼',
	category: 'infrastructure',
	receivedOn: TODAY,
	visitId: '',
	...over
});

const draft = (result: Result<EventDraft>): EventDraft => {
	if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
	return result.value;
};

function newBoard(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, station, T0);
	return doc;
}



const entryOf = (doc: Y.Doc, id: string) => {
	const entry = boardParts(doc).entries.get(id);
	if (!entry) throw new Error(`missing ${id}`);
	return readEntry(entry);
};

const ideaOf = (doc: Y.Doc, id: string) => {
	const idea = boardParts(doc).ideas.get(id);
	if (!idea) throw new Error(`missing ${id}`);
	return readIdea(idea);
};

// ——— Specs

describe('initBoard and the station meta', () => {
	it('writes the schema, the station and when it was created', () => {
		const doc = newBoard();
		expect(boardParts(doc).meta.get('schema')).toBe(BOARD_SCHEMA);
		expect(readMeta(doc)).toEqual({ ...station, createdAt: T0 });
	});

	it('sets the default categories', () => {
		expect(readCategories(newBoard())).toEqual([...DEFAULT_CATEGORIES]);
	});

	it('reads sensible defaults from an empty document', () => {
		expect(readMeta(new Y.Doc())).toEqual({ name: '', street: '', kind: 'community', createdAt: 0 });
		expect(readCategories(new Y.Doc())).toEqual([]);
	});

	it('updates the station meta', () => {
		const doc = newBoard();
		setMeta(doc, { name: '和谐社区', street: '城关街道', kind: 'village' });
		expect(readMeta(doc)).toEqual({ name: '和谐社区', street: '城关街道', kind: 'village', createdAt: T0 });
	});

	it('writes nothing when the meta has not changed', () => {
		const doc = newBoard();
		let updates = 0;
		doc.on('update', () => updates++);
		setMeta(doc, station);
		expect(updates).toBe(0);
	});

	it('keeps two offline edits of different meta fields', () => {
		const a = newBoard();
		const b = replica(a);
		setMeta(a, { ...station, name: '和谐社区' });
		setMeta(b, { ...station, kind: 'village' });
		sync(a, b);
		expect(readMeta(a)).toEqual({ name: '和谐社区', street: '城关街道', kind: 'village', createdAt: T0 });
		expect(readMeta(b)).toEqual(readMeta(a));
	});
});

describe('categories', () => {
	it('replaces the list in the given order', () => {
		const doc = newBoard();
		setCategories(doc, ['property', '停车难', 'other']);
		expect(readCategories(doc)).toEqual(['property', '停车难', 'other']);
	});

	it('reads without duplicates, keeping the first position', () => {
		const doc = new Y.Doc();
		boardParts(doc).categories.push(['property', 'other', 'property', '停车难', 'other']);
		expect(readCategories(doc)).toEqual(['property', 'other', '停车难']);
	});

	it('reads without duplicates after the board was initialised twice', () => {
		const doc = newBoard();
		initBoard(doc, station, T0);
		expect(boardParts(doc).categories.length).toBe(DEFAULT_CATEGORIES.length * 2);
		expect(readCategories(doc)).toEqual([...DEFAULT_CATEGORIES]);
	});

	it('merges two offline edits of the list without duplicates, keeping both additions', () => {
		const a = newBoard();
		const b = replica(a);
		setCategories(a, [...DEFAULT_CATEGORIES, '停车难']);
		setCategories(b, [...DEFAULT_CATEGORIES, '噪音扰民']);
		sync(a, b);
		const merged = readCategories(a);
		expect(readCategories(b)).toEqual(merged);
		expect(merged).toEqual(expect.arrayContaining([...DEFAULT_CATEGORIES, '停车难', '噪音扰民']));
		expect(new Set(merged).size).toBe(merged.length);
		expect(merged).toHaveLength(DEFAULT_CATEGORIES.length + 2);
	});
});

describe('ledger entries in the board', () => {
	it('adds an entry with its facts, who created it and a created event', () => {
		const doc = newBoard();
		const id = addEntry(doc, facts(), '李干部', T0);
		const s = entryOf(doc, id);
		expect(s).toMatchObject({ ...facts(), id, createdAt: T0, createdBy: '李干部', tier: 1, status: 'open' });
		expect(s.timeline).toHaveLength(1);
		expect(s.timeline[0]).toMatchObject({ type: 'created', at: T0, by: '李干部' });
		expect(s.timeline[0].id).toMatch(/^[0-9a-z]{10}$/);
	});

	it('gives every entry its own id', () => {
		const doc = newBoard();
		const ids = new Set(Array.from({ length: 50 }, () => addEntry(doc, facts(), '李干部', T0)));
		expect(ids.size).toBe(50);
		expect(boardParts(doc).entries.size).toBe(50);
	});

	it('stores the timeline as a nested Y.Array and reads it back as plain events', () => {
		const doc = newBoard();
		const id = addEntry(doc, facts(), '李干部', T0);
		const entry = boardParts(doc).entries.get(id)!;
		expect(entry.get('timeline')).toBeInstanceOf(Y.Array);
		expect(Array.isArray(entryOf(doc, id).timeline)).toBe(true);
	});

	it('appends events and reads the derived state back', () => {
		const doc = newBoard();
		const id = addEntry(doc, facts(), '李干部', T0);
		const e1 = appendEvent(doc, id, draft(escalate(entryOf(doc, id), { tier: 2, responsible: '社区主任', deadline: '2025-03-20' }, TODAY)), '王助理', T0 + 1000);
		expect(e1).toMatchObject({ type: 'escalated', tier: 2, by: '王助理', at: T0 + 1000 });
		appendEvent(doc, id, draft(extend(entryOf(doc, id), { deadline: '2025-03-31', reason: '等材料' }, TODAY)), '王助理', T0 + 2000);
		appendEvent(doc, id, draft(solve(entryOf(doc, id), { text: '已修' })), '李干部', T0 + 3000);
		appendEvent(doc, id, draft(recordFeedback(entryOf(doc, id), { text: '不亮', satisfaction: 'dissatisfied' })), '李干部', T0 + 4000);
		const s = entryOf(doc, id);
		expect(s).toMatchObject({
			tier: 2,
			responsible: '社区主任',
			deadline: '2025-03-31',
			extensionCount: 1,
			status: 'open',
			reopenCount: 1,
			updatedAt: T0 + 4000
		});
		expect(s.timeline.map((e) => e.type)).toEqual(['created', 'escalated', 'extended', 'solved', 'feedback']);
	});

	it('survives a round trip through an encoded update', () => {
		const doc = newBoard();
		const id = addEntry(doc, facts(), '李干部', T0);
		appendEvent(doc, id, { type: 'note', text: '已联系物业' }, '李干部', T0 + 1000);
		expect(entryOf(replica(doc), id)).toEqual(entryOf(doc, id));
	});

	it('updates only the facts given', () => {
		const doc = newBoard();
		const id = addEntry(doc, facts(), '李干部', T0);
		updateFacts(doc, id, { place: '5号楼', category: 'transport' });
		expect(entryOf(doc, id)).toMatchObject({ ...facts(), place: '5号楼', category: 'transport' });
	});

	it('writes nothing when a fact is set to the value it already has', () => {
		const doc = newBoard();
		const id = addEntry(doc, facts(), '李干部', T0);
		let updates = 0;
		doc.on('update', () => updates++);
		updateFacts(doc, id, { content: facts().content, place: facts().place });
		expect(updates).toBe(0);
	});

	it('never lets a fact patch touch the id, creator or timeline', () => {
		const doc = newBoard();
		const id = addEntry(doc, facts(), '李干部', T0);
		updateFacts(doc, id, { id: 'hijack', createdBy: 'x', timeline: [] } as unknown as Partial<EditableFacts>);
		const s = entryOf(doc, id);
		expect(s.id).toBe(id);
		expect(s.createdBy).toBe('李干部');
		expect(s.timeline).toHaveLength(1);
	});

	it('refuses to edit or append to an entry that does not exist', () => {
		const doc = newBoard();
		expect(() => updateFacts(doc, 'nope', { place: 'x' })).toThrow(/nope/);
		expect(() => appendEvent(doc, 'nope', { type: 'note', text: 'x' }, '李干部', T0)).toThrow(/nope/);
	});

	it('marks every local edit with the LOCAL origin, so undo can track it', () => {
		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
		initBoard(doc, station, T0);
		const id = addEntry(doc, facts(), '李干部', T0);
		updateFacts(doc, id, { place: '5号楼' });
		appendEvent(doc, id, { type: 'note', text: 'x' }, '李干部', T0);
		setCategories(doc, ['other']);
		setMeta(doc, { ...station, name: '新名' });
		const ideaId = addIdea(doc, { title: '好主意', detail: '', source: 'talk' }, '李干部', T0);
		appendStage(doc, ideaId, { stage: 'valuable', note: '' }, '李干部', T0);
		expect(origins.length).toBeGreaterThanOrEqual(8);
		expect(origins.every((o) => o === LOCAL)).toBe(true);
	});

	it('lets an undo manager undo a local fact edit but not a remote one', () => {
		const a = newBoard();
		const id = addEntry(a, facts(), '李干部', T0);
		const b = replica(a);
		const undo = new Y.UndoManager(boardParts(a).entries, { trackedOrigins: new Set([LOCAL]), captureTimeout: 0 });
		updateFacts(b, id, { content: '远端修改' });
		sync(b, a);
		updateFacts(a, id, { place: '本地修改' });
		undo.undo();
		expect(entryOf(a, id).place).toBe('3号楼');
		expect(entryOf(a, id).content).toBe('远端修改');
	});
});

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
