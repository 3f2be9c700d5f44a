// The relay's socket of a document the documents' worker holds, opened on the page (docs-client.ts
// holds the real WebSocket) and driven from the worker: y-websocket in the worker is given this
// class for WebSocket (its `WebSocketPolyfill` option). The bytes cross between the two threads;
// the connection itself is the page's, so it lives and dies with the page, and whatever the browser
// (or a test harness, or an extension) does to a page's sockets applies to it.
import type { FromWorker } from './docs-protocol';

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

let post: Post = () => {};
let nextId = 1;
const open = new Map<number, PageSocket>();

/** Wires the sockets to the worker's channel to the page (docs.worker.ts). */
export function socketsPostWith(send: Post): void {
	post = send;
}

/** What the page's socket did (docs-protocol.ts `socket`). */
export function socketEvent(id: number, event: 'open' | 'message' | 'error' | 'close', data?: ArrayBuffer, code?: number, reason?: string): void {
	const socket = open.get(id);
	if (!socket) return;
	if (event === 'open') {
		socket.readyState = PageSocket.OPEN;
		socket.onopen?.({});
	} else if (event === 'message') socket.onmessage?.({ data });
	else if (event === 'error') socket.onerror?.({});
	else {
		open.delete(id);
		socket.readyState = PageSocket.CLOSED;
		socket.onclose?.({ code: code ?? 1006, reason: reason ?? '', wasClean: code !== undefined && code !== 1006 });
	}
}

/** y-websocket sets these; the page's socket events arrive as plain objects. */
type Listener<E> = ((event: E) => void) | null;

/** As much of WebSocket as y-websocket and the acknowledgements use. */
export class PageSocket {
	static readonly CONNECTING = 0;
	static readonly OPEN = 1;
	static readonly CLOSING = 2;
	static readonly CLOSED = 3;
	readonly CONNECTING = 0;
	readonly OPEN = 1;
	readonly CLOSING = 2;
	readonly CLOSED = 3;
	readonly id = nextId++;
	binaryType = 'arraybuffer';
	readyState: number = PageSocket.CONNECTING;
	onopen: Listener<object> = null;
	onmessage: Listener<{ data?: ArrayBuffer }> = null;
	onerror: Listener<object> = null;
	onclose: Listener<{ code: number; reason: string; wasClean: boolean }> = null;

	constructor(readonly url: string) {
		open.set(this.id, this);
		post({ type: 'socket-open', id: this.id, url });
	}

	send(data: Uint8Array | ArrayBuffer): void {
		if (this.readyState !== PageSocket.OPEN) return;
		// A copy of its own, handed over (not cloned again) to the page.
		const copy = (data instanceof ArrayBuffer ? new Uint8Array(data) : data).slice().buffer;
		post({ type: 'socket-send', id: this.id, data: copy }, [copy]);
	}

	close(code?: number, reason?: string): void {
		if (this.readyState === PageSocket.CLOSING || this.readyState === PageSocket.CLOSED) return;
		this.readyState = PageSocket.CLOSING;
		post({ type: 'socket-close', id: this.id, code, reason });
	}
}
