// Entries as the board projection takes them (board-projection.ts), for its specs: `n` numbers the
// entry (its id e000, e001, …), with a one-event timeline; and a station's `count` of them with the
// ledger's head.
import type { ProjectedEntry } from './board-projection';

export const projectedEntry = (n: number): ProjectedEntry => ({
	id: `e${String(n).padStart(3, '0')}`,
	content: `问题 ${n}`,
	place: '',
	responsible: '',
	category: '基础设施',
	receivedOn: '2026-03-01',
	createdAt: n,
	updatedAt: n,
	tier: 1,
	deadline: '',
	status: 'open',
	reopenCount: 0,
	timeline: [{ at: n, kind: 'created' }] as never[]
});

export function projectedStation(count: number) {
	const entries = Array.from({ length: count }, (_, n) => projectedEntry(n));
	return { entries, head: { rows: entries.slice(0, 3), total: entries.length } };
}
