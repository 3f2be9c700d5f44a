// One station's statistics input derived from its stored updates: pure, so the warm-up can run it
// in a worker thread (derive-worker.ts) while the main thread keeps serving. Applying a 2,000-entry
// board is one indivisible Yjs call of a few hundred ms, which no slicing on the main thread avoids.
import * as Y from 'yjs';
import { readDutyDays } from '../../src/lib/documents/duty-days';
import type { DutyDay } from '../../src/lib/domain/service';
import { readableEntries, readableIdeas, readableRecords } from '../../src/lib/documents/tolerant-read';
import type { IdeaState } from '../../src/lib/domain/ideas';
import type { EntryState } from '../../src/lib/domain/ledger';
import { pack, type PackedStation } from './stats-projection';

/** A station's name is the directory's (server/accounts/directory.ts), never the board's copy. */
export interface BoardDerived {
	entries: EntryState[];
	ideas: IdeaState[];
	/** The duty days' records (cards handed out). */
	dutyDays: DutyDay[];
}

export function deriveBoard(doc: Y.Doc): BoardDerived {
	// A record that cannot be read is skipped and logged (tolerant-read.ts): one never fails the view.
	return { entries: readableEntries(doc), ideas: readableIdeas(doc), dutyDays: readDutyDays(doc) };
}

function open(updates: Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => updates.forEach((u) => Y.applyUpdate(doc, u)));
	return doc;
}

/** The packed station from the board's and the visit log's stored updates; the documents are dropped after. */
export function deriveFromUpdates(board: Uint8Array[], visits: Uint8Array[]): PackedStation {
	const boardDoc = open(board);
	const visitsDoc = open(visits);
	try {
		return pack({ ...deriveBoard(boardDoc), visits: readableRecords(visitsDoc, 'visits'), help: readableRecords(visitsDoc, 'help') });
	} finally {
		boardDoc.destroy();
		visitsDoc.destroy();
	}
}
