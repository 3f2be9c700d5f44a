// The names and numbers of a station's residents that its team holds: the contacts document's
// (reporters, proposers, reports' contacts) and the visit log's (households visited, people paired
// with). Text the team typed is masked with them wherever it leaves the team: the public pages,
// the bulletin, the exports and answers for those outside it (docs/data-model.md, "Redaction").
//
// A busy visit log names thousands of households, and a public page asks at every view: the list
// is made again only when one of the two documents has changed since (and stays the same array,
// so redact's lookup made from it is reused too).
import * as Y from 'yjs';
import { personalStrings } from '../../src/lib/documents/contacts';
import { residentStrings } from '../../src/lib/documents/visit-log';
import { docNames } from '../../src/lib/domain/station';
import { redact } from '../../src/lib/domain/redact';
import { parseDocName } from '../accounts/rights';

/** Each document's count of changes since it was first asked about here. */
const versions = new WeakMap<Y.Doc, { n: number }>();

function versionOf(doc: Y.Doc): number {
	let version = versions.get(doc);
	if (!version) {
		const v = (version = { n: 0 });
		doc.on('update', () => v.n++);
		versions.set(doc, version);
	}
	return version.n;
}

/** The last list made, by contacts document, with the visit log and the versions it was made at. */
const made = new WeakMap<Y.Doc, { visits: Y.Doc; at: string; strings: string[] }>();

export async function residentsOf(load: (docName: string) => Promise<Y.Doc>, stationId: string): Promise<string[]> {
	const names = docNames(stationId);
	const [contacts, visits] = await Promise.all([load(names.contacts), load(names.visits)]);
	const at = `${versionOf(contacts)}:${versionOf(visits)}`;
	const kept = made.get(contacts);
	if (kept && kept.visits === visits && kept.at === at) return kept.strings;
	const strings = [...new Set([...personalStrings(contacts), ...residentStrings(visits)])];
	made.set(contacts, { visits, at, strings });
	return strings;
}

/**
 * How a board's text is masked for its readers outside the team (the relay's `readerMask`): with
 * the station's residents as the server holds them when each message is sent. Null for any other
 * document.
 */
export function boardReaderMask(docName: string, load: (docName: string) => Promise<Y.Doc>): (() => Promise<(text: string) => string>) | null {
	const doc = parseDocName(docName);
	if (doc?.kind !== 'board') return null;
	return async () => {
		const personal = await residentsOf(load, doc.stationId);
		return (text) => redact(text, personal);
	};
}
