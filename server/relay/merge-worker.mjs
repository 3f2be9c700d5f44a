// The compaction worker (server/relay/merger.ts starts it): merges a document's stored updates
// with Y.mergeUpdates off the relay's event loop. Plain JavaScript so it runs without tsx.
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import { clientsOutOfOrder } from './update-order.mjs';

/**
 * Y.mergeUpdates, unless an update lists its clients out of Yjs's order (stored before the relay
 * refused such updates): merging would lose items then, so they are applied to a document and its
 * state taken (what hangs on changes no one has is left out, as the room's load leaves it out).
 * @param {Uint8Array[]} updates
 */
function merge(updates) {
	if (!updates.some(clientsOutOfOrder)) return Y.mergeUpdates(updates);
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const update of updates) Y.applyUpdate(doc, update);
	});
	return Y.encodeStateAsUpdate(doc);
}

// `packed` holds the updates one after the other; `ends[i]` is where update i ends.
parentPort.on('message', ({ id, packed, ends }) => {
	try {
		const updates = Array.from(ends, (end, i) => packed.subarray(i === 0 ? 0 : ends[i - 1], end));
		const merged = merge(updates);
		parentPort.postMessage({ id, merged }, [merged.buffer]);
	} catch (error) {
		parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
	}
});
