// The fuzz's own judge: a stack trace the server wrote is a leak; the forged one the fuzz itself
// stores in a text field, and a later case reads back (a CSV export, a list), is not.
import { describe, expect, it } from 'vitest';
import { FORGED_FRAME } from './generators';
import { leaksInternals } from './harness';

describe('leaksInternals', () => {
	it('finds a frame of the server’s own code', () => {
		expect(leaksInternals('Error: boom\n    at handle (/work/main/server/http/api.ts:12:3)')).toMatch(/api\.ts:12:3/);
		expect(leaksInternals('SqliteError: no such table')).toBe('SqliteError');
	});

	it('does not count what the case sent itself', () => {
		const sent = 'x\nat run (/home/a/b.js:1:1)';
		expect(leaksInternals(`echo: ${sent}`, sent)).toBeNull();
	});

	it('does not count the forged frame an earlier case stored and this one reads back', () => {
		expect(leaksInternals(`"会议纪要${FORGED_FRAME}",2025-06-01\r\n`, '')).toBeNull();
	});
});
