// The public pages' view of the server (src/lib/server/bridge.ts): read from the server's copy of
// each station's board, through the projections in src/lib/documents/public-view.ts only.
import type * as Y from 'yjs';
import { personalStrings, setInboxContact } from '../../src/lib/documents/contacts';
import { addInboxItem } from '../../src/lib/documents/inbox';
import { readableInbox } from '../../src/lib/documents/tolerant-read';
import { publicNotice, publicReport, publicStation } from '../../src/lib/documents/public-view';
import { newId } from '../../src/lib/domain/ids';
import { newReference, validateReport } from '../../src/lib/domain/reports';
import { docNames } from '../../src/lib/domain/station';
import type { PublicSource } from '../../src/lib/server/bridge';
import type { Directory } from '../accounts/directory';
import { RateLimiter } from '../util/rate-limit';

export interface DocAccess {
	/** The current state of a document (read-only use). */
	read(docName: string): Y.Doc;
	/** A change made by the server: stored, then applied and sent to everyone connected. */
	write(docName: string, change: (doc: Y.Doc) => void, sender: string): void;
}

/** Residents' reports: a few an hour from one address, and a ceiling per station. */
const byAddress = new RateLimiter(5 / 3600, 5);
const byStation = new RateLimiter(100 / 3600, 100);

/**
 * Reference lookups per address: 30, then one every 10 s. Plenty for residents checking on their
 * reports (a whole community centre behind one address included); guessing six-character
 * references from one address gets nowhere.
 */
export const LOOKUP_BURST = 30;
export const LOOKUP_EVERY_SECONDS = 10;

export function createPublicSource(publicUrl: string, directory: Directory, docs: DocAccess): PublicSource {
	const lookupsByAddress = new RateLimiter(1 / LOOKUP_EVERY_SECONDS, LOOKUP_BURST);
	const board = (stationId: string) => (directory.getStation(stationId) ? docs.read(docNames(stationId).board) : null);
	// The names and numbers the team holds, masked wherever they were typed into public text.
	const personal = (stationId: string) => personalStrings(docs.read(docNames(stationId).contacts));
	return {
		publicUrl,
		station(stationId) {
			const doc = board(stationId);
			return doc && publicStation(doc, personal(stationId));
		},
		notice(stationId, noticeId) {
			const doc = board(stationId);
			const notice = doc && publicNotice(doc, noticeId);
			return doc && notice ? { station: publicStation(doc, personal(stationId)), notice } : null;
		},
		report(stationId, ref, address) {
			if (!lookupsByAddress.take(address)) return 'too-many';
			const doc = board(stationId);
			return doc && publicReport(doc, ref, personal(stationId));
		},
		submitReport(stationId, input, address) {
			const doc = board(stationId);
			if (!doc) return { ok: false, error: 'unknown-station' };
			const valid = validateReport(input);
			if (!valid.ok) return { ok: false, error: 'invalid', fields: Object.fromEntries(valid.errors.map((e) => [e.field, e.code])) };
			if (!byAddress.take(address) || !byStation.take(stationId)) return { ok: false, error: 'too-many' };
			const taken = new Set(readableInbox(doc).map((i) => i.ref));
			let ref = newReference();
			while (taken.has(ref)) ref = newReference();
			const { name, phone, content, place } = valid.value;
			const item = { id: newId(), ref, content, place, receivedAt: Date.now(), status: 'new' as const, entryId: '', decidedBy: '', decidedAt: 0, reason: '' };
			// The contact goes to the team's document, never the board; first, so the team never sees a report without it.
			if (name || phone) docs.write(docNames(stationId).contacts, (d) => setInboxContact(d, item.id, { name, phone }, 'public-report'), `public:${address}`);
			docs.write(docNames(stationId).board, (d) => addInboxItem(d, item, 'public-report'), `public:${address}`);
			return { ok: true, ref };
		}
	};
}
