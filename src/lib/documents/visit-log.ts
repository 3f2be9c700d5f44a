// The station's visit log document (visits:<stationId>). It holds residents' personal data, so it
// is a document of its own: the server gives it different readers from the board and never
// renders it publicly. Records are plain objects replaced whole (they are written once and
// rarely corrected), which keeps 20,000 visits cheap to load.
import type * as Y from 'yjs';
import { newId } from '$lib/domain/ids';
import type { Help, Tie, Visit } from '$lib/domain/visits';
import { LOCAL } from './board';

export const visitLogParts = (doc: Y.Doc) => ({
	visits: doc.getMap<Visit>('visits'),
	ties: doc.getMap<Tie>('ties'),
	help: doc.getMap<Help>('help')
});

type Records = { visits: Visit; ties: Tie; help: Help };
type Part = keyof Records;
type RecordOf<P extends Part> = Records[P];

const partOf = <P extends Part>(doc: Y.Doc, part: P) => doc.getMap<Records[P]>(part);

export function addRecord<P extends Part>(
	doc: Y.Doc,
	part: P,
	fields: Omit<RecordOf<P>, 'id' | 'createdAt'>,
	now: number
): RecordOf<P> {
	const record = { ...fields, id: newId(), createdAt: now } as RecordOf<P>;
	doc.transact(() => partOf(doc, part).set(record.id, record), LOCAL);
	return record;
}

export function replaceRecord<P extends Part>(doc: Y.Doc, part: P, record: RecordOf<P>): void {
	doc.transact(() => partOf(doc, part).set(record.id, record), LOCAL);
}

export function deleteRecord(doc: Y.Doc, part: Part, id: string): void {
	doc.transact(() => visitLogParts(doc)[part].delete(id), LOCAL);
}

/**
 * The residents' names and numbers the visit log holds (a household visited, a person paired with
 * and their contact): with the contacts document's (`personalStrings`), what text leaving the team
 * is masked with (docs/data-model.md, "Redaction"). Each once; a malformed record is skipped.
 */
export function residentStrings(doc: Y.Doc | null | undefined): string[] {
	if (!doc) return [];
	const { visits, ties } = visitLogParts(doc);
	const out = new Set<unknown>();
	for (const v of visits.values()) out.add(v?.household);
	for (const t of ties.values()) out.add(t?.name).add(t?.contact);
	return [...out].filter((s): s is string => typeof s === 'string' && s.trim().length >= 2);
}
