// The warm-up's worker derives exactly what the main thread would, off the main thread.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, initBoard } from '../../src/lib/documents/board';
import { startDeriver } from './derive-pool';
import { deriveFromUpdates } from './derive-station';

function board(n: number): Uint8Array {
	const doc = new Y.Doc();
	initBoard(doc, { name: '甲社区', street: '和平街道', kind: 'community' }, 1);
	for (let i = 0; i < n; i++) addEntry(doc, { content: `问题${i}`, place: '', category: 'other', receivedOn: '2026-03-01', visitId: '' }, '干部', 2);
	return Y.encodeStateAsUpdate(doc);
}

describe('the warm-up worker', () => {
	it('packs a station as the main thread does, without falling back', async () => {
		const warnings: string[] = [];
		const deriver = startDeriver({ warn: (m: string) => void warnings.push(m) });
		const updates = [board(40)];
		try {
			const packed = JSON.parse(await deriver.derive(updates, []));
			expect(packed).toEqual(deriveFromUpdates(updates, []));
			expect(packed.entries).toHaveLength(40);
			expect(warnings).toEqual([]);
		} finally {
			deriver.close();
		}
	});

	it('rejects what is in flight when closed', async () => {
		const deriver = startDeriver({ warn: () => {} });
		const pending = deriver.derive([board(5)], []);
		deriver.close();
		await expect(pending).rejects.toThrow(/closed/);
	});
});
