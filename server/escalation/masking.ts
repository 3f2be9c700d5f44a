// Text a station's team typed, as it reaches the people who decide (a street leader, the office),
// who hold none of the station's residents' contacts: masked like the public pages'
// (src/lib/domain/redact.ts; docs/data-model.md, "Redaction") by the names and numbers the team's
// contacts document holds, and anything that looks like a phone or ID number. What the office
// typed itself (a decision, a referral's note or outcome) goes onto the entry's timeline, which
// the entry's history masks for them too, so it is masked the same way here.
import type * as Y from 'yjs';
import { personalStrings } from '../../src/lib/documents/contacts';
import type { AgendaItem, AgendaItemNow, EscalatedEntry, ReferralRecord } from '../../src/lib/domain/escalation';
import { redact } from '../../src/lib/domain/redact';
import { docNames } from '../../src/lib/domain/station';

export type Mask = (text: string) => string;

/** One answer's masks by station, each station's contacts read once (and only for a station the answer names). */
export function masksFor(load: (docName: string) => Promise<Y.Doc>): (stationId: string) => Promise<Mask> {
	const personal = new Map<string, Promise<readonly string[]>>();
	return async (stationId) => {
		let strings = personal.get(stationId);
		if (!strings) personal.set(stationId, (strings = load(docNames(stationId).contacts).then(personalStrings)));
		const known = await strings;
		return (text) => redact(text, known);
	};
}

export function maskEscalated(entry: EscalatedEntry, mask: Mask): EscalatedEntry {
	return {
		...entry,
		content: mask(entry.content),
		place: mask(entry.place),
		escalationNote: mask(entry.escalationNote),
		decision: entry.decision && { ...entry.decision, decision: mask(entry.decision.decision) },
		recent: entry.recent.map((r) => ({ ...r, text: mask(r.text) }))
	};
}

export function maskItem<T extends AgendaItem | AgendaItemNow>(item: T, mask: Mask): T {
	const { snapshot } = item;
	const referral = 'referral' in item ? item.referral : undefined;
	return {
		...item,
		snapshot: { ...snapshot, content: mask(snapshot.content), ...(snapshot.escalationNote === undefined ? {} : { escalationNote: mask(snapshot.escalationNote) }) },
		decision: mask(item.decision),
		...(referral ? { referral: { ...referral, note: mask(referral.note), outcome: mask(referral.outcome) } } : {})
	};
}

export function maskReferral<T extends ReferralRecord>(referral: T, mask: Mask): T {
	return { ...referral, content: mask(referral.content), note: mask(referral.note), outcome: mask(referral.outcome) };
}
