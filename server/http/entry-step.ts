// The office's steps on a ledger entry (a dispatch decision, a referral, its outcome), judged against
// the entry as it is in the very document the step is written to. The route reads the entry first
// (for a quick 404 or 409), but a cadre may solve or close it between that read and the write: the
// step is then refused, not appended to an entry that is no longer open.
import type * as Y from 'yjs';
import { appendEvent, boardParts } from '../../src/lib/documents/board';
import { readableEntry } from '../../src/lib/documents/tolerant-read';
import type { EntryState, EventDraft } from '../../src/lib/domain/ledger';
import { docNames } from '../../src/lib/domain/station';
import { HttpError } from './json';

interface BoardWriter {
	change(docName: string, change: (doc: Y.Doc) => void, sender: string): Promise<void>;
}

/**
 * Appends `step(entry)` to the entry's timeline in one change of its board; `step` throws (an
 * HttpError) to refuse. Answers the event written.
 */
export async function appendStep(docs: BoardWriter, stationId: string, entryId: string, step: (entry: EntryState) => EventDraft, by: { id: string; name: string }, at: number): Promise<EventDraft> {
	let written: EventDraft | null = null;
	await docs.change(
		docNames(stationId).board,
		(doc) => {
			const map = boardParts(doc).entries.get(entryId);
			const entry = map === undefined ? null : readableEntry(map, entryId);
			if (!entry) throw new HttpError(404, 'entry-gone');
			written = step(entry);
			appendEvent(doc, entryId, written, by.name, at);
		},
		`office:${by.id}`
	);
	return written!;
}
