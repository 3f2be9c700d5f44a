// What recording the entry history costs the relay, in CPU time per update, measured in-process
// (robust on a machine other processes keep busy, unlike `npm run bench:relay`'s latencies):
// the relay's own path for a client's update to a board — the rules' gate on a staging copy,
// the store's batched commit, the room's apply — with and without the history recorder.
//
//   npx tsx bench/history-cost.ts      HISTORY_UPDATES=4000 HISTORY_ENTRIES=200 HISTORY_ROUNDS=3
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { rulesFor } from '../server/documents/doc-rules';
import { recordEntryChanges } from '../server/history/entry-changes';
import { Gate } from '../server/relay/gate';
import { UpdateStore } from '../server/relay/store';
import { editEntry, seedBoard } from './relay-seed';

const UPDATES = Number(process.env.HISTORY_UPDATES ?? 4000);
const ENTRIES = Number(process.env.HISTORY_ENTRIES ?? 200);
const ROUNDS = Number(process.env.HISTORY_ROUNDS ?? 3);
const BATCH = 20; // updates committed per turn of the event loop
const NAME = 'board:bench000001';

const members = Array.from({ length: ENTRIES }, (_, i) => i);
const seed = seedBoard(members);
// Each entry's client edits its own entry: a fact and a note event in turn (as BENCH_HISTORY=1).
const updates: Uint8Array[] = [];
const clients = members.map((i) => {
	const doc = new Y.Doc();
	doc.clientID = i + 1;
	Y.applyUpdate(doc, seed);
	doc.on('update', (u: Uint8Array) => updates.push(u));
	return doc;
});
for (let seq = 0; updates.length < UPDATES; seq++) for (const i of members) if (updates.length < UPDATES) editEntry(clients[i], i, seq, `${i}:${seq}:`.padEnd(24, 'x'));

function run(record: boolean): number {
	const dir = mkdtempSync(join(tmpdir(), 'yixian-history-cost-'));
	const store = new UpdateStore(join(dir, 'relay.sqlite'));
	store.append(NAME, seed, 'seed');
	const doc = new Y.Doc();
	Y.applyUpdate(doc, seed);
	const gate = new Gate(doc, rulesFor(NAME)!, record ? recordEntryChanges : null);
	const start = process.cpuUsage();
	for (let b = 0; b < updates.length; b += BATCH) {
		for (const u of updates.slice(b, b + BATCH)) {
			// As the relay does (protocol.ts, room.ts): what the gate takes of the update is stored and applied.
			const admitted = gate.admit(u);
			if (admitted.refusal !== null) throw new Error(`refused: ${admitted.refusal}`);
			const taken = admitted.update;
			if (!taken) continue;
			const changes = gate.history(taken);
			store.appendSoon(NAME, taken, 'bench#1', () => (Y.applyUpdate(doc, taken), gate.integrated(taken)), (e) => { throw e; }, changes && { actor: 'bench', changes });
		}
		store.flush();
	}
	const used = process.cpuUsage(start);
	store.close();
	rmSync(dir, { recursive: true, force: true });
	return (used.user + used.system) / updates.length; // µs per update
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
run(true); // warm-up (JIT)
const without: number[] = [];
const withHistory: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
	without.push(run(false));
	withHistory.push(run(true));
}
const a = median(without);
const b = median(withHistory);
console.log(`${updates.length} updates to ${ENTRIES} entries, ${ROUNDS} rounds (median CPU µs per update):`);
console.log(`  gate + commit + apply, no history   ${a.toFixed(1)} µs`);
console.log(`  with the entry history recorded     ${b.toFixed(1)} µs  (+${(b - a).toFixed(1)} µs, ×${(b / a).toFixed(2)})`);
