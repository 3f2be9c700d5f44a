import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, addIdea, BOARD_SCHEMA, boardParts, initBoard, readEntry, readIdea } from './board';
import { contactsParts, personalStrings, readInboxContact, readProposer, readReporter, setReporter } from './contacts';
import { decide, inboxOf, type InboxItem } from './inbox';
import { findPersonalData, isEmpty, movePersonalData, touchedPersonalData } from './personal-data';
import { replica, sync } from './test-kit';

const T0 = Date.UTC(2026, 2, 2, 2);
const NAME = '王秀英';
const PHONE = '13812345678';

/** A board as the app of schema 1 wrote it: the reporter on the entry, the contact on the inbox item, the proposer on the idea. */
function oldBoard(): Y.Doc {
	const doc = new Y.Doc();
	initBoard(doc, { name: '幸福社区', street: '东关街道', kind: 'community' }, T0);
	const { meta, entries, ideas } = boardParts(doc);
	doc.transact(() => {
		meta.set('schema', 1);
		const entry = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({ id: 'e1', content: '楼道灯坏了', place: '', category: 'other', receivedOn: '2026-03-02', reporterName: NAME, reporterPhone: PHONE, reporterPrivate: false, visitId: '', createdAt: T0, createdBy: '李驻点' }))
			entry.set(k, v);
		entry.set('timeline', Y.Array.from([{ id: 'c1', at: T0, by: '李驻点', type: 'created' }]));
		entries.set('e1', entry);
		const quiet = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({ id: 'e2', content: '无人反映', place: '', category: 'other', receivedOn: '2026-03-02', reporterName: '', reporterPhone: '', reporterPrivate: true, visitId: '', createdAt: T0, createdBy: '李驻点' }))
			quiet.set(k, v);
		quiet.set('timeline', Y.Array.from([{ id: 'c2', at: T0, by: '李驻点', type: 'created' }]));
		entries.set('e2', quiet);
		inboxOf(doc).set('i1', { id: 'i1', ref: 'ABCDEF', content: '路灯不亮', place: '', name: '赵大爷', phone: '13900001111', receivedAt: T0, status: 'new', entryId: '', decidedBy: '', decidedAt: 0, reason: '' } as InboxItem);
		const idea = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({ id: 'd1', title: '装感应灯', detail: '', source: 'talk', proposer: '钱奶奶', createdAt: T0, createdBy: '李驻点' })) idea.set(k, v);
		idea.set('history', Y.Array.from([{ stage: 'collected', at: T0, by: '李驻点', note: '' }]));
		ideas.set('d1', idea);
	});
	return doc;
}

const holds = (doc: Y.Doc, secret: string) => Buffer.from(Y.encodeStateAsUpdate(doc)).includes(Buffer.from(secret));
const SECRETS = [NAME, PHONE, '赵大爷', '13900001111', '钱奶奶'];

describe('moving personal data out of a board of schema 1', () => {
	it('leaves the board with none of it, even in its encoded state, and the contacts with all of it', () => {
		const board = oldBoard();
		const contacts = new Y.Doc();
		expect(movePersonalData(board, contacts, 'test')).toBe(true);
		for (const secret of SECRETS) expect(holds(board, secret), secret).toBe(false);
		expect(readReporter(contacts, 'e1')).toEqual({ name: NAME, phone: PHONE, private: false });
		expect(contactsParts(contacts).reporters.has('e2')).toBe(false); // nobody named: no record
		expect(readInboxContact(contacts, 'i1')).toEqual({ name: '赵大爷', phone: '13900001111' });
		expect(readProposer(contacts, 'd1')).toBe('钱奶奶');
		expect(readEntry(boardParts(board).entries.get('e1')!)).toMatchObject({ content: '楼道灯坏了', status: 'open' });
		expect(inboxOf(board).get('i1')).toMatchObject({ ref: 'ABCDEF', content: '路灯不亮', status: 'new' });
		expect(readIdea(boardParts(board).ideas.get('d1')!)).toMatchObject({ title: '装感应灯', stage: 'collected' });
		expect(boardParts(board).meta.get('schema')).toBe(BOARD_SCHEMA);
		expect(personalStrings(contacts).sort()).toEqual([...SECRETS].sort());
	});

	it('is idempotent: a second run writes nothing', () => {
		const board = oldBoard();
		const contacts = new Y.Doc();
		movePersonalData(board, contacts, 'test');
		let updates = 0;
		board.on('update', () => updates++);
		contacts.on('update', () => updates++);
		expect(movePersonalData(board, contacts, 'test')).toBe(false);
		expect(updates).toBe(0);
	});

	it('ends in the same state when two phones move the same board offline and then merge', () => {
		const boardA = oldBoard();
		const boardB = replica(boardA);
		const contactsA = new Y.Doc();
		const contactsB = new Y.Doc();
		movePersonalData(boardA, contactsA, 'a');
		movePersonalData(boardB, contactsB, 'b');
		sync(boardA, boardB);
		sync(contactsA, contactsB);
		for (const [board, contacts] of [[boardA, contactsA], [boardB, contactsB]]) {
			expect(isEmpty(findPersonalData(board))).toBe(true);
			for (const secret of SECRETS) expect(holds(board, secret), secret).toBe(false);
			expect(readReporter(contacts, 'e1')).toEqual({ name: NAME, phone: PHONE, private: false });
		}
	});

	it("moves again what an old app writes back after the move: one field, and a new entry's reporter", () => {
		const board = oldBoard();
		const contacts = new Y.Doc();
		movePersonalData(board, contacts, 'test');
		const old = replica(board);
		const seen: boolean[] = [];
		board.on('afterTransaction', (tr: Y.Transaction) => seen.push(touchedPersonalData(board, tr)));
		old.transact(() => {
			boardParts(old).entries.get('e1')!.set('reporterPhone', '13700000000');
			const entry = new Y.Map<unknown>();
			for (const [k, v] of Object.entries({ id: 'e3', content: '新问题', reporterName: '孙阿姨', reporterPhone: '', reporterPrivate: true })) entry.set(k, v);
			boardParts(old).entries.set('e3', entry);
		});
		sync(old, board);
		expect(seen).toContain(true);
		expect(movePersonalData(board, contacts, 'test')).toBe(true);
		expect(readReporter(contacts, 'e1')).toEqual({ name: NAME, phone: '13700000000', private: false });
		expect(readReporter(contacts, 'e3')).toEqual({ name: '孙阿姨', phone: '', private: true });
		expect(isEmpty(findPersonalData(board))).toBe(true);
	});

	it('does not see personal data in a transaction that only edits the facts or the timeline', () => {
		const board = oldBoard();
		movePersonalData(board, new Y.Doc(), 'test');
		const seen: boolean[] = [];
		board.on('afterTransaction', (tr: Y.Transaction) => seen.push(touchedPersonalData(board, tr)));
		boardParts(board).entries.get('e1')!.set('place', '3号楼');
		addEntry(board, { content: 'x', place: '', category: 'other', receivedOn: '2026-03-03', visitId: '' }, '李驻点', T0);
		expect(seen).toEqual([false, false]);
	});
});

describe('the new layout never puts personal data in the board', () => {
	it('writes an entry without reporter keys and an idea without proposer, even when given them', () => {
		const board = new Y.Doc();
		const given = { content: 'x', place: '', category: 'other', receivedOn: '2026-03-03', visitId: '', reporterName: NAME, reporterPhone: PHONE, reporterPrivate: true };
		const id = addEntry(board, given, '李驻点', T0);
		const ideaId = addIdea(board, { title: 't', detail: '', source: 'talk', proposer: '钱奶奶' } as never, '李驻点', T0);
		expect([...boardParts(board).entries.get(id)!.keys()].sort()).toEqual(['category', 'content', 'createdAt', 'createdBy', 'id', 'place', 'receivedOn', 'timeline', 'visitId']);
		expect(boardParts(board).ideas.get(ideaId)!.has('proposer')).toBe(false);
	});

	it("drops a contact an inbox item still carried when the team decides it", () => {
		const board = oldBoard();
		const item = inboxOf(board).get('i1')!;
		decide(board, item, { status: 'dismissed', entryId: '', reason: '重复' }, '李驻点', T0);
		expect(JSON.stringify(inboxOf(board).get('i1'))).not.toMatch(/赵大爷|13900001111/);
	});

	it('keeps the reporter in the contacts, writing nothing for an empty one or an unchanged one', () => {
		const contacts = new Y.Doc();
		let updates = 0;
		contacts.on('update', () => updates++);
		setReporter(contacts, 'e9', { name: '', phone: '', private: true });
		expect(updates).toBe(0);
		setReporter(contacts, 'e9', { name: NAME });
		setReporter(contacts, 'e9', { phone: PHONE });
		setReporter(contacts, 'e9', { phone: PHONE });
		expect(updates).toBe(2);
		expect(readReporter(contacts, 'e9')).toEqual({ name: NAME, phone: PHONE, private: true });
	});
});
