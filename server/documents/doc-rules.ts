// Which rules a document follows, by its kind (the prefix of its name). The relay asks this
// before an update is stored (relay/gate.ts); a reason is a refusal.
import * as Y from 'yjs';
import { parseDocName } from '../accounts/rights';
import { checkBoard } from './board-rules';
import { changesOf } from './changes';
import { checkContacts } from './contacts-rules';
import { checkVisits } from './visits-rules';

export type DocRules = (tr: Y.Transaction, doc: Y.Doc) => string | null;

const byKind: Record<string, (changes: ReturnType<typeof changesOf>, doc: Y.Doc) => string | null> = {
	board: checkBoard,
	visits: checkVisits,
	contacts: checkContacts
};

/** The rules of `docName`'s kind, or null for a name without rules. */
export function rulesFor(docName: string): DocRules | null {
	const kind = parseDocName(docName)?.kind;
	const check = kind ? byKind[kind] : undefined;
	if (!check) return null;
	return (tr, doc) => strangeContent(tr) ?? check(changesOf(tr), doc);
}

/**
 * The kinds of Yjs content a document holds: plain values (written as `any`, or as JSON by old
 * clients), maps and lists, and items already deleted. An embed reads as a plain object (the record
 * checks pass it, and the readers' masking did not look in it); a format mark is no value at all
 * (no check saw it); a string run, binary and a subdocument are never a document's values.
 */
const VALUE_CONTENT = [Y.ContentAny, Y.ContentJSON, Y.ContentType, Y.ContentDeleted];

/** A refusal when the transaction added an item of any other kind (only its new items are read). */
function strangeContent(tr: Y.Transaction): string | null {
	for (const [client, after] of tr.afterState) {
		const before = tr.beforeState.get(client) ?? 0;
		if (after <= before) continue;
		const structs = tr.doc.store.clients.get(client)!;
		for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
			const struct = structs[i];
			if (struct instanceof Y.Item && !VALUE_CONTENT.some((kind) => struct.content instanceof kind)) return 'a value of a kind no document holds';
		}
	}
	return null;
}
