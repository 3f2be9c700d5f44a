// Two devices in a unit test: a replica that synced once, then both edit offline and sync back.
import * as Y from 'yjs';

/** A second device that has synced the first one's document, then goes offline. */
export function replica(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

/** Both devices come back online: each sends what the other lacks, in the given order. */
export function sync(first: Y.Doc, second: Y.Doc): void {
	Y.applyUpdate(second, Y.encodeStateAsUpdate(first, Y.encodeStateVector(second)));
	Y.applyUpdate(first, Y.encodeStateAsUpdate(second, Y.encodeStateVector(first)));
}
