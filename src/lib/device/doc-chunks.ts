// Splits a document's stored updates into small updates in causal order, so the main thread can
// apply a big document a slice at a time instead of in one task of seconds (issue 11). Runs in a
// Web Worker (doc-chunks.worker.ts); pure and synchronous, so it is tested in Node too.
//
// Each chunk holds, per client, a run of consecutive structs whose dependencies (left and right
// origin, parent) are in that chunk or an earlier one: applied in order, no chunk leaves Yjs
// anything pending, and the document ends up exactly as if the whole update had been applied at
// once (Yjs resolves what remains either way: a missing dependency only costs time, never content).
// The delete set follows in chunks of its own, once every struct is in.
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

type Struct = Y.Item | Y.GC | Y.Skip;

/** Structs per chunk: a few milliseconds of integration each on a phone; the main thread batches them. */
export const CHUNK_STRUCTS = 400;
/**
 * The first chunks are smaller (1/16, 1/8, 1/4, 1/2 of the budget): Yjs's code that applies them is
 * not compiled yet, and at CPU ×4 each of the first three chunks of 400 was a task of 30–50 ms
 * against some 10 for the later ones (issue 11, bench/board-issue-11.md, twenty-eighth step).
 */
const RAMP = 4;

/**
 * The stored updates as a list of updates to apply in order. Falls back to one update (the old
 * single task) when the stored updates have gaps (Skip structs) that make splitting pointless.
 */
export function causalChunks(updates: Uint8Array[], budget = CHUNK_STRUCTS): Uint8Array[] {
	return [...chunkStream(updates, budget)];
}

/** The same chunks, one at a time as they are made (the worker sends them on while it goes on). */
export function* chunkStream(updates: Uint8Array[], budget = CHUNK_STRUCTS): Generator<Uint8Array> {
	const merged = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
	const { structs, ds } = Y.decodeUpdate(merged);
	const byClient = new Map<number, Struct[]>();
	for (const s of structs as Struct[]) {
		if (s instanceof Y.Skip) {
			yield merged;
			return;
		}
		let list = byClient.get(s.id.client);
		if (!list) byClient.set(s.id.client, (list = []));
		list.push(s);
	}
	/** Per client: the clock up to which structs are emitted (in this chunk or an earlier one). */
	const frontier = new Map<number, number>();
	const index = new Map<number, number>();
	for (const [client, list] of byClient) {
		frontier.set(client, list[0].id.clock);
		index.set(client, 0);
	}
	// A dependency on a client absent from the update can never be met here: Yjs decides.
	const met = (id: Y.ID | null) => id === null || !frontier.has(id.client) || id.clock < frontier.get(id.client)!;
	const ready = (s: Struct) => !(s instanceof Y.Item) || (met(s.origin) && met(s.rightOrigin) && (!(s.parent instanceof Y.ID) || met(s.parent)));

	let chunk = new Map<number, Struct[]>();
	let size = 0;
	let made = 0;
	const room = () => Math.max(1, Math.ceil(budget / 2 ** Math.max(0, RAMP - made)));
	const take = (client: number, s: Struct) => {
		let run = chunk.get(client);
		if (!run) chunk.set(client, (run = []));
		run.push(s);
		frontier.set(client, s.id.clock + s.length);
		size++;
	};
	let left = structs.length;
	while (left > 0) {
		let progress = false;
		for (const [client, list] of byClient) {
			let i = index.get(client)!;
			while (i < list.length && ready(list[i])) {
				take(client, list[i++]);
				left--;
				progress = true;
				if (size >= room()) {
					yield encodeStructs(chunk);
					chunk = new Map();
					size = 0;
					made++;
				}
			}
			index.set(client, i);
		}
		if (!progress) {
			// A dependency outside the stored update: the rest goes in one piece, as before.
			for (const [client, list] of byClient) for (let i = index.get(client)!; i < list.length; i++) take(client, list[i]);
			left = 0;
		}
	}
	if (size > 0) yield encodeStructs(chunk);
	yield* encodeDeletes(ds as DeleteSet, budget);
}

/** One update of runs of consecutive structs per client (the V1 format Y.applyUpdate reads). */
function encodeStructs(runs: Map<number, Struct[]>): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	encoding.writeVarUint(encoder.restEncoder, runs.size);
	// Higher client ids first, as Yjs writes them.
	for (const [client, run] of [...runs].sort((a, b) => b[0] - a[0])) {
		encoding.writeVarUint(encoder.restEncoder, run.length);
		encoder.writeClient(client);
		encoding.writeVarUint(encoder.restEncoder, run[0].id.clock);
		for (const s of run) s.write(encoder, 0);
	}
	encoding.writeVarUint(encoder.restEncoder, 0); // no deletions
	return encoder.toUint8Array();
}

interface DeleteSet {
	clients: Map<number, { clock: number; len: number }[]>;
}

/** The delete set as updates without structs, at most `budget` ranges each. */
function encodeDeletes(ds: DeleteSet, budget: number): Uint8Array[] {
	const out: Uint8Array[] = [];
	let part: [number, { clock: number; len: number }[]][] = [];
	let size = 0;
	const flush = () => {
		if (size === 0) return;
		const encoder = new Y.UpdateEncoderV1();
		encoding.writeVarUint(encoder.restEncoder, 0); // no structs
		encoding.writeVarUint(encoder.restEncoder, part.length);
		for (const [client, items] of part) {
			encoder.resetDsCurVal();
			encoding.writeVarUint(encoder.restEncoder, client);
			encoding.writeVarUint(encoder.restEncoder, items.length);
			for (const item of items) {
				encoder.writeDsClock(item.clock);
				encoder.writeDsLen(item.len);
			}
		}
		out.push(encoder.toUint8Array());
		part = [];
		size = 0;
	};
	for (const [client, items] of ds.clients) {
		for (let i = 0; i < items.length; ) {
			const slice = items.slice(i, i + budget - size);
			i += slice.length;
			part.push([client, slice]);
			size += slice.length;
			if (size >= budget) flush();
		}
	}
	flush();
	return out;
}
