// Would an update change a document? Decides whether to store it (no-op step 2s are not stored)
// and whether a read-only connection's step 2 is the harmless empty one the stock client sends.
import * as Y from 'yjs';

/**
 * Decodes the whole update first (throws on malformed bytes, before anything is stored), then
 * answers true if it adds a struct the doc lacks or deletes something the doc has not deleted.
 * Delete sets are always sent in full, so a client's "empty" step 2 may still carry deletions.
 */
export function changesDoc(doc: Y.Doc, update: Uint8Array): boolean {
	return readUpdate(doc, update).changes;
}

/**
 * The same, with the client ids the update writes new structs under (its writers: the relay holds
 * each to the person who first wrote with it, protocol.ts). Throws on malformed bytes.
 */
export function readUpdate(doc: Y.Doc, update: Uint8Array): { changes: boolean; writers: Set<number> } {
	const { structs, ds } = Y.decodeUpdate(update);
	const writers = new Set<number>();
	for (const struct of structs) {
		if (struct instanceof Y.Skip) continue;
		if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) writers.add(struct.id.client);
	}
	return { changes: writers.size > 0 || deletesAnything(doc, ds), writers };
}

function deletesAnything(doc: Y.Doc, ds: ReturnType<typeof Y.decodeUpdate>['ds']): boolean {
	for (const [client, ranges] of ds.clients) {
		const known = doc.store.clients.get(client);
		for (const { clock, len } of ranges) {
			if (len === 0) continue;
			if (!known || clock + len > Y.getState(doc.store, client)) return true;
			for (let i = Y.findIndexSS(known, clock); i < known.length && known[i].id.clock < clock + len; i++) {
				if (!known[i].deleted) return true;
			}
		}
	}
	return false;
}
