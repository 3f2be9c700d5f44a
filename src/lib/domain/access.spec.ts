import { describe, expect, it } from 'vitest';
import { canEdit, canSee } from './access';

describe('station rights on the device', () => {
	it('lets anyone edit a station that exists only on this device', () => {
		expect(canEdit({}, 'board')).toBe(true);
		expect(canEdit({}, 'visits')).toBe(true);
	});

	it('lets a team member edit the board and the visit log the server granted', () => {
		expect(canEdit({ synced: true, board: 'write', visits: 'write' }, 'visits')).toBe(true);
	});

	it('never lets a reader edit, but lets them see', () => {
		const leader = { synced: true, board: 'read', visits: null } as const;
		expect(canEdit(leader, 'board')).toBe(false);
		expect(canSee(leader, 'board')).toBe(true);
	});

	it('hides the visit log from a lawyer, who writes the board only', () => {
		const lawyer = { synced: true, board: 'write', visits: null } as const;
		expect(canSee(lawyer, 'visits')).toBe(false);
		expect(canEdit(lawyer, 'board')).toBe(true);
	});

	it('treats a right the server withdrew as none', () => {
		const removed = { synced: true, board: null, visits: null } as const;
		expect(canEdit(removed, 'board')).toBe(false);
		expect(canSee(removed, 'board')).toBe(false);
	});

	it('never edits a masked copy of the board, even once the right to write it has come', () => {
		const joined = { synced: true, board: 'write', visits: 'write', boardCopy: 'masked' } as const;
		expect(canEdit(joined, 'board')).toBe(false);
		expect(canEdit(joined, 'visits')).toBe(true);
		expect(canEdit({ ...joined, boardCopy: undefined }, 'board')).toBe(true);
	});
});
