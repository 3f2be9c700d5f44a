// BENCH_HISTORY=1 (with BENCH_RULES=1): each room's board starts with one ledger entry per client
// of the room, written by a fixed Yjs client id, the same bytes in the server (stored before the
// run) and in the load generator (each client's doc starts from it). Each client's updates then
// edit its own entry: a fact (content) and a note event in turn, what the entry history records.
import * as Y from 'yjs';

export const SEED_CLIENT = 0x7fffffff;
export const entryIdOf = (client: number) => `bench${String(client).padStart(8, '0')}`;

/** The clients of room `r`: client i joins room i % rooms. */
export function membersOf(r: number, clients: number, rooms: number): number[] {
	const out: number[] = [];
	for (let i = r; i < clients; i += rooms) out.push(i);
	return out;
}

export function seedBoard(members: number[]): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = SEED_CLIENT;
	const entries = doc.getMap<Y.Map<unknown>>('entries');
	doc.transact(() => {
		doc.getMap('meta').set('schema', 2);
		for (const i of members) {
			const id = entryIdOf(i);
			const entry = new Y.Map<unknown>();
			for (const [k, v] of Object.entries({ id, content: 'seed', place: '', category: 'other', receivedOn: '2026-03-01', visitId: '', createdAt: 1, createdBy: 'bench' })) entry.set(k, v);
			entry.set('timeline', Y.Array.from([{ id: `${id}c`, at: 1, by: 'bench', type: 'created' }]));
			entries.set(id, entry);
		}
	});
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

/** Client i's edit number `seq` of its own entry (one Yjs clock tick each). */
export function editEntry(doc: Y.Doc, i: number, seq: number, payload: string): void {
	const entry = doc.getMap<Y.Map<unknown>>('entries').get(entryIdOf(i))!;
	if (seq % 2 === 0) entry.set('content', payload);
	else (entry.get('timeline') as Y.Array<unknown>).push([{ id: `${entryIdOf(i)}n${seq}`, at: seq, by: 'bench', type: 'note', text: payload }]);
}
