import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { makeSeed } from '../../../bench/seed';
import { causalChunks } from './doc-chunks';

/** Applies the chunks one by one to a fresh document: nothing may be left pending after any of them. */
function replay(chunks: Uint8Array[]) {
	const doc = new Y.Doc();
	let pendingAfter = -1;
	chunks.forEach((chunk, i) => {
		Y.applyUpdate(doc, chunk);
		if (pendingAfter < 0 && (doc.store.pendingStructs !== null || doc.store.pendingDs !== null)) pendingAfter = i;
	});
	return { doc, pendingAfter };
}

function sameDoc(a: Y.Doc, b: Y.Doc) {
	expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a));
	expect(Y.equalDeleteSets(Y.createDeleteSetFromStructStore(b.store), Y.createDeleteSetFromStructStore(a.store))).toBe(true);
	for (const key of a.share.keys()) expect(b.get(key, a.share.get(key)!.constructor as typeof Y.AbstractType).toJSON()).toEqual(a.share.get(key)!.toJSON());
}

/** Two devices editing the same map, list and text, merging both ways several times, with deletions. */
function twoDevices(): { doc: Y.Doc; stored: Uint8Array[] } {
	const a = new Y.Doc();
	const b = new Y.Doc();
	const stored: Uint8Array[] = [];
	a.on('update', (u: Uint8Array) => stored.push(u));
	const sync = () => {
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
	};
	for (let round = 0; round < 30; round++) {
		for (const [doc, who] of [
			[a, 'a'],
			[b, 'b']
		] as const) {
			const entries = doc.getMap<Y.Map<unknown>>('entries');
			const entry = new Y.Map<unknown>();
			entries.set(`${who}${round}`, entry);
			entry.set('content', `问题 ${who} ${round}`);
			const timeline = new Y.Array<unknown>();
			entry.set('timeline', timeline);
			timeline.push([{ at: round, note: 'created' }]);
			const text = doc.getText('notes');
			text.insert(Math.floor(text.length / 2), `${who}${round} `);
			if (round % 3 === 0 && round > 0) entries.delete(`${who}${round - 1}`);
			const earlier = entries.get(`${who === 'a' ? 'b' : 'a'}${round - 1}`);
			earlier?.set('status', `seen by ${who}`);
			(earlier?.get('timeline') as Y.Array<unknown> | undefined)?.insert(0, [{ by: who }]);
		}
		if (round % 4 === 3) sync();
	}
	sync();
	return { doc: a, stored };
}

describe('causalChunks', () => {
	it('splits the stored updates of two devices into chunks that apply in order with nothing pending', () => {
		const { doc, stored } = twoDevices();
		const chunks = causalChunks(stored, 7);
		expect(chunks.length).toBeGreaterThan(10);
		const { doc: copy, pendingAfter } = replay(chunks);
		expect(pendingAfter).toBe(-1);
		sameDoc(doc, copy);
	});

	it('splits a compacted store (one update) the same way', () => {
		const { doc } = twoDevices();
		const { doc: copy, pendingAfter } = replay(causalChunks([Y.encodeStateAsUpdate(doc)], 5));
		expect(pendingAfter).toBe(-1);
		sameDoc(doc, copy);
	});

	it('splits a seeded board of 300 entries and a visit log into chunks of at most the budget', () => {
		const seed = makeSeed({ entries: 300, visits: 600 });
		for (const [original, update] of [
			[seed.docs.board, seed.board],
			[seed.docs.visits, seed.visits]
		] as const) {
			const chunks = causalChunks([update], 100);
			expect(chunks.length).toBeGreaterThan(3);
			for (const chunk of chunks) expect(Y.decodeUpdate(chunk).structs.length).toBeLessThanOrEqual(100);
			const { doc, pendingAfter } = replay(chunks);
			expect(pendingAfter).toBe(-1);
			sameDoc(original, doc);
		}
	});

	it('makes the first chunks smaller, growing to the budget: the first are applied by code not yet compiled', () => {
		const seed = makeSeed({ entries: 300, visits: 40 });
		const chunks = causalChunks([seed.board], 400);
		const sizes = chunks.map((chunk) => Y.decodeUpdate(chunk).structs.length).filter((n) => n > 0);
		expect(sizes.slice(0, 5)).toEqual([25, 50, 100, 200, 400]);
		expect(Math.max(...sizes)).toBe(400);
		const { doc, pendingAfter } = replay(chunks);
		expect(pendingAfter).toBe(-1);
		sameDoc(seed.docs.board, doc);
	});

	it('leaves what depends on a missing update to Yjs, as one piece: the content is still complete once it comes', () => {
		const { doc, stored } = twoDevices();
		const missing = stored.splice(5, 1)[0];
		const { doc: copy } = replay(causalChunks(stored, 7));
		Y.applyUpdate(copy, missing);
		sameDoc(doc, copy);
	});
});
