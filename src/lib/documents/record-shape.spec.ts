// The plain records of a document, as the relay's rules and the server's readers check them.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { record, text } from './record-shape';

/** A value as it arrives in an update: written and read with lib0's any-encoding, as Yjs does. */
function throughAnUpdate(value: unknown): unknown {
	const encoder = encoding.createEncoder();
	encoding.writeAny(encoder, value as never);
	return decoding.readAny(decoding.createDecoder(encoding.toUint8Array(encoder)));
}

describe('a record', () => {
	const shape = record({ id: text(20), content: text(100) });

	it('takes a plain object with exactly its fields', () => {
		expect(shape(throughAnUpdate({ id: 'a1', content: '路灯不亮' }))).toBeNull();
		expect(shape(throughAnUpdate({ id: 'a1', content: '路灯不亮', extra: 1 }))).toBe('unknown field extra');
	});

	it('refuses one whose fields come from a "__proto__" key (lib0 makes it the prototype: the fields were read through it, and re-encoding dropped them)', () => {
		const sent = JSON.parse('{"__proto__": {"id": "a1", "content": "路灯不亮"}}');
		const arrived = throughAnUpdate(sent) as Record<string, unknown>;
		expect(arrived.id).toBe('a1'); // what made it pass
		expect(Object.keys(arrived)).toEqual([]);
		expect(shape(arrived)).toBe('not a record');
		expect(shape(Object.create({ id: 'a1', content: 'x' }))).toBe('not a record');
	});
});
