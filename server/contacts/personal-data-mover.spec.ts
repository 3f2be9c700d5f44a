// The mover keeps in the contacts only what a writer with the right to them put into a board: what
// a lawyer puts there is only deleted, never kept (docs/sync-protocol.md). Moves of one station run
// one after the other: a second move begun while the first waited on its contacts write found the
// lawyer's value, which the first had marked and not yet deleted, unmarked, and kept it.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, boardParts } from '../../src/lib/documents/board';
import type { Db } from '../db';
import { PersonalDataMover, type DocWriter } from './personal-data-mover';

const STATION = 'station0001';
const NOW = Date.UTC(2026, 0, 5, 9);
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the personal-data mover', () => {
	it('never keeps a lawyer’s reporter in the contacts, however its moves overlap', async () => {
		const board = new Y.Doc();
		const contacts = new Y.Doc();
		const ids = ['A', 'B', 'C'].map((content) => addEntry(board, { content, place: '', category: 'infrastructure', receivedOn: '2026-01-05', visitId: '' }, '王干部', NOW));
		let release: () => void = () => {};
		let held: Promise<void> | null = null;
		const writer: DocWriter = {
			load: async (name) => (name.startsWith('board:') ? board : contacts),
			async change(name, change) {
				if (name.startsWith('contacts:') && held) await held;
				change(name.startsWith('board:') ? board : contacts);
			},
			log: { load: async () => [] }
		};
		const mover = new PersonalDataMover(() => writer, {} as Db, quiet, (person) => person === 'cadre');
		await mover.roomOpened(`board:${STATION}`, board);
		const write = (id: string, name: string, person: string) =>
			board.transact(() => (boardParts(board).entries.get(id) as Y.Map<unknown>).set('reporterName', name), { identity: { userId: person } });

		held = new Promise((resolve) => (release = resolve));
		// An old app's cadre and a lawyer write at once: the move waits on the contacts' write…
		write(ids[0], '律师写的', 'lawyer');
		write(ids[1], '周红梅', 'cadre');
		await turn();
		// …while the lawyer writes again, and a second move begins.
		write(ids[2], '律师又写', 'lawyer');
		await turn();
		release();
		held = null;
		for (let i = 0; i < 20; i++) await turn();

		const kept = Object.values((contacts.getMap('reporters').toJSON() as Record<string, { name?: string }>)).map((r) => r.name);
		expect(kept).toEqual(['周红梅']);
		for (const id of ids) expect((boardParts(board).entries.get(id) as Y.Map<unknown>).has('reporterName')).toBe(false);
	});
});
