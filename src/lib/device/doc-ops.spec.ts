// The edits the documents' worker runs by name (doc-ops.ts): a resident's report accepted into the
// ledger, also after it was dismissed, and once only however often the acceptance is asked for;
// an idea corrected; and what a run tells the page (runOp).
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { boardParts } from '$lib/documents/board';
import { contactsParts } from '$lib/documents/contacts';
import { facts, newBoard, T0 } from '$lib/documents/board-test-kit';
import { inboxOf, type InboxItem } from '$lib/documents/inbox';
import { OPS, runOp, type OpContext } from './doc-ops';

const context: OpContext = { loaded: async () => null, stored: async () => {}, compact: async () => {} };
const report: InboxItem = { id: 'r1', ref: 'ABCDEF', content: '楼下广场舞音响太吵', place: '', receivedAt: T0, status: 'new', entryId: '', reason: '', decidedBy: '', decidedAt: 0 };

describe('acceptReport', () => {
	it('accepts a dismissed report after all, with its entry, and a second acceptance makes no second entry', () => {
		const board = newBoard();
		inboxOf(board).set(report.id, report);
		OPS.decide(board, context, report, { status: 'dismissed', entryId: '', reason: '不属于本驻点' }, '王干部', T0 + 1000);
		const entryId = OPS.acceptReport(board, context, inboxOf(board).get(report.id)!, facts({ content: report.content }), '王干部', T0 + 2000);
		expect(inboxOf(board).get(report.id)).toMatchObject({ status: 'accepted', entryId, reason: '' });
		expect(boardParts(board).entries.size).toBe(1);
		// Tapped again (another tab, a page that had not seen it): the same entry, no other.
		expect(OPS.acceptReport(board, context, report, facts({ content: report.content }), '李助理', T0 + 3000)).toBe(entryId);
		expect(boardParts(board).entries.size).toBe(1);
	});
});

describe('updateIdea and setProposer: an idea corrected from the page', () => {
	it('corrects an idea\'s facts in the board, and clears its proposer in the contacts', () => {
		const board = newBoard();
		const id = OPS.addIdea(board, context, { title: '律师驻材', detail: '', source: 'forum' }, '王干部', T0);
		OPS.updateIdea(board, context, id, { title: '律师驻村' });
		expect(boardParts(board).ideas.get(id)!.get('title')).toBe('律师驻村');
		const contacts = new Y.Doc();
		OPS.setProposer(contacts, context, id, '钱奶奶');
		OPS.setProposer(contacts, context, id, '');
		expect(contactsParts(contacts).proposers.has(id)).toBe(false);
	});
});

describe('runOp: an op run by name, and whether it changed the document', () => {
	it('says an op that found nothing to do changed nothing (the page then need not ask for a commit), and one that wrote changed it', async () => {
		const board = newBoard();
		expect(await runOp('cleanPersonalData', board, context, [null, true])).toEqual({ value: 'none', changed: false });
		const added = await runOp('addEntry', board, context, [facts({ content: '路灯不亮' }), '王干部', T0]);
		expect(added.changed).toBe(true);
		expect(boardParts(board).entries.has(added.value as string)).toBe(true);
		// Listening stops with the op: it leaves no listener on the document.
		const listeners = () => board._observers.get('update')?.size ?? 0;
		const before = listeners();
		await runOp('cleanPersonalData', board, context, [null, true]);
		expect(listeners()).toBe(before);
	});

	it('refuses an op that is not one of the document writers', async () => {
		await expect(runOp('toString', newBoard(), context, [])).rejects.toThrow('unknown op');
	});
});

describe('cleanPersonalData: residents’ data moved off an old board copy', () => {
	/** A board copy stored before the move: its entry holds the reporter's name. */
	function oldBoard() {
		const board = newBoard();
		const id = OPS.addEntry(board, context, facts(), '李明', T0);
		board.transact(() => boardParts(board).entries.get(id)!.set('reporterName', '王秀英'));
		return { board, id };
	}

	it('takes it off the board only once the contacts holding it are committed', async () => {
		const { board, id } = oldBoard();
		const contacts = new Y.Doc();
		const steps: string[] = [];
		let commit!: () => void;
		const ctx: OpContext = {
			loaded: async () => contacts,
			stored: (name) => (steps.push(`stored ${name}`), new Promise<void>((r) => (commit = r))),
			compact: async (name) => void steps.push(`compact ${name}`)
		};
		const cleaning = OPS.cleanPersonalData(board, ctx, 'contacts:s1', true);
		await new Promise((r) => setTimeout(r, 0));
		expect(contactsParts(contacts).reporters.get(id)).toMatchObject({ name: '王秀英' });
		expect(steps).toEqual(['stored contacts:s1']);
		expect(boardParts(board).entries.get(id)!.get('reporterName')).toBe('王秀英');
		commit();
		expect(await cleaning).toBe('cleaned');
		expect(steps).toEqual(['stored contacts:s1', `compact ${board.guid}`]);
		expect(boardParts(board).entries.get(id)!.has('reporterName')).toBe(false);
	});

	it('leaves it on the board when the contacts could not be committed: the next look finds it again', async () => {
		const { board, id } = oldBoard();
		const compact = vi.fn(async () => {});
		const ctx: OpContext = { loaded: async () => new Y.Doc(), stored: async () => Promise.reject(new Error('QuotaExceededError')), compact };
		await expect(OPS.cleanPersonalData(board, ctx, 'contacts:s1', true)).rejects.toThrow('QuotaExceededError');
		expect(compact).not.toHaveBeenCalled();
		expect(boardParts(board).entries.get(id)!.get('reporterName')).toBe('王秀英');
	});
});
