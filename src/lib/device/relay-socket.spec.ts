// The page's relay sockets, driven by the documents' worker (docs-client.ts relaySocket): bytes
// the worker sent after the socket began to close (the relay closing it at sign-out, or the page)
// are not handed to it — a browser would only drop them and log "WebSocket is already in CLOSING
// or CLOSED state".
import { afterEach, describe, expect, it, vi } from 'vitest';
import { relaySocket } from './docs-client';

class FakeSocket {
	static readonly CONNECTING = 0;
	static readonly OPEN = 1;
	static readonly CLOSING = 2;
	static readonly CLOSED = 3;
	static made: FakeSocket[] = [];
	readyState = FakeSocket.CONNECTING;
	binaryType = 'blob';
	sent: ArrayBuffer[] = [];
	/** Sends made while not open: each one a console error in a browser. */
	refused = 0;
	onopen: (() => void) | null = null;
	onmessage: ((e: { data: ArrayBuffer }) => void) | null = null;
	onerror: (() => void) | null = null;
	onclose: ((e: { code: number; reason: string }) => void) | null = null;
	constructor(readonly url: string) {
		FakeSocket.made.push(this);
	}
	send(data: ArrayBuffer) {
		if (this.readyState !== FakeSocket.OPEN) this.refused++;
		else this.sent.push(data);
	}
	close() {
		if (this.readyState < FakeSocket.CLOSING) this.readyState = FakeSocket.CLOSING;
	}
}

afterEach(() => {
	vi.unstubAllGlobals();
	FakeSocket.made = [];
});

function opened(id: number) {
	vi.stubGlobal('WebSocket', FakeSocket);
	const worker = { postMessage: vi.fn() };
	relaySocket(worker, { type: 'socket-open', id, url: 'ws://relay/sync' });
	const ws = FakeSocket.made.at(-1)!;
	ws.readyState = FakeSocket.OPEN;
	ws.onopen?.();
	return { ws, worker };
}

describe('relay sockets held for the worker', () => {
	it('hands the worker’s bytes to an open socket', () => {
		const { ws, worker } = opened(1);
		relaySocket(worker, { type: 'socket-send', id: 1, data: new Uint8Array([1, 2]).buffer });
		expect(ws.sent).toHaveLength(1);
		expect(worker.postMessage).toHaveBeenCalledWith(expect.objectContaining({ type: 'socket', id: 1, event: 'open' }), []);
	});

	it('does not send on a socket the relay or the page began to close (sign-out), and still closes it', () => {
		const { ws, worker } = opened(2);
		// The relay ended the session (4401): the socket is closing, its close event not here yet.
		ws.readyState = FakeSocket.CLOSING;
		relaySocket(worker, { type: 'socket-send', id: 2, data: new Uint8Array([3]).buffer });
		// The page closed it itself; y-websocket's last awareness update comes after.
		const { ws: other, worker: w2 } = opened(3);
		relaySocket(w2, { type: 'socket-close', id: 3, code: 1000 });
		expect(other.readyState).toBe(FakeSocket.CLOSING);
		relaySocket(w2, { type: 'socket-send', id: 3, data: new Uint8Array([4]).buffer });
		other.readyState = FakeSocket.CLOSED;
		relaySocket(w2, { type: 'socket-send', id: 3, data: new Uint8Array([5]).buffer });
		expect(ws.refused + other.refused).toBe(0);
	});
});
