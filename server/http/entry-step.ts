// The office's steps on a ledger entry (a dispatch decision, a referral, its outcome), judged against
// the entry as it is in the very document the step is written to. The route reads the entry first
// (for a quick 404 or 409), but a cadre may solve or close it between that read and the write: the
// step is then refused, not appended to an entry that is no longer open. The street leader's notes
// come this way too.
import type * as Y from 'yjs';
import { appendEvent, boardParts } from '../../src/lib/documents/board';
import { BOARD_LIMITS } from '../../src/lib/documents/shapes';
import { readableEntry } from '../../src/lib/documents/tolerant-read';
import type { EntryState, EventDraft } from '../../src/lib/domain/ledger';
import { docNames } from '../../src/lib/domain/station';
import { HttpError } from './json';

/**
 * Events past which the server writes no more steps on an entry (`409 timeline-full`): the relay
 * refuses the team's own steps past BOARD_LIMITS.timeline, so the last hundred are kept for the
 * team, and no one outside it (a leader's notes, the office's decisions) can fill an entry up.
 */
export const SERVER_TIMELINE_MAX = BOARD_LIMITS.timeline - 100;

interface BoardWriter {
	change(docName: string, change: (doc: Y.Doc) => void, sender: string): Promise<void>;
}

/**
 * Appends `step(entry)` to the entry's timeline in one change of its board; `step` throws (an
 * HttpError) to refuse. Answers the event written. `sender`: whose change the relay tells (the office's by default).
 */
export async function appendStep(docs: BoardWriter, stationId: string, entryId: string, step: (entry: EntryState) => EventDraft, by: { id: string; name: string }, at: number, sender = `office:${by.id}`): Promise<EventDraft> {
	let written: EventDraft | null = null;
	await docs.change(
		docNames(stationId).board,
		(doc) => {
			const map = boardParts(doc).entries.get(entryId);
			const entry = map === undefined ? null : readableEntry(map, entryId);
			if (!entry) throw new HttpError(404, 'entry-gone');
			written = step(entry);
			// Its stored length, as the relay's bound counts it (the entry read skips malformed events).
			if (((map!.get('timeline') as Y.Array<unknown> | undefined)?.length ?? 0) >= SERVER_TIMELINE_MAX) throw new HttpError(409, 'timeline-full');
			appendEvent(doc, entryId, written, by.name, at);
		},
		sender
	);
	return written!;
}
