// The app's side of the relay's acknowledgement (docs/sync-protocol.md, "Acknowledgement and
// heartbeat"): on a provider opened with `ack=1`, asks the relay to flush (message 101 with a
// sequence number) and hears back (message 100) once the relay has committed everything this
// socket sent before; the document's unsent changes made before that request are then on the
// server. The same request is the heartbeat: a socket that stops answering is closed at once,
// instead of after y-websocket's 30 s. Over a slow link a large message is alive too: one to us
// comes in parts, put back together here, and while one of ours is coming in, the relay says so
// (src/lib/remote/message-parts.ts).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import type { DocStore } from './doc-store';
import { MessageJoiner, messagePart, messageReceiving } from '$lib/remote/message-parts';

export const messageAck = 100;
export const messageFlush = 101;

/** An idle socket is asked this often, so a dead one is noticed in time. */
export const HEARTBEAT_MS = 600;
/** Nothing heard for this long while connected: the socket is dead (the badge says 离线 within 2 s). */
export const DEAD_AFTER_MS = 1400;
const TICK_MS = 200;

type Handler = (encoder: encoding.Encoder, decoder: decoding.Decoder, provider: WebsocketProvider, emitSynced: boolean, type: number) => void;

export class Acknowledger {
	#seq = 0;
	/** Requests sent on the current socket: sequence number → the store's mark at sending. */
	#waiting = new Map<number, number>();
	#socket: WebSocket | null = null;
	#lastSent = 0;
	#joiner = new MessageJoiner();
	/** The socket the parts being joined came on: a part from another one starts afresh. */
	#partsFrom: WebSocket | null = null;
	#timer: ReturnType<typeof setInterval>;
	#offStore: () => void;

	constructor(
		private readonly provider: WebsocketProvider,
		private readonly store: DocStore,
		private readonly dead: () => void
	) {
		(provider.messageHandlers as Handler[])[messageAck] = (_encoder, decoder) => {
			const seq = decoding.readVarUint(decoder);
			decoding.readVarUint8Array(decoder); // the server's state vector: not needed with marks
			const mark = this.#waiting.get(seq);
			if (mark === undefined) return;
			for (const s of [...this.#waiting.keys()]) if (s <= seq) this.#waiting.delete(s);
			store.acknowledge(mark);
		};
		(provider.messageHandlers as Handler[])[messagePart] = (_encoder, decoder) => {
			// y-websocket hands over only the current socket's messages: a new one here means the
			// last one died part-way through a message, whose parts must not be joined to this one's.
			if (provider.ws !== this.#partsFrom) {
				this.#partsFrom = provider.ws;
				this.#joiner.reset();
			}
			const whole = this.#joiner.add(decoder);
			if (whole) this.#handle(whole);
		};
		// Heard (y-websocket notes the time of every message): nothing else to do.
		(provider.messageHandlers as Handler[])[messageReceiving] = () => {};
		this.#timer = setInterval(this.#tick, TICK_MS);
		// A local change asks at once (after the provider has sent it, in the same task).
		this.#offStore = store.onChange(() => queueMicrotask(() => this.#request(false)));
	}

	#tick = () => {
		const provider = this.provider;
		if (!provider.wsconnected || !provider.ws) return;
		const now = Date.now();
		if (now - provider.wsLastMessageReceived > DEAD_AFTER_MS) {
			this.#waiting.clear();
			return this.dead();
		}
		this.#request(now - Math.max(provider.wsLastMessageReceived, this.#lastSent) >= HEARTBEAT_MS);
	};

	/** Sends a flush request when there is something to acknowledge, or `beat` for liveness. */
	#request(beat: boolean) {
		const ws = this.provider.ws;
		if (!ws || ws.readyState !== ws.OPEN || !this.provider.wsconnected) return;
		if (ws !== this.#socket) {
			this.#socket = ws;
			this.#waiting.clear();
		}
		// Before the sync, changes made offline have not been sent yet (they go in our step 2).
		const unsent = this.provider.synced && this.store.unsent > 0 && this.#waiting.size === 0;
		if (!unsent && !beat) return;
		const seq = ++this.#seq;
		if (this.provider.synced) this.#waiting.set(seq, this.store.mark());
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, messageFlush);
		encoding.writeVarUint(encoder, seq);
		ws.send(encoding.toUint8Array(encoder));
		this.#lastSent = Date.now();
	}

	/** A message put back together from its parts, handled as y-websocket handles one that came whole. */
	#handle(message: Uint8Array) {
		const provider = this.provider;
		const decoder = decoding.createDecoder(message);
		const reply = encoding.createEncoder();
		const type = decoding.readVarUint(decoder);
		const handler = (provider.messageHandlers as Handler[])[type];
		if (!handler) return;
		handler(reply, decoder, provider, true, type);
		if (encoding.length(reply) > 1) provider.ws?.send(encoding.toUint8Array(reply));
	}

	destroy() {
		clearInterval(this.#timer);
		this.#offStore();
	}
}
