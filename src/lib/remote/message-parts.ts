// Large relay messages over a slow link (docs/sync-protocol.md, "Large messages"). A WebSocket
// hands over a message only once all of it has arrived, so while a busy station's whole document
// (megabytes) crossed a phone's slow link in one message, the receiving side heard nothing: the
// app's heartbeat (sync-ack.ts: nothing heard for 1.4 s is a dead socket) or the relay's silence
// watch (4 s) cut the socket, and the document was sent again, for ever. For a client that opts
// in (ack=1):
//   - the relay sends a message above PART_BYTES as parts (message 102), each a message of its
//     own, which the client puts back together before handling it;
//   - while a message of the client's is coming in, the relay tells it so every half second
//     (message 103, no body), as bytes of it arrive.
// Shared by the relay (server/relay/connection.ts, ack.ts) and the app (sync-ack.ts).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const messagePart = 102;
export const messageReceiving = 103;

/** 32 KiB: a quarter of a second at 1 Mbit/s, well within the heartbeat's 1.4 s. */
export const PART_BYTES = 32 * 1024;

/** `message` as parts of at most `size` bytes of it each: [102][last: 0 | 1][bytes]. One part is the whole message. */
export function splitMessage(message: Uint8Array, size = PART_BYTES): Uint8Array[] {
	const parts: Uint8Array[] = [];
	for (let at = 0; at < message.length; at += size) {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, messagePart);
		encoding.writeVarUint(encoder, at + size >= message.length ? 1 : 0);
		encoding.writeVarUint8Array(encoder, message.subarray(at, at + size));
		parts.push(encoding.toUint8Array(encoder));
	}
	return parts;
}

/** Puts the parts of one message after another back together, in the order they came. */
export class MessageJoiner {
	#parts: Uint8Array[] = [];

	/** A part (its type already read from `decoder`): the whole message once this was its last part, else null. */
	add(decoder: decoding.Decoder): Uint8Array | null {
		const last = decoding.readVarUint(decoder) === 1;
		this.#parts.push(decoding.readVarUint8Array(decoder));
		if (!last) return null;
		const parts = this.#parts;
		this.#parts = [];
		if (parts.length === 1) return parts[0];
		const whole = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
		let at = 0;
		for (const part of parts) {
			whole.set(part, at);
			at += part.length;
		}
		return whole;
	}

	/** A new socket: what came of a message on the last one is dropped. */
	reset(): void {
		this.#parts = [];
	}
}
