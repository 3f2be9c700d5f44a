// Which rules a document follows, by its kind (the prefix of its name). The relay asks this
// before an update is stored (relay/gate.ts); a reason is a refusal.
import type * as Y from 'yjs';
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
	return (tr, doc) => check(changesOf(tr), doc);
}
