// loadCleanBoard (station-contacts.svelte.ts): a board copy is cleaned of residents' data when its
// station opens, once per load, not again at every page of the station a person opens (each clean
// looks over every entry in the documents' worker).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceStation } from '$lib/device/device-db';
import type { StationBoard } from './station-board.svelte';

const loadBoard = vi.fn<(id: string) => Promise<StationBoard>>();
const unloadDoc = vi.fn();
const forgetDoc = vi.fn(async () => {});
vi.mock('./station-board.svelte', () => ({ loadBoard: (id: string) => loadBoard(id), unloadDoc: (...a: unknown[]) => unloadDoc(...a) }));
vi.mock('$lib/device/station-docs', () => ({ forgetDoc: () => forgetDoc() }));
vi.mock('$lib/device/doc-registry', () => ({ onWorkerFailed: () => {} }));
vi.mock('$lib/device/docs-client', () => ({
	openRemote: (name: string) => ({ name, ready: Promise.resolve(), map: () => new Map(), watch: () => () => {} })
}));

const { loadCleanBoard } = await import('./station-contacts.svelte');

/** A board whose clean answers `answers` in turn ('none', 'cleaned', 'reader', or an error). */
function board(...answers: (string | Error)[]): StationBoard & { run: ReturnType<typeof vi.fn> } {
	const run = vi.fn(async (op: string) => {
		expect(op).toBe('cleanPersonalData');
		const answer = answers.shift() ?? 'none';
		if (answer instanceof Error) throw answer;
		return answer;
	});
	return { run } as unknown as StationBoard & { run: ReturnType<typeof vi.fn> };
}

let n = 0;
/** A team member's station on this device (the board and its contacts theirs to write). */
const station = (): DeviceStation => ({ id: `s${++n}`, synced: true, board: 'write', contacts: 'write' }) as DeviceStation;

beforeEach(() => {
	loadBoard.mockReset();
	forgetDoc.mockClear();
});

describe('a board cleaned of residents\' data when its station opens', () => {
	it('is cleaned once per load, however many of its pages open', async () => {
		const st = station();
		const b = board('cleaned');
		loadBoard.mockResolvedValue(b);
		expect(await loadCleanBoard(st)).toBe(b);
		expect(await loadCleanBoard(st)).toBe(b);
		expect(await Promise.all([loadCleanBoard(st), loadCleanBoard(st)])).toEqual([b, b]);
		expect(b.run).toHaveBeenCalledTimes(1);
	});

	it('is cleaned again when the station is loaded again (a new copy)', async () => {
		const st = station();
		const first = board();
		const again = board('cleaned');
		loadBoard.mockResolvedValueOnce(first).mockResolvedValueOnce(again);
		expect(await loadCleanBoard(st)).toBe(first);
		expect(await loadCleanBoard(st)).toBe(again);
		expect(first.run).toHaveBeenCalledTimes(1);
		expect(again.run).toHaveBeenCalledTimes(1);
	});

	it('tries a clean that failed again at the next look', async () => {
		const st = station();
		const b = board(new Error('worker gone'), 'none');
		loadBoard.mockResolvedValue(b);
		await expect(loadCleanBoard(st)).rejects.toThrow('worker gone');
		expect(await loadCleanBoard(st)).toBe(b);
		expect(b.run).toHaveBeenCalledTimes(2);
	});

	it('gives a reader the copy synced afresh, and does not clean that one again', async () => {
		const st = { ...station(), board: 'read', contacts: null } as DeviceStation;
		const old = board('reader');
		const fresh = board();
		loadBoard.mockResolvedValueOnce(old).mockResolvedValue(fresh);
		expect(await loadCleanBoard(st)).toBe(fresh);
		expect(forgetDoc).toHaveBeenCalledTimes(1);
		expect(await loadCleanBoard(st)).toBe(fresh);
		expect(fresh.run).not.toHaveBeenCalled();
	});
});
