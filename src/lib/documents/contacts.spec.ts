// The proposers of ideas in the contacts document: set, corrected, and cleared (no record left).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contactsParts, readProposer, setProposer } from './contacts';
import { LOCAL } from './board';

function contacts() {
	const doc = new Y.Doc();
	const origins: unknown[] = [];
	doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
	return { doc, origins };
}

describe('setProposer', () => {
	it('sets and corrects an idea\'s proposer, writing nothing when it is the same', () => {
		const { doc, origins } = contacts();
		setProposer(doc, 'i1', '钱奶奶');
		setProposer(doc, 'i1', '钱奶奶');
		setProposer(doc, 'i1', '孙大爷');
		expect(readProposer(doc, 'i1')).toBe('孙大爷');
		expect(origins).toEqual([LOCAL, LOCAL]);
	});

	it('clears a proposer: the record is deleted, no empty one left', () => {
		const { doc, origins } = contacts();
		setProposer(doc, 'i1', '钱奶奶');
		setProposer(doc, 'i1', '');
		expect(contactsParts(doc).proposers.has('i1')).toBe(false);
		expect(readProposer(doc, 'i1')).toBe('');
		expect(origins).toEqual([LOCAL, LOCAL]);
	});

	it('writes nothing to clear a proposer there is none of', () => {
		const { doc, origins } = contacts();
		setProposer(doc, 'i1', '');
		expect(contactsParts(doc).proposers.size).toBe(0);
		expect(origins).toEqual([]);
	});
});
