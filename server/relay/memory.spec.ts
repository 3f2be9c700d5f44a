// Memory follows activity (issue 12): a process holds a document (and its rules' staging copy)
// only while clients are connected to it, or for a short while after the server read it, so its
// memory does not grow with the number of stations a district has. Both update-log back ends.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, rawSocket, startRelay, tempDataFile, tempPostgres, waitFor, type RunningRelay } from './test-kit.js';

let database: Awaited<ReturnType<typeof tempPostgres>> = null;
beforeAll(async () => {
	database = await tempPostgres();
});
afterAll(() => database?.drop());

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const stations = 60;
const maxSnapshots = 8;

for (const backend of ['SQLite', 'PostgreSQL'] as const) {
	describe(`relay memory: ${backend}`, () => {
		async function relay(opened: Y.Doc[]): Promise<RunningRelay | null> {
			const { file, cleanup } = tempDataFile();
			cleanups.push(cleanup);
			if (backend === 'PostgreSQL' && !database) return null;
			const running = await startRelay({
				dataFile: file,
				databaseUrl: backend === 'PostgreSQL' ? database!.url : undefined,
				maxSnapshots,
				snapshotTtlMs: 400,
				onRoomOpened: (_name, doc) => void opened.push(doc),
				rules: () => () => null // every room gets a gate, whose staging copy is built on the first update
			});
			cleanups.push(() => running.stop());
			return running;
		}

		it('does not grow with the number of stations touched: rooms while connected, server reads for a while', async (t) => {
			const opened: Y.Doc[] = [];
			const running = await relay(opened);
			if (!running) return t.skip();
			const { relay: r, url } = running;
			const peak = { rooms: 0, snapshots: 0 };
			const note = () => {
				const now = r.inMemory();
				peak.rooms = Math.max(peak.rooms, now.rooms + now.loading);
				peak.snapshots = Math.max(peak.snapshots, now.snapshots);
			};
			for (let i = 0; i < stations; i++) {
				const name = `board:M${i}`;
				// A person opens the station's board and edits it, then leaves.
				const c = connectClient(url, name);
				await c.synced();
				c.doc.getMap('m').set('edited', i);
				await waitFor(() => r.rooms.get(name)?.doc.getMap('m').get('edited') === i, 5000, 'edit applied');
				note();
				c.provider.destroy();
				await waitFor(() => r.rooms.size === 0, 5000, 'room released');
				// The server reads it (statistics, public pages) and changes another station's.
				expect((await r.load(name)).getMap('m').get('edited')).toBe(i);
				await r.change(`contacts:M${i}`, (d) => d.getMap('m').set('server', i), 'server:test');
				note();
			}
			expect(peak.rooms).toBe(1);
			expect(peak.snapshots).toBeLessThanOrEqual(maxSnapshots);
			expect(opened).toHaveLength(stations);
			expect(opened.every((doc) => doc.isDestroyed)).toBe(true); // with their gates' staging copies
			// A while after the last read nothing is held at all.
			await waitFor(() => r.inMemory().snapshots === 0, 5000, 'snapshots expired');
			expect(r.inMemory()).toEqual({ rooms: 0, loading: 0, snapshots: 0 });
			// And everything is still there.
			expect((await r.load(`board:M${stations - 1}`)).getMap('m').get('edited')).toBe(stations - 1);
		}, 120_000);

		it('releases a document whose only connection left while it was loading', async (t) => {
			const running = await relay([]);
			if (!running) return t.skip();
			for (let i = 0; i < 10; i++) {
				const { socket, closed } = await rawSocket(running.url, `board:L${i}`);
				socket.terminate();
				await closed;
			}
			await waitFor(() => running.relay.inMemory().loading === 0 && running.relay.rooms.size === 0, 5000, 'nothing held');
		});

		it('reads a document once for server reads that ask for it together', async (t) => {
			const running = await relay([]);
			if (!running) return t.skip();
			const doc = new Y.Doc();
			doc.getText('t').insert(0, 'hello');
			await running.relay.log.append('board:R1', Y.encodeStateAsUpdate(doc), 'test');
			const log = running.relay.log;
			const load = log.load.bind(log);
			let reads = 0;
			log.load = (docName: string) => (reads++, load(docName));
			// A burst of public-page views of one station: one read, one document.
			const docs = await Promise.all(Array.from({ length: 20 }, () => running.relay.load('board:R1')));
			expect(reads).toBe(1);
			expect(new Set(docs).size).toBe(1);
			expect(docs[0].getText('t').toString()).toBe('hello');
		});
	});
}
