// An entry opened from the list finds the row the list showed: from the latest list shown that has
// it (the head is shown before the windows), and none once the station is forgotten.
import { describe, expect, it } from 'vitest';
import type { LedgerRow } from '$lib/domain/ledger-query';
import { forgetRows, projectedRow, rememberRows } from './projected-rows';

const row = (id: string, content: string) => ({ id, content }) as LedgerRow;

describe('projected rows', () => {
	it('finds a row in the latest read that has it, per station, until forgotten', () => {
		rememberRows('a1', [row('e1', '北门岗亭漏雨（旧）')]);
		rememberRows('a1', [row('e2', '3号楼楼道灯不亮'), row('e1', '北门岗亭漏雨')]);
		rememberRows('b2', [row('e9', '西关')]);
		expect(projectedRow('a1', 'e1')?.content).toBe('北门岗亭漏雨');
		expect(projectedRow('a1', 'e2')?.content).toBe('3号楼楼道灯不亮');
		expect(projectedRow('a1', 'e9')).toBeNull();
		forgetRows('a1');
		expect(projectedRow('a1', 'e1')).toBeNull();
		expect(projectedRow('b2', 'e9')?.content).toBe('西关');
	});

	it('keeps the last few lists shown (a list asked again at every keystroke does not grow the page)', () => {
		for (let i = 0; i < 20; i++) rememberRows('c3', [row(`e${i}`, `问题 ${i}`)]);
		expect(projectedRow('c3', 'e19')?.content).toBe('问题 19');
		expect(projectedRow('c3', 'e12')?.content).toBe('问题 12');
		expect(projectedRow('c3', 'e0')).toBeNull();
		forgetRows('c3');
	});
});
