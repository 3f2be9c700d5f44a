// The public pages' view of the server (src/lib/server/bridge.ts): read from the server's copy of
// each station's board, through the projections in src/lib/documents/public-view.ts only.
import type * as Y from 'yjs';
import { setInboxContact } from '../../src/lib/documents/contacts';
import { residentsOf } from '../documents/residents';
import { addInboxItem } from '../../src/lib/documents/inbox';
import { readableInbox } from '../../src/lib/documents/tolerant-read';
import { publicNotice, publicReport, publicStation } from '../../src/lib/documents/public-view';
import { newId } from '../../src/lib/domain/ids';
import { newReference, validateReport } from '../../src/lib/domain/reports';
import { docNames, type StationKind } from '../../src/lib/domain/station';
import type { Notice } from '../../src/lib/domain/notices';
import type { PublicSource } from '../../src/lib/server/bridge';
import type { Directory } from '../accounts/directory';
import { RateLimiter } from '../util/rate-limit';

export interface DocAccess {
	/** The current state of a document (read-only use), from SQLite or PostgreSQL. */
	load(docName: string): Promise<Y.Doc>;
	/** A change made by the server: resolves once stored, applied and sent to everyone connected. */
	change(docName: string, change: (doc: Y.Doc) => void, sender: string): Promise<void>;
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
	const board = async (stationId: string) => (directory.getStation(stationId) ? docs.load(docNames(stationId).board) : null);
	// A station's name, street and kind come from the directory only (a rename shows at once).
	const info = (stationId: string) => {
		const s = directory.getStation(stationId)!;
		return { name: s.name, street: s.streetName, kind: s.kind as StationKind };
	};
	/**
	 * A contact card names a member of the team by the phone it carries: that person's name, unit
	 * and position are the directory's now (a rename shows on posted notices and printed cards).
	 * A card whose phone is no team member's keeps what was typed.
	 */
	const current = (stationId: string) => {
		const team = directory.teamOf(stationId);
		return (notice: Notice): Notice => {
			const person = team.find((m) => m.person.phone === notice.contact.phone)?.person;
			if (!person) return notice;
			const contact = { ...notice.contact, name: person.name, unit: person.unit || notice.contact.unit, position: person.position || notice.contact.position };
			return { ...notice, contact, onDuty: notice.onDuty === notice.contact.name ? person.name : notice.onDuty };
		};
	};
	const stationPage = async (stationId: string, doc: Y.Doc) => {
		const page = publicStation(doc, info(stationId), await personal(stationId));
		return { ...page, notices: page.notices.map(current(stationId)) };
	};
	// The names and numbers the team holds, masked wherever they were typed into public text.
	const personal = (stationId: string) => residentsOf(docs.load, stationId);
	return {
		publicUrl,
		fresh: () => directory.fresh(),
		async station(stationId) {
			const doc = await board(stationId);
			return doc && stationPage(stationId, doc);
		},
		async notice(stationId, noticeId) {
			const doc = await board(stationId);
			const notice = doc && publicNotice(doc, noticeId);
			return doc && notice ? { station: await stationPage(stationId, doc), notice: current(stationId)(notice) } : null;
		},
		async report(stationId, ref, address) {
			if (!lookupsByAddress.take(address)) return 'too-many';
			const doc = await board(stationId);
			return doc && publicReport(doc, ref, await personal(stationId));
		},
		async submitReport(stationId, input, address) {
			const doc = await board(stationId);
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
			if (name || phone) await docs.change(docNames(stationId).contacts, (d) => setInboxContact(d, item.id, { name, phone }, 'public-report'), `public:${address}`);
			await docs.change(docNames(stationId).board, (d) => addInboxItem(d, item, 'public-report'), `public:${address}`);
			return { ok: true, ref };
		}
	};
}
