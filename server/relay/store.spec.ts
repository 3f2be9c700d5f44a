import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compactedSender, UpdateStore } from './store.js';
import { tempDataFile } from './test-kit.js';

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
