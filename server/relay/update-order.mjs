// Whether an update's client runs are out of Yjs's own order. Every Yjs encoder (an edit, a whole
// state, Y.mergeUpdates, Y.diffUpdate) writes each client once, the highest first; Y.applyUpdate
// takes any order, but Y.mergeUpdates does not: given a run of a low client before a higher one's,
// it writes the higher client twice, and the second run hides the first when read: that client's
// items are gone (docs/sync-protocol.md, "Document rules"). The relay refuses such an update
// (gate.ts); its compaction (merge-worker.mjs) applies stored updates instead of merging them when
// one is. Plain JavaScript: the compaction worker runs without tsx.
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

/**
 * @param {Uint8Array} update a v1 update
 * @returns {boolean} a client after a lower one, or written twice
 */
export function clientsOutOfOrder(update) {
	// One run (an edit by one writer: most updates) is in order; only then are the structs read.
	if (decoding.readVarUint(decoding.createDecoder(update)) < 2) return false;
	let client = Infinity;
	let next = 0;
	for (const struct of Y.decodeUpdate(update).structs) {
		const { id } = struct;
		// The same run goes on clock after clock; a client again at another clock is a second run.
		if (id.client === client && id.clock === next) {
			next += struct.length;
			continue;
		}
		if (id.client >= client) return true;
		client = id.client;
		next = id.clock + struct.length;
	}
	return false;
}
