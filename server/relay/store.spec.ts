import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compactedSender, UpdateStore } from './store.js';
import { tempDataFile } from './test-kit.js';
import { SqliteUpdateLog } from './update-log.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

it('compacts a document into one merged update and keeps who sent what in the history', () => {
	const { file, cleanup } = tempDataFile();
	cleanups.push(cleanup);
	const store = new UpdateStore(file);
	const doc = new Y.Doc();
	doc.on('update', (update: Uint8Array) => store.append('board:S', update, 'alice#1', 1000));
	for (let i = 0; i < 30; i++) doc.getArray<number>('n').push([i]);
	store.append('board:T', Y.encodeStateAsUpdate(new Y.Doc()), 'bob#2');

	store.compact('board:S');
	expect(store.count('board:S')).toBe(1);
	expect(store.count('board:T')).toBe(1);
	const restored = new Y.Doc();
	store.load('board:S').forEach((u) => Y.applyUpdate(restored, u));
	expect(restored.getArray('n').toArray()).toEqual(doc.getArray('n').toArray());
	store.close();

	const db = new Database(file, { readonly: true });
	expect(db.prepare("SELECT count(*) AS n FROM update_history WHERE doc = 'board:S' AND sender = 'alice#1'").get()).toEqual({ n: 30 });
	expect(db.prepare("SELECT sender FROM updates WHERE doc = 'board:S'").get()).toEqual({ sender: compactedSender });
	db.close();
});

it('commits the updates queued in one turn together, and runs their callbacks only once committed', async () => {
	const { file, cleanup } = tempDataFile();
	cleanups.push(cleanup);
	const store = new UpdateStore(file);
	const reader = new Database(file, { readonly: true });
	const committed = () => (reader.prepare('SELECT count(*) AS n FROM updates').get() as { n: number }).n;
	const seen: { rowId: number; committedThen: number }[] = [];
	const doc = new Y.Doc();
	doc.on('update', (update: Uint8Array) =>
		store.appendSoon('board:Q', update, 'carol#3', (rowId) => seen.push({ rowId, committedThen: committed() }), (error) => { throw error; })
	);
	for (let i = 0; i < 5; i++) doc.getArray<number>('n').push([i]);
	expect(seen).toEqual([]); // nothing ran yet: queued for this turn
	await new Promise((resolve) => setImmediate(resolve));
	expect(seen.map((s) => s.committedThen)).toEqual([5, 5, 5, 5, 5]); // one commit, before any callback
	expect(new Set(seen.map((s) => s.rowId)).size).toBe(5);

	// Closing commits what is queued; a write that cannot be committed reports it and stores nothing.
	const outcomes: string[] = [];
	store.appendSoon('board:Q', new Uint8Array([0, 0]), 'dave#4', () => outcomes.push('stored'), () => outcomes.push('failed'));
	store.close();
	expect(outcomes).toEqual(['stored']);
	store.appendSoon('board:Q', new Uint8Array([0, 0]), 'dave#4', () => outcomes.push('stored'), () => outcomes.push('failed'));
	await new Promise((resolve) => setImmediate(resolve));
	expect(outcomes).toEqual(['stored', 'failed']);
	expect(committed()).toBe(6);
	reader.close();
});

it('swaps a compacted document in slices, a turn of the event loop apart, and loads the same document at every step', async () => {
	const { file, cleanup } = tempDataFile();
	cleanups.push(cleanup);
	const log = new SqliteUpdateLog({ dataFile: file });
	const doc = new Y.Doc();
	doc.on('update', (update: Uint8Array) => log.sync.append('board:S', update, 'alice#1'));
	for (let i = 0; i < 1000; i++) doc.getArray<number>('n').push([i]);
	const expected = doc.getArray<number>('n').toArray();

	// Polls between the compaction's steps: what a client joining then would load.
	const seen: number[] = [];
	let polling = true;
	const poll = () => {
		if (!polling) return;
		const restored = new Y.Doc();
		log.sync.load('board:S').forEach((u) => Y.applyUpdate(restored, u));
		expect(restored.getArray('n').toArray()).toEqual(expected);
		seen.push(log.sync.count('board:S'));
		setImmediate(poll);
	};
	setImmediate(poll);
	expect(await log.compact('board:S')).toBe(true);
	polling = false;
	expect(log.sync.count('board:S')).toBe(1);
	// Rows were deleted a slice at a time while the event loop went on.
	expect(new Set(seen.filter((n) => n > 1 && n < 1000)).size).toBeGreaterThan(5);
	await log.close();
	const db = new Database(file, { readonly: true });
	expect(db.prepare("SELECT count(*) AS n FROM update_history WHERE doc = 'board:S'").get()).toEqual({ n: 1000 });
	db.close();
}, 30_000); // each poll reads the whole document back (a thousand rows): on a busy machine, seconds
