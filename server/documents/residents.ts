// The names and numbers of a station's residents that its team holds: the contacts document's
// (reporters, proposers, reports' contacts) and the visit log's (households visited, people paired
// with). Text the team typed is masked with them wherever it leaves the team: the public pages,
// the bulletin, the exports and answers for those outside it (docs/data-model.md, "Redaction").
import type * as Y from 'yjs';
import { personalStrings } from '../../src/lib/documents/contacts';
import { residentStrings } from '../../src/lib/documents/visit-log';
import { docNames } from '../../src/lib/domain/station';

export async function residentsOf(load: (docName: string) => Promise<Y.Doc>, stationId: string): Promise<string[]> {
	const names = docNames(stationId);
	const [contacts, visits] = await Promise.all([load(names.contacts), load(names.visits)]);
	return [...new Set([...personalStrings(contacts), ...residentStrings(visits)])];
}
