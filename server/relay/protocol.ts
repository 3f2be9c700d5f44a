// The y-websocket wire protocol (y-protocols sync + awareness), read from one connection.
// Every message is decoded whole before it has any effect: a bad one changes nothing.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Connection } from './connection.js';
import { admitPresence, MalformedPresence } from './presence.js';
import type { Room } from './room.js';
import { CloseCode } from './types.js';
import { readUpdate } from './update-check.js';
import { handleFlush } from './ack.js';

export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;

/** Why a connection is closed; the room and the stored document are untouched. */
export class ProtocolError extends Error {
	constructor(
		readonly code: number,
		message: string
	) {
		super(message);
	}
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageSync);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageSync);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageAwareness);
	encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
	return encoding.toUint8Array(encoder);
}

/** A sync step 2 carrying `update` (what the asking client lacks). */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageSync);
	encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** Reads the one y-protocols message in `data`; throws ProtocolError to have the connection closed. */
export function handleMessage(room: Room, conn: Connection, data: Uint8Array): void {
	if (handleFlush(room, conn, data)) return; // 101, only from connections that opted in (ack.ts)
	let decoded: { type: number; sub: number; payload: Uint8Array };
	try {
		decoded = readFrame(decoding.createDecoder(data));
	} catch (error) {
		throw new ProtocolError(CloseCode.malformed, `malformed message: ${(error as Error).message}`);
	}
	const { type, sub, payload } = decoded;
	switch (type) {
		case messageSync:
			return handleSync(room, conn, sub, payload);
		case messageAwareness:
			return handleAwareness(room, conn, payload);
		case messageQueryAwareness:
			takeSyncRequest(conn);
			return conn.send(encodeAwareness(room.awareness, [...room.awareness.getStates().keys()]));
		case messageAuth:
			return; // only the server sends auth messages; a client's, read whole above, is ignored
		default:
			throw new ProtocolError(CloseCode.malformed, `unknown message type ${type}`);
	}
}

/** Reads one whole frame; throws on anything short, long or unreadable (the caller closes with 4400). */
function readFrame(decoder: decoding.Decoder): { type: number; sub: number; payload: Uint8Array } {
	const type = decoding.readVarUint(decoder);
	const sub = type === messageSync ? decoding.readVarUint(decoder) : -1;
	let payload: Uint8Array = new Uint8Array();
	if (type === messageAuth) readAuthMessage(decoder);
	else if (type !== messageQueryAwareness) payload = decoding.readVarUint8Array(decoder);
	if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
	return { type, sub, payload };
}

/** y-protocols' one auth message, "permission denied" and its reason; read whole, then ignored. */
function readAuthMessage(decoder: decoding.Decoder): void {
	if (decoding.readVarUint(decoder) !== authProtocol.messagePermissionDenied) throw new Error('unknown auth message');
	decoding.readVarString(decoder);
}

/** Requests answered with a whole document or all presence are limited per connection. */
function takeSyncRequest(conn: Connection): void {
	if (!conn.takeSyncRequest()) throw new ProtocolError(CloseCode.tryAgainLater, 'too many sync requests');
}

function handleSync(room: Room, conn: Connection, sub: number, payload: Uint8Array): void {
	if (sub === syncProtocol.messageYjsSyncStep1) {
		try {
			Y.decodeStateVector(payload);
		} catch {
			throw new ProtocolError(CloseCode.malformed, 'malformed state vector');
		}
		takeSyncRequest(conn);
		// A masked reader is answered through the room's feed (reader-feed.ts), the relay made it at the join.
		if (conn.identity.masked) return room.feed!.answer(conn, payload);
		return conn.send(encodeSyncStep2(Y.encodeStateAsUpdate(room.doc, payload)));
	}
	if (sub !== syncProtocol.messageYjsSyncStep2 && sub !== syncProtocol.messageYjsUpdate) {
		throw new ProtocolError(CloseCode.malformed, `unknown sync message ${sub}`);
	}
	// Read against what is accepted, committed or not: the same update sent twice in one turn, or
	// passed on in a teammate's step 2, is neither stored nor forwarded again (its sender's flush
	// waits for the commit under way), and its structs are not new writes under their writers' ids.
	const accepted = room.gate?.accepted() ?? null;
	let read: ReturnType<typeof readUpdate>;
	try {
		read = readUpdate(accepted ?? room.doc, payload);
	} catch {
		throw new ProtocolError(CloseCode.malformed, 'malformed update');
	}
	// e.g. the stock client's step 2 answering ours: nothing to store or forward
	if (!read.changes) return accepted ? room.awaitPending(conn) : undefined;
	if (!conn.identity.canWrite) throw new ProtocolError(CloseCode.forbidden, 'read-only: updates are refused');
	// A client id is its writer's: structs under one another person wrote with are forged (room.ts, writers).
	const person = conn.identity.userId;
	for (const client of read.writers) {
		const writer = room.writers.get(client);
		if (writer !== undefined && writer !== person) throw new ProtocolError(CloseCode.refused, "refused: written under another writer's client id");
	}
	// The document's rules (gate.ts): a refused update is neither stored nor forwarded, nor is a part
	// that hangs on changes the relay does not have.
	const admitted = room.gate ? room.gate.admit(payload) : { refusal: null, update: payload };
	if (admitted.refusal !== null) throw new ProtocolError(CloseCode.refused, `refused: ${admitted.refusal}`);
	if (!admitted.update) return;
	// Claimed by a live update only, for what integrated (a part left out by gate.ts claims nothing).
	// A step 2 may bring other writers' items the relay lacks (restored from an older backup, or
	// another server process not caught up yet): they stay their writers'.
	if (sub === syncProtocol.messageYjsUpdate) {
		const writers = admitted.update === payload ? read.writers : readUpdate(room.doc, admitted.update).writers;
		for (const client of writers) room.writers.set(client, person);
	}
	room.applyUpdate(conn, admitted.update);
}

/** Presence: only what this connection may set, bounded, stamped with the verified user (presence.ts). */
function handleAwareness(room: Room, conn: Connection, payload: Uint8Array): void {
	let update: Uint8Array | null;
	try {
		update = admitPresence(payload, conn, room.presenceOwners, room.limits);
	} catch (error) {
		if (!(error instanceof MalformedPresence)) throw error;
		throw new ProtocolError(CloseCode.malformed, 'malformed awareness update');
	}
	if (update) awarenessProtocol.applyAwarenessUpdate(room.awareness, update, conn);
}
