// An entry's history as the server answers it (docs/api.md, "Entry history"), shared by the
// server (server/history/entry-history.ts) and the app's history sheet.

interface ItemBase {
	/** The stored update that made the change: a restore names one of these. */
	updateId: number;
	/** When the server received it (its clock, not the sender's). */
	receivedAt: number;
	/** The sender's name in the directory, or null when the server itself wrote it. */
	by: string | null;
	/** Found in the updates stored before the history was kept (same sender and time). */
	backfilled: boolean;
	/** Set on an office restore: the version it went back to. */
	restoredFrom: number | null;
}

export type EntryHistoryItem =
	| (ItemBase & { kind: 'created'; facts: Record<string, unknown> })
	| (ItemBase & { kind: 'fact'; field: string; before: unknown; after: unknown })
	| (ItemBase & { kind: 'event'; event: Record<string, unknown> });

export interface EntryHistoryView {
	/** Every recorded change, in the order the server committed them. */
	items: EntryHistoryItem[];
	/** Timeline events with no record: written before the history was kept (their own time and author). */
	unrecorded: Record<string, unknown>[];
	/** false: the entry existed before the history was kept (its first facts are not recorded). */
	createdRecorded: boolean;
}

export interface EntryHistoryAnswer extends EntryHistoryView {
	entryId: string;
	/** The frontline office may restore the facts to an earlier version. */
	canRestore: boolean;
}
