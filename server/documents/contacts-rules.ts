// The residents' contacts' rules (docs/data-model.md, "Residents' contacts"): typed records; the
// contact a resident left with a report is the server's (a team member's phone may only copy one
// over from an old board, where none is yet: the move).
import type * as Y from 'yjs';
import { contactShapes as parts } from '../../src/lib/documents/shapes';
import type { Changes } from './changes';

export function checkContacts(changes: Changes, _doc: Y.Doc): string | null {
	for (const { path, key } of changes.deletes) {
		if (path.length === 1 && path[0] === 'inbox') return `inbox/${key}: written by the server only`;
		if (path.length !== 1 || !Object.hasOwn(parts, path[0])) return `${path.join('/')}: not part of the contacts`;
	}
	for (const { path, key, value, before, existedBefore } of changes.sets) {
		const check = path.length === 1 && Object.hasOwn(parts, path[0]) ? parts[path[0]] : undefined;
		const where = `${path.join('/')}/${key}`;
		if (!check) return `${where}: not part of the contacts`;
		if (path[0] === 'inbox' && existedBefore && JSON.stringify(before) !== JSON.stringify(value)) return `${where}: written by the server only`;
		const bad = check(value);
		if (bad) return `${where}: ${bad}`;
	}
	if (changes.inserts.length > 0) return `${changes.inserts[0].path.join('/')}: not part of the contacts`;
	return null;
}
