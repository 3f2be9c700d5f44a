// The relay's acknowledgement and heartbeat, for clients that opt in with `ack=1` on the URL
// (docs/sync-protocol.md). A flush request (101, sequence number) is answered (100, the same
// number and the document's state vector) once every update this connection sent before it is
// committed to the update log (SQLite or PostgreSQL): the client then knows those changes are on
// the server. Requests double as a heartbeat; an opted-in connection silent for longer than
// `silentMs` is dropped, so others stop showing a person whose network went away. The stock client never sends 101 and never gets 100.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { Connection } from './connection.js';
import { ProtocolError } from './protocol.js';
import type { Room } from './room.js';
import { CloseCode } from './types.js';
import { messageReceiving } from '../../src/lib/remote/message-parts';

export const messageAck = 100;
export const messageFlush = 101;

/** Opted-in clients ask at least every 0.6 s while idle; this leaves room for a busy server. */
export const SILENT_MS = 4000;

/** How long a message may have been coming in before the client is told it is being received, and how often after. */
export const RECEIVING_BEAT_MS = 500;
const RECEIVING = new Uint8Array([messageReceiving]);

interface AckState {
	/** Updates from this connection queued for the next commit. */
	uncommitted: number;
	/** Flush requests waiting for those commits, oldest first. */
	waiting: number[];
	/** Any bytes from the connection. */
	lastHeard: number;
	/** A whole message from the connection. */
	lastMessage: number;
	/** The last "still receiving" (103) sent to it. */
	lastBeat: number;
}

const states = new WeakMap<Connection, AckState>();

/** Whether the upgrade's URL opted in (`ack=1`). */
export function wantsAck(url: string | undefined): boolean {
	return new URL(url ?? '/', 'http://relay').searchParams.get('ack') === '1';
}

export function enableAck(conn: Connection): void {
	const now = Date.now();
	states.set(conn, { uncommitted: 0, waiting: [], lastHeard: now, lastMessage: now, lastBeat: 0 });
}

export function ackEnabled(conn: Connection): boolean {
	return states.has(conn);
}

/** A whole message from the connection: it is alive. */
export function heard(conn: Connection): void {
	const state = states.get(conn);
	if (state) state.lastHeard = state.lastMessage = Date.now();
}

/**
 * Bytes from the connection (called for its socket's data, after ws has handled what they
 * completed): it is alive, even part-way through one large message over a slow link; and once such
 * a message has been coming in for RECEIVING_BEAT_MS, the client, which hears nothing from us
 * meanwhile, is told every RECEIVING_BEAT_MS that it is being received (103).
 */
export function receiving(conn: Connection): void {
	const state = states.get(conn);
	if (!state) return;
	const now = Date.now();
	state.lastHeard = now;
	if (now - state.lastMessage < RECEIVING_BEAT_MS || now - state.lastBeat < RECEIVING_BEAT_MS) return;
	state.lastBeat = now;
	conn.send(RECEIVING);
}

/** An update from the connection was queued for commit. */
export function queued(conn: Connection): void {
	const state = states.get(conn);
	if (state) state.uncommitted++;
}

/** A queued update was committed (or failed: then the connection is closed anyway). */
export function committed(room: Room, conn: Connection): void {
	const state = states.get(conn);
	if (!state) return;
	state.uncommitted--;
	if (state.uncommitted === 0) answer(room, conn, state);
}

/**
 * A flush request from an opted-in connection (`data` starts with 101): answered once committed.
 * Answers false for anything else, which the y-protocols reader then handles.
 */
export function handleFlush(room: Room, conn: Connection, data: Uint8Array): boolean {
	const state = states.get(conn);
	if (!state || data[0] !== messageFlush) return false;
	let seq: number;
	try {
		const decoder = decoding.createDecoder(data);
		decoding.readVarUint(decoder);
		seq = decoding.readVarUint(decoder);
		if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
	} catch (error) {
		throw new ProtocolError(CloseCode.malformed, `malformed flush request: ${(error as Error).message}`);
	}
	state.waiting.push(seq);
	if (state.uncommitted === 0) answer(room, conn, state);
	return true;
}

function answer(room: Room, conn: Connection, state: AckState): void {
	if (state.waiting.length === 0) return;
	const seq = state.waiting[state.waiting.length - 1];
	state.waiting = [];
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageAck);
	encoding.writeVarUint(encoder, seq);
	encoding.writeVarUint8Array(encoder, room.doc.isDestroyed ? new Uint8Array([0]) : Y.encodeStateVector(room.doc));
	conn.send(encoding.toUint8Array(encoder));
}

/** Drops opted-in connections that stopped talking (checked every second). */
export function watchSilence(connections: Iterable<Connection>, silentMs = SILENT_MS): () => void {
	const timer = setInterval(() => {
		const now = Date.now();
		for (const conn of connections) {
			const state = states.get(conn);
			if (state && now - state.lastHeard > silentMs) conn.socket.terminate();
		}
	}, Math.min(1000, silentMs / 2));
	timer.unref();
	return () => clearInterval(timer);
}
