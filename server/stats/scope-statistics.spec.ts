// The months a statistics period touches: counted, so no period makes it loop (issue 7: a period
// in the year 9999 used to loop forever and take the server down).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Directory } from '../accounts/directory';
import { openDb } from '../db';
import { monthsOf, stationStatistics } from './scope-statistics';

describe('monthsOf', () => {
	it('lists the months a period touches, across a year end', () => {
		expect(monthsOf({ from: '2025-11-15', to: '2026-02-01' })).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		expect(monthsOf({ from: '2026-03-01', to: '2026-03-31' })).toEqual(['2026-03']);
	});

	it('ends for the last month there is, and for a period the wrong way round', () => {
		expect(monthsOf({ from: '9999-12-01', to: '9999-12-31' })).toEqual(['9999-12']);
		expect(monthsOf({ from: '2026-05-01', to: '2026-04-01' })).toEqual([]);
	});

	it('throws for a period longer than the API allows instead of building it', () => {
		expect(() => monthsOf({ from: '0000-01-01', to: '9999-12-31' })).toThrow(RangeError);
	});
});

describe('a station whose cadre has left', () => {
	it('counts the visit target of the cadres who serve, not of a disabled one', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'yixian-stats-'));
		const db = await openDb(join(dir, 'test.db'));
		try {
			const directory = await Directory.open(db);
			const street = await directory.createStreet('t', '东关街道');
			const station = await directory.createStation('t', { name: '交接社区', streetId: street.id, kind: 'community' });
			const left = await directory.createPerson('t', { phone: '13900000001', name: '离任', role: 'member', password: 'password-1' });
			const next = await directory.createPerson('t', { phone: '13900000002', name: '接任', role: 'member', password: 'password-2' });
			await directory.assign('t', left.id, station.id, 'cadre');
			await directory.assign('t', next.id, station.id, 'cadre');
			await directory.updatePerson('t', left.id, { disabled: true });
			const none = { entries: [], ideas: [], visits: [], help: [], dutyDays: [] };
			const stats = stationStatistics(directory, none, station.id, { from: '2026-05-01', to: '2026-06-30' }, '2026-06-30');
			// One cadre, two months, 50 households a month.
			expect(stats.visits.target).toBe(100);
		} finally {
			await db.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
