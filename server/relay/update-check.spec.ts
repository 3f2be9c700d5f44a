import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changesDoc } from './update-check.js';

function docWith(build: (doc: Y.Doc) => void): Y.Doc {
	const doc = new Y.Doc();
	build(doc);
	return doc;
}

describe('changesDoc', () => {
	const source = docWith((d) => (d.getText('t').insert(0, 'abcdef'), d.getText('t').delete(1, 2)));
	const server = docWith((d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(source)));

	it('sees no change in a step 2 carrying only what the document already has, deletions included', () => {
		const step2 = Y.encodeStateAsUpdate(source, Y.encodeStateVector(server));
		expect(Y.decodeUpdate(step2).ds.clients.size).toBe(1);
		expect(changesDoc(server, step2)).toBe(false);
	});

	it('sees a change in new content and in a new deletion of known content', () => {
		const before = Y.encodeStateVector(source);
		source.getText('t').insert(0, 'x');
		expect(changesDoc(server, Y.encodeStateAsUpdate(source, before))).toBe(true);

		const deleter = docWith((d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(server)));
		const sv = Y.encodeStateVector(deleter);
		deleter.getText('t').delete(0, 1);
		expect(changesDoc(server, Y.encodeStateAsUpdate(deleter, sv))).toBe(true);
	});

	it('throws on bytes that are not an update', () => {
		expect(() => changesDoc(server, new Uint8Array([5, 200, 1, 7, 7, 7]))).toThrow();
	});
});
