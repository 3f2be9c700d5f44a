// The visit log's rules (docs/data-model.md, "The visit log"): typed records, help records
// append-only (never replaced or deleted: they are the record of help given).
import type * as Y from 'yjs';
import { HELP_KINDS, TIE_GROUPS } from '../../src/lib/domain/visits';
import type { Changes } from './changes';
import { bool, day, dayOrEmpty, NAME, num, oneOf, record, SHORT, text, TEXT, type Check } from './shape';

const parts: Record<string, Check> = {
	visits: record({ id: text(NAME), visitor: text(SHORT), date: day, household: text(SHORT), address: text(SHORT), peopleMet: num, notes: text(TEXT), createdAt: num }),
	ties: record({
		id: text(NAME), visitor: text(SHORT), name: text(NAME), group: oneOf(...TIE_GROUPS), contact: text(SHORT), notes: text(TEXT),
		since: dayOrEmpty, ended: bool, createdAt: num
	}),
	help: record({ id: text(NAME), tieId: text(NAME), by: text(SHORT), date: day, kind: oneOf(...HELP_KINDS), text: text(TEXT), createdAt: num })
};

export function checkVisits(changes: Changes, _doc: Y.Doc): string | null {
	for (const { path, key } of changes.deletes) {
		if (path.length === 1 && path[0] === 'help') return `help/${key}: help records are never deleted`;
		if (path.length !== 1 || !(path[0] in parts)) return `${path.join('/')}: not part of a visit log`;
	}
	for (const { path, key, value, existedBefore } of changes.sets) {
		const check = path.length === 1 ? parts[path[0]] : undefined;
		const where = `${path.join('/')}/${key}`;
		if (!check) return `${where}: not part of a visit log`;
		if (path[0] === 'help' && existedBefore) return `${where}: help records are never rewritten`;
		const bad = check(value) ?? ((value as { id?: unknown }).id !== key ? 'id differs from its key' : null);
		if (bad) return `${where}: ${bad}`;
	}
	if (changes.inserts.length > 0) return `${changes.inserts[0].path.join('/')}: not part of a visit log`;
	return null;
}
