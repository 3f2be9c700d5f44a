// The compaction worker (merger.ts): the same merge as Y.mergeUpdates, off the main thread.
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Merger } from './merger.js';

const mergers: Merger[] = [];
afterEach(async () => {
	for (const merger of mergers.splice(0)) await merger.close();
});

it('merges like Y.mergeUpdates, also updates that are views of larger buffers', async () => {
	const merger = new Merger();
	mergers.push(merger);
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => {
		// Each update as a view in the middle of a bigger buffer, as pooled Buffers are.
		const pool = new Uint8Array(u.byteLength + 64);
		pool.set(u, 32);
		updates.push(pool.subarray(32, 32 + u.byteLength));
	});
	for (let i = 0; i < 50; i++) doc.getText('t').insert(i, String(i % 10));
	const merged = await merger.merge(updates);
	expect(Buffer.from(merged)).toEqual(Buffer.from(Y.mergeUpdates(updates)));
	const restored = new Y.Doc();
	Y.applyUpdate(restored, merged);
	expect(restored.getText('t').toString()).toBe(doc.getText('t').toString());
	expect(updates[0].byteLength).toBeGreaterThan(0); // the caller's updates are left as they were
});

it('reports updates it cannot merge, and goes on merging', async () => {
	const merger = new Merger();
	mergers.push(merger);
	await expect(merger.merge([new Uint8Array([1, 2, 3]), new Uint8Array([200, 200])])).rejects.toThrow(/merging updates failed/);
	const doc = new Y.Doc();
	doc.getMap('m').set('a', 1);
	const merged = await merger.merge([Y.encodeStateAsUpdate(doc), Y.encodeStateAsUpdate(new Y.Doc())]);
	const restored = new Y.Doc();
	Y.applyUpdate(restored, merged);
	expect(restored.getMap('m').get('a')).toBe(1);
});

it('refuses work once closed', async () => {
	const merger = new Merger();
	await merger.close();
	await expect(merger.merge([])).rejects.toThrow(/closed/);
});
