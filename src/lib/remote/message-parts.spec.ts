// A large message's parts (message-parts.ts) put back together are the message, whatever its size
// against the part size; a message cut short by a new socket is forgotten.
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { MessageJoiner, messagePart, splitMessage } from './message-parts';

const message = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) % 256);

/** Feeds parts to a joiner as the app gets them (their type read first); what each returned. */
function feed(joiner: MessageJoiner, parts: Uint8Array[]) {
	return parts.map((part) => {
		const d = decoding.createDecoder(part);
		expect(decoding.readVarUint(d)).toBe(messagePart);
		return joiner.add(d);
	});
}

describe('a large message in parts', () => {
	it.each([1, 99, 100, 101, 1000])('puts %i bytes in parts of 100 back together, whole only at the last part', (n) => {
		const whole = message(n);
		const parts = splitMessage(whole, 100);
		expect(parts.length).toBe(Math.ceil(n / 100));
		const got = feed(new MessageJoiner(), parts);
		expect(got.slice(0, -1).every((g) => g === null)).toBe(true);
		expect(got.at(-1)).toEqual(whole);
	});

	it('joins one message after another, and drops what a socket left half-way when reset', () => {
		const joiner = new MessageJoiner();
		const [a, b] = [message(250), message(130).reverse()];
		feed(joiner, splitMessage(a, 100).slice(0, 2));
		joiner.reset();
		expect(feed(joiner, splitMessage(b, 100)).at(-1)).toEqual(b);
		expect(feed(joiner, splitMessage(a, 100)).at(-1)).toEqual(a);
	});
});
