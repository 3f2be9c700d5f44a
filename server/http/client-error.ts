// What the server answers a request it cannot parse (Node's 'clientError'): the same statuses as
// Node's own handler, but a refused client that is still sending is read to the end (within bounds)
// before the socket closes. Node's handler destroys the socket at once; the rest of a 60 KB link then
// arrives at a closed socket, the client's next write fails with ECONNRESET, and an HTTP client
// reports that instead of the 431 waiting for it.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How long, and how much, a refused client may go on sending before the socket is dropped. */
const DRAIN_MS = 2000;
const DRAIN_BYTES = 1024 * 1024;

const STATUS: Record<string, string> = {
	HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
	HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
	ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout'
};

type ServerSocket = Socket & { _httpMessage?: { headersSent?: boolean } | null };

const refused = new WeakSet<Socket>();

export function refuseUnparsable(error: Error & { code?: string }, socket: ServerSocket): void {
	// The parser goes on failing on every later chunk: answer once.
	if (refused.has(socket)) return;
	refused.add(socket);
	// A reset peer, or a response already under way (its status line is out): nothing sane to write.
	if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
		socket.destroy();
		return;
	}
	const status = STATUS[error.code ?? ''] ?? '400 Bad Request';
	socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
	// A client too slow to finish its request gets no more time.
	if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
		socket.destroy();
		return;
	}
	socket.end();
	let drained = 0;
	const drop = () => socket.destroy();
	const timer = setTimeout(drop, DRAIN_MS);
	timer.unref();
	socket.on('data', (chunk: Buffer) => {
		drained += chunk.length;
		if (drained > DRAIN_BYTES) drop();
	});
	socket.once('end', drop);
	socket.once('close', () => clearTimeout(timer));
	socket.resume();
}

export function answerUnparsable(server: Server): void {
	server.on('clientError', refuseUnparsable);
}
