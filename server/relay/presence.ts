// Presence (y-protocols awareness) is client-claimed: the relay keeps it bounded and owned.
// - A client id belongs to the first connection that set a state for it, until that connection
//   closes; an entry for an id another connection owns is dropped. The stock client sends such
//   entries all the time (it echoes every awareness change it receives), so dropping, not
//   closing, is the answer.
// - A connection claims at most `maxAwarenessClients` ids; a state larger than
//   `maxAwarenessStateBytes` as relayed (the verified user stamped in) is dropped (the last
//   accepted one stays).
// - Removals (state null) count only for the connection's own ids: y-protocols keeps a clock for
//   every id it is told about, so foreign ids must not grow the room's bookkeeping.
// - The `user` field of every state is replaced with the server-verified identity, whole: no
//   claimed field (a role, a phone) rides along under it.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Connection } from './connection.js';
import type { RelayLimits } from './limits.js';

export type PresenceLimits = Pick<RelayLimits, 'maxAwarenessStateBytes' | 'maxAwarenessClients'>;

/** An awareness update the wire format cannot be read from: the connection is closed (4400). */
export class MalformedPresence extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The part of `payload` (an encoded awareness update) that `conn` may apply, with the verified
 * user stamped on each state; null when nothing is left.
 */
export function admitPresence(payload: Uint8Array, conn: Connection, owners: ReadonlyMap<number, Connection>, limits: PresenceLimits): Uint8Array | null {
	const kept = encoding.createEncoder();
	let count = 0;
	let newClaims = 0;
	const seen = new Set<number>();
	try {
		const decoder = decoding.createDecoder(payload);
		const entries = decoding.readVarUint(decoder);
		const body = encoding.createEncoder();
		for (let i = 0; i < entries; i++) {
			const clientID = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const bytes = decoding.readVarUint8Array(decoder);
			const owner = owners.get(clientID);
			if (owner !== undefined && owner !== conn) continue; // someone else's
			if (bytes.byteLength > limits.maxAwarenessStateBytes) continue;
			const state: unknown = JSON.parse(utf8.decode(bytes));
			if (owner === undefined) {
				if (state === null) continue; // removing what it never had: nothing to do
				if (!seen.has(clientID)) {
					if (conn.awarenessClients.size + newClaims >= limits.maxAwarenessClients) continue;
					newClaims++;
				}
			}
			const stamped = JSON.stringify(stamp(state, conn));
			if (Buffer.byteLength(stamped) > limits.maxAwarenessStateBytes) continue;
			seen.add(clientID);
			encoding.writeVarUint(body, clientID);
			encoding.writeVarUint(body, clock);
			encoding.writeVarString(body, stamped);
			count++;
		}
		if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
		if (count === 0) return null;
		encoding.writeVarUint(kept, count);
		encoding.writeUint8Array(kept, encoding.toUint8Array(body));
	} catch (error) {
		throw new MalformedPresence((error as Error).message);
	}
	return encoding.toUint8Array(kept);
}

/** The state with `user` replaced by the verified `{ id, name }`. */
function stamp(state: unknown, conn: Connection): unknown {
	if (state === null || typeof state !== 'object' || Array.isArray(state)) return state;
	const { userId, name } = conn.identity;
	return { ...state, user: { id: userId, name } };
}
