// What one Yjs transaction did to a document, in the terms a document kind's rules speak:
// values set at a path, items added to a list, and items that existed before and were deleted.
// Read from the transaction itself (`changed`, `deleteSet`, `beforeState`), so only what the
// update touched is looked at, never the whole document.
import * as Y from 'yjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its events per type
type AnyType = Y.AbstractType<any>;

/** Where a type sits: root name, then map keys ('#' for an element of a list). */
export type Path = readonly string[];

export interface Changes {
	/** A map key written (set or overwritten); `value` is the current one, `before` what it replaced. */
	sets: { path: Path; key: string; value: unknown; before: unknown; existedBefore: boolean }[];
	/** New elements of a list (inserted by this transaction and still there). */
	inserts: { path: Path; value: unknown }[];
	/** A map key removed (nothing replaced it) or a list element deleted, that existed before. */
	deletes: { path: Path; key: string | null; before: unknown }[];
}

export function pathOf(type: AnyType): Path {
	const path: string[] = [];
	let current: AnyType | null = type;
	while (current?._item) {
		const item: Y.Item = current._item;
		path.unshift(item.parentSub ?? '#');
		current = item.parent as AnyType | null;
	}
	if (current) path.unshift(Y.findRootTypeKey(current));
	return path;
}

const existed = (tr: Y.Transaction, id: Y.ID) => id.clock < (tr.beforeState.get(id.client) ?? 0);

/** The value an item holds: a type, or the (first) plain value. */
export function itemValue(item: Y.Item): unknown {
	const content = item.content.getContent();
	return content.length === 1 ? content[0] : content;
}

/**
 * Read once per transaction: the rules and the entry history (history/entry-changes.ts) share it.
 * Kept in the transaction's own `meta`, so it dies with the transaction. (A WeakMap keyed by
 * transactions kept every one alive past V8's young-generation collections: at 2,000 clients the
 * relay's old space filled with ~100 MB of dead transactions between full collections.)
 */
const CHANGES = Symbol('changes');

export function changesOf(tr: Y.Transaction): Changes {
	let changes = tr.meta.get(CHANGES) as Changes | undefined;
	if (!changes) tr.meta.set(CHANGES, (changes = computeChanges(tr)));
	return changes;
}

function computeChanges(tr: Y.Transaction): Changes {
	const changes: Changes = { sets: [], inserts: [], deletes: [] };
	// What existed before and is gone, by parent and key: a set over a key deletes its old value.
	const replaced = new Map<AnyType, Map<string, unknown>>();
	Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
		if (!(struct instanceof Y.Item) || !existed(tr, struct.id)) return;
		const parent = struct.parent as AnyType | null;
		if (!parent || parentDeletedHere(tr, parent)) return;
		if (struct.parentSub !== null) {
			let keys = replaced.get(parent);
			if (!keys) replaced.set(parent, (keys = new Map()));
			keys.set(struct.parentSub, itemValue(struct));
			if (!parent._map.get(struct.parentSub) || parent._map.get(struct.parentSub)!.deleted) {
				changes.deletes.push({ path: pathOf(parent), key: struct.parentSub, before: itemValue(struct) });
			}
		} else {
			changes.deletes.push({ path: pathOf(parent), key: null, before: itemValue(struct) });
		}
	});
	for (const [type, keys] of tr.changed) {
		if (type._item && !existed(tr, type._item.id)) continue; // new with its parent: checked whole there
		const path = pathOf(type);
		for (const key of keys) {
			if (key === null) {
				for (let item = type._start; item !== null; item = item.right) {
					// One item may hold several consecutive elements (a list pushed at once).
					if (!item.deleted && !existed(tr, item.id)) for (const value of item.content.getContent()) changes.inserts.push({ path, value });
				}
				continue;
			}
			const item = type._map.get(key);
			if (!item || item.deleted) continue; // a removal: in `deletes`
			if (existed(tr, item.id)) continue; // a concurrent write that lost to the value already there
			const before = replaced.get(type);
			changes.sets.push({ path, key, value: itemValue(item), before: before?.get(key), existedBefore: before?.has(key) ?? false });
		}
	}
	return changes;
}

/** Content inside a type that was itself deleted is judged by that type's deletion. */
function parentDeletedHere(tr: Y.Transaction, parent: AnyType): boolean {
	for (let item = parent._item; item; item = (item.parent as AnyType)._item) {
		if (item.deleted) return true;
	}
	return false;
}
