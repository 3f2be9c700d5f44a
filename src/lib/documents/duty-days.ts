// The station's duty-day records in its board (`dutyDays`): for each duty day, the contact cards
// (连心卡) the team handed out. Plain records keyed by the day, replaced whole: the team agrees one
// figure per day, so the last one saved is the day's figure (docs/data-model.md, "Duty days").
import type * as Y from 'yjs';
import type { DutyDay } from '$lib/domain/service';
import { LOCAL } from './board';
import { checkDutyDay } from './shapes';

export const dutyDaysOf = (doc: Y.Doc) => doc.getMap<DutyDay>('dutyDays');

export function setDutyDay(doc: Y.Doc, fields: Pick<DutyDay, 'date' | 'cards'>, by: string, now: number): DutyDay {
	const record: DutyDay = { date: fields.date, cards: fields.cards, updatedAt: now, updatedBy: by };
	doc.transact(() => dutyDaysOf(doc).set(record.date, record), LOCAL);
	return record;
}

/** The records of the documented shape, newest day first; any other is left out. */
export function readDutyDays(doc: Y.Doc): DutyDay[] {
	const out: DutyDay[] = [];
	for (const [date, value] of dutyDaysOf(doc) as Y.Map<unknown>) {
		if (checkDutyDay(value) === null && (value as DutyDay).date === date) out.push(value as DutyDay);
	}
	return out.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}
