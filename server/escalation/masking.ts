// Text a station's team typed, as it reaches the people who decide (a street leader, the office),
// who hold none of the station's residents' contacts: masked like the public pages'
// (src/lib/domain/redact.ts; docs/data-model.md, "Redaction") by the names and numbers the team's
// contacts document holds, and anything that looks like a phone or ID number. What the office
// typed itself (a decision, a referral's note or outcome) is its own: the office's answers show it
// as typed, so an edit of a decision starts from what was decided; the minutes CSV, which leaves
// the office, masks the decision too, and the leader's read-only list masks every text it shows.
import type * as Y from 'yjs';
import { residentsOf } from '../documents/residents';
import type { AgendaItem, EscalatedEntry, ReferralRecord } from '../../src/lib/domain/escalation';
import { redact } from '../../src/lib/domain/redact';

export type Mask = (text: string) => string;

/** One answer's masks by station, each station's contacts read once (and only for a station the answer names). */
export function masksFor(load: (docName: string) => Promise<Y.Doc>): (stationId: string) => Promise<Mask> {
	const personal = new Map<string, Promise<readonly string[]>>();
	return async (stationId) => {
		let strings = personal.get(stationId);
		if (!strings) personal.set(stationId, (strings = residentsOf(load, stationId)));
		const known = await strings;
		return (text) => redact(text, known);
	};
}

/** Where an entry stands now (its person responsible is typed text, masked like the rest: a phone may be in it). */
type Current = { responsible: string } | null | undefined;
const maskCurrent = <C extends Current>(current: C, mask: Mask): C => (current ? { ...current, responsible: mask(current.responsible) } : current);

export function maskEscalated(entry: EscalatedEntry, mask: Mask): EscalatedEntry {
	return {
		...entry,
		content: mask(entry.content),
		place: mask(entry.place),
		responsible: mask(entry.responsible),
		departments: entry.departments.map(mask),
		escalationNote: mask(entry.escalationNote),
		decision: entry.decision && { ...entry.decision, decision: mask(entry.decision.decision) },
		recent: entry.recent.map((r) => ({ ...r, text: mask(r.text) }))
	};
}

/** An agenda item's snapshot of the team's text masked; with `decision`, the office's decision too (the minutes CSV). */
export function maskItem<T extends AgendaItem & { current?: Current }>(item: T, mask: Mask, { decision = false } = {}): T {
	const { snapshot } = item;
	return {
		...item,
		snapshot: { ...snapshot, content: mask(snapshot.content), responsible: mask(snapshot.responsible), departments: snapshot.departments.map(mask), ...(snapshot.escalationNote === undefined ? {} : { escalationNote: mask(snapshot.escalationNote) }) },
		...('current' in item ? { current: maskCurrent(item.current, mask) } : {}),
		...(decision ? { decision: mask(item.decision) } : {})
	};
}

/** A referral's snapshot of the entry's text masked (its note and outcome are the office's), and where the entry stands now. */
export function maskReferral<T extends ReferralRecord & { current?: Current }>(referral: T, mask: Mask): T {
	return { ...referral, content: mask(referral.content), ...('current' in referral ? { current: maskCurrent(referral.current, mask) } : {}) };
}
