// The app's side of large messages in parts (sync-ack.ts, src/lib/remote/message-parts.ts): a
// socket that died part-way through a message leaves nothing behind for the next socket's message
// (seen wrong: its first parts were joined in front of the new socket's document).
import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { splitMessage, messagePart } from '$lib/remote/message-parts';
import type { DocStore } from './doc-store';
import { Acknowledger } from './sync-ack';

type Handler = (encoder: encoding.Encoder, decoder: decoding.Decoder, provider: WebsocketProvider, emitSynced: boolean, type: number) => void;

const TYPE = 77;
const socket = () => ({ OPEN: 1, readyState: 1, send: () => {} });
const store = { onChange: () => () => {}, unsent: 0, mark: () => 0, acknowledge: () => {} } as unknown as DocStore;
let ack: Acknowledger | null = null;
afterEach(() => ack?.destroy());

describe('large messages in parts, on the app side', () => {
	it('joins a message only from parts of the socket it came on', () => {
		const handled: number[][] = [];
		const handlers: Handler[] = [];
		handlers[TYPE] = (_e, d) => void handled.push([...decoding.readTailAsUint8Array(d)]);
		const provider = { messageHandlers: handlers, ws: socket(), wsconnected: true, synced: false, wsLastMessageReceived: Date.now() };
		ack = new Acknowledger(provider as unknown as WebsocketProvider, store, () => {});
		const deliver = (part: Uint8Array) => {
			const d = decoding.createDecoder(part);
			expect(decoding.readVarUint(d)).toBe(messagePart);
			handlers[messagePart]({} as encoding.Encoder, d, provider as unknown as WebsocketProvider, true, messagePart);
		};
		const old = new Uint8Array([TYPE, ...new Array(250).fill(1)]);
		const next = new Uint8Array([TYPE, ...new Array(130).fill(2)]);
		// The first socket dies after two of the old message's three parts; the next one sends its own.
		splitMessage(old, 100).slice(0, 2).forEach(deliver);
		provider.ws = socket();
		splitMessage(next, 100).forEach(deliver);
		expect(handled).toEqual([[...next.subarray(1)]]);
	});
});
