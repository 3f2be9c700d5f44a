// Several server processes writing one document into one PostgreSQL log (issue 12): `lastId` must
// change whenever the stored document does (update-log.ts), since the server's reads of documents
// nobody has open and the derived statistics are kept under it (server-reads.ts, derived-cache.ts).
// Two processes draw ids from one sequence; one whose transaction takes longer commits its lower id
// after the other's higher one.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { serverReads } from './server-reads.js';
import { tempPostgres, waitFor } from './test-kit.js';
import { PostgresUpdateLog } from './update-log-pg.js';

let database: Awaited<ReturnType<typeof tempPostgres>> = null;
beforeAll(async () => {
	database = await tempPostgres();
	if (!database) console.warn('update log order on PostgreSQL: skipped (no server answered)');
});
afterAll(() => database?.drop());

const textUpdate = (base: Y.Doc, text: string) => {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	const before = Y.encodeStateVector(doc);
	doc.getArray<string>('log').push([text]);
	return Y.encodeStateAsUpdate(doc, before);
};
const texts = (doc: Y.Doc) => doc.getArray<string>('log').toArray().sort();

describe('update log on PostgreSQL, several writers', () => {
	it("a row committed after a higher id of another process's still moves lastId, and server reads see it", async (t) => {
		if (!database) return t.skip();
		const a = new PostgresUpdateLog(database.url);
		const b = new PostgresUpdateLog(database.url);
		const reader = new PostgresUpdateLog(database.url);
		const blocker = new pg.Client({ connectionString: database.url });
		await blocker.connect();
		const reads = serverReads(reader, () => null);
		try {
			const docName = 'board:order';
			await a.append(docName, textUpdate(new Y.Doc(), 'first'), 'a');
			// Process A's transaction stalls after its row got its id (its entry history waits on a lock).
			await blocker.query('BEGIN');
			await blocker.query('LOCK TABLE entry_history IN EXCLUSIVE MODE');
			const slow = a.append(docName, textUpdate(new Y.Doc(), 'from-a'), 'a', Date.now(), {
				actor: 'a',
				changes: [{ entry: 'e1', kind: 'created', facts: { content: 'from-a' } }]
			});
			await waitFor(async () => (await blocker.query("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted")).rows[0].n > 0, 5000, 'A waiting');
			// Process B commits meanwhile, if it may; a reader looks at the document.
			const fast = b.append(docName, textUpdate(new Y.Doc(), 'from-b'), 'b');
			await Promise.race([fast, new Promise((resolve) => setTimeout(resolve, 300))]);
			const seen = await reader.lastId(docName);
			expect(texts(await reads.load(docName))).not.toContain('from-a');
			await blocker.query('COMMIT');
			await Promise.all([slow, fast]);
			// Both are stored now: the document changed since `seen`, so lastId says so and reads show both.
			expect(await reader.lastId(docName)).not.toBe(seen);
			expect(texts(await reads.load(docName))).toEqual(['first', 'from-a', 'from-b']);
		} finally {
			reads.close();
			await blocker.end();
			await Promise.all([a.close(), b.close(), reader.close()]);
		}
	});
});
