// An update queued for the next batch commit, and what happens once that batch is committed or
// failed: the same for both update logs (store.ts on SQLite, update-log-pg.ts on PostgreSQL).
import type { HistoryRecord } from '../history/history-store.js';

export interface PendingWrite {
	docName: string;
	update: Uint8Array;
	sender: string;
	receivedAt: number;
	history: HistoryRecord | undefined;
	stored: (rowId: number) => void;
	failed: (error: Error) => void;
}

/** Runs each write's callback in order: `stored` with its row id, or `failed` (also when `stored` throws). */
export function settle(writes: readonly PendingWrite[], outcome: { ids: number[] } | { error: Error }): void {
	if ('error' in outcome) {
		for (const w of writes) w.failed(outcome.error);
		return;
	}
	writes.forEach((w, i) => {
		try {
			w.stored(outcome.ids[i]);
		} catch (error) {
			w.failed(error as Error);
		}
	});
}
