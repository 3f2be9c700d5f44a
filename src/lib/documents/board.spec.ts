// The board document: its station meta, categories and ledger entries, written and read back.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_CATEGORIES } from '$lib/domain/categories';
import { escalate, extend, recordFeedback, solve, stampEvent, withEvent, withFacts, type EntryState } from '$lib/domain/ledger';
import {
	addEntry,
	addIdea,
	appendEvent,
	appendStage,
	BOARD_SCHEMA,
	boardParts,
	initBoard,
	LOCAL,
	pushEvent,
	readCategories,
	readMeta,
	setCategories,
	setMeta,
	updateFacts,
	type EditableFacts
} from './board';
import { TODAY, T0, station, facts, draft, newBoard, entryOf } from './board-test-kit';
import { replica, sync } from './test-kit';

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
	});

	it('offers the default categories while the board has not come from the relay', () => {
		// A phone offline before its first sync still records a problem, and chooses its category.
		expect(readCategories(new Y.Doc())).toEqual([...DEFAULT_CATEGORIES]);
		const received = newBoard();
		setCategories(received, []);
		expect(readCategories(received)).toEqual([]);
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

	it('stamps an event after every event the entry has, whatever the clock that stamps it says', () => {
		// The server's own steps (a dispatch meeting's decision, a coordination note) come after what a
		// phone whose clock runs an hour ahead recorded before them.
		const doc = newBoard();
		const id = addEntry(doc, facts(), '李干部', T0);
		const ahead = appendEvent(doc, id, { type: 'note', text: '已联系物业' }, '李干部', T0 + 3_600_000);
		const late = appendEvent(doc, id, { type: 'note', text: '街道已协调' }, '王领导', T0 + 1000);
		expect(late.at).toBeGreaterThan(ahead.at);
		expect(entryOf(doc, id).timeline.map((e) => (e.type === 'note' ? e.text : e.type))).toEqual(['created', '已联系物业', '街道已协调']);
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

describe('an edit shown ahead (issue 11): the page derives what the board will', () => {
	it('withEvent and withFacts give the state the board reads after pushEvent and updateFacts', () => {
		const doc = newBoard();
		const id = addEntry(doc, facts(), '李明', T0);
		appendEvent(doc, id, { type: 'note', text: '已联系物业' }, '李明', T0 + 1000);
		// Escalated, then solved, then a resident's feedback: each one changes the derived state.
		const steps = [
			(s: EntryState) => draft(escalate(s, { tier: 3, responsible: '区住建局 李强', deadline: '2025-03-20', text: '需区级部门协同', departments: ['区住建局', '区城管局'] }, TODAY)),
			(s: EntryState) => draft(solve(s, { text: '已维修完毕' })),
			(s: EntryState) => draft(recordFeedback(s, { text: '满意', satisfaction: 'satisfied' }))
		];
		for (const [i, step] of steps.entries()) {
			const before = entryOf(doc, id);
			const event = stampEvent(step(before), '李明', T0 + 2000 + i);
			const ahead = withEvent(before, event);
			pushEvent(doc, id, event);
			expect(ahead).toEqual(entryOf(doc, id));
		}
		const before = entryOf(doc, id);
		const patch = { content: '楼道灯不亮，已换灯泡', receivedOn: '2025-03-09' };
		const ahead = withFacts(before, { ...patch, reporterName: '王芳' } as Partial<EditableFacts>);
		updateFacts(doc, id, patch);
		expect(ahead).toEqual(entryOf(doc, id));
		expect(ahead).not.toHaveProperty('reporterName');
	});
});
