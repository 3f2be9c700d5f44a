// The visit log's rules (docs/data-model.md, "The visit log"): typed records, help records
// append-only (never replaced or deleted: they are the record of help given).
import type * as Y from 'yjs';
import { visitShapes as parts } from '../../src/lib/documents/shapes';
import type { Changes } from './changes';

export function checkVisits(changes: Changes, _doc: Y.Doc): string | null {
	for (const { path, key } of changes.deletes) {
		if (path.length === 1 && path[0] === 'help') return `help/${key}: help records are never deleted`;
		if (path.length !== 1 || !Object.hasOwn(parts, path[0])) return `${path.join('/')}: not part of a visit log`;
	}
	for (const { path, key, value, existedBefore } of changes.sets) {
		const check = path.length === 1 && Object.hasOwn(parts, path[0]) ? parts[path[0]] : undefined;
		const where = `${path.join('/')}/${key}`;
		if (!check) return `${where}: not part of a visit log`;
		if (path[0] === 'help' && existedBefore) return `${where}: help records are never rewritten`;
		const bad = check(value) ?? ((value as { id?: unknown }).id !== key ? 'id differs from its key' : null);
		if (bad) return `${where}: ${bad}`;
	}
	if (changes.inserts.length > 0) return `${changes.inserts[0].path.join('/')}: not part of a visit log`;
	return null;
}
