// Generated y-websocket traffic: valid y-protocols framing around random payloads, real Yjs
// updates of random content, truncated frames, random bytes, varints past 2^53, awareness states
// of random JSON (some claiming other clients' ids), and the frames a careless client sends.
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { hostileString } from './generators';

export interface Frame {
	kind: string;
	data: Uint8Array | string;
}

const frame = (kind: string, build: (e: encoding.Encoder) => void): Frame => {
	const e = encoding.createEncoder();
	build(e);
	return { kind, data: encoding.toUint8Array(e) };
};

/** Bytes of a varint larger than any safe integer (lib0 reads up to 2^53, then throws). */
const hugeVarint = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);

const rootName = fc.constantFrom('entries', 'meta', 'categories', 'timeline', 'visits', 'ties', 'x', '', '__proto__');

/** A real Yjs update: random writes into random root types of a document with a random client id. */
export const yjsUpdate: fc.Arbitrary<{ update: Uint8Array; v2: boolean }> = fc
	.record({
		clientID: fc.oneof(fc.integer({ min: 1, max: 2 ** 32 - 1 }), fc.constantFrom(0, 2 ** 53 - 1)),
		ops: fc.array(
			fc.record({ root: rootName, kind: fc.constantFrom('map', 'text', 'array', 'xml'), key: fc.string({ maxLength: 6 }), value: fc.jsonValue({ maxDepth: 2 }), text: hostileString }),
			{ minLength: 1, maxLength: 4 }
		),
		useV2: fc.nat({ max: 9 })
	})
	.map(({ clientID, ops, useV2 }) => {
		const doc = new Y.Doc();
		doc.clientID = clientID;
		for (const op of ops) {
			try {
				if (op.kind === 'map') doc.getMap(op.root).set(op.key, op.value);
				else if (op.kind === 'text') doc.getText(op.root).insert(0, op.text);
				else if (op.kind === 'array') doc.getArray(op.root).push([op.value]);
				else doc.getXmlFragment(op.root).insert(0, [new Y.XmlText(op.text)]);
			} catch {
				// The same root asked for as two types: Yjs refuses, the other ops stand.
			}
		}
		const v2 = useV2 === 0; // the relay speaks v1: a v2 update is a malformed one to it
		const update = v2 ? Y.encodeStateAsUpdateV2(doc) : Y.encodeStateAsUpdate(doc);
		doc.destroy();
		return { update, v2 };
	});

/** An awareness update in the y-protocols layout, with any client ids, clocks and states. */
export function awarenessFrame(entries: { clientID: number; clock: number; state: string }[]): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, entries.length);
	for (const { clientID, clock, state } of entries) {
		encoding.writeVarUint(inner, clientID);
		encoding.writeVarUint(inner, clock);
		encoding.writeVarString(inner, state);
	}
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
	return encoding.toUint8Array(e);
}

/** An awareness entry for a made-up client id, or for one of `victims` (the honest clients') when given. */
const awarenessEntry = (victims: number[]) =>
	fc.record({
		clientID: victims.length
			? fc.constantFrom(...victims)
			: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 2 ** 32 - 1 }), weight: 3 }, { arbitrary: fc.constant(2 ** 53 - 1), weight: 1 }),
		clock: fc.oneof(fc.nat({ max: 10 }), fc.constantFrom(2 ** 31, 2 ** 53 - 1)),
		state: fc.oneof(
			{ arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 6 },
			{ arbitrary: fc.constant('null'), weight: 2 }, // removes the state: someone else's, when the id is theirs
			{ arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify({ user: v, cursor: v })), weight: 2 },
			{ arbitrary: fc.constantFrom('{', '', 'undefined', '{"user":', '[' .repeat(5000)), weight: 1 },
			{ arbitrary: fc.constantFrom(10_000, 200_000).map((n) => JSON.stringify({ blob: 'x'.repeat(n) })), weight: 1 }
		)
	});

/** Awareness frames that claim the presence of other clients (`victims`): change it, remove it. */
export const forgedPresence = (victims: number[]): fc.Arbitrary<Frame> =>
	fc.array(awarenessEntry(victims), { minLength: 1, maxLength: 3 }).map((entries) => ({ kind: `awareness for ${entries.map((e) => `${e.clientID}@${e.clock}`).join(', ')}`, data: awarenessFrame(entries) }));

/** One frame a client might send; its awareness entries are for client ids of its own making. */
export function frameArb(): fc.Arbitrary<Frame> {
	const victims: number[] = [];
	const bytes = fc.uint8Array({ maxLength: 300 });
	return fc.oneof(
		// sync step 1 with random or real-looking state vectors
		bytes.map((sv) => frame('step1 random state vector', (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, sv)))),
		fc
			.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 32 }), fc.oneof(fc.nat(), fc.constant(2 ** 53 - 1))), { maxLength: 5 })
			.map((pairs) => frame('step1 big clocks', (e) => {
				const sv = encoding.createEncoder();
				encoding.writeVarUint(sv, pairs.length);
				for (const [c, k] of pairs) (encoding.writeVarUint(sv, c), encoding.writeVarUint(sv, k));
				encoding.writeVarUint(e, 0);
				encoding.writeVarUint(e, 0);
				encoding.writeVarUint8Array(e, encoding.toUint8Array(sv));
			})),
		// step 2 / update with a real update, random bytes, or an unknown sub-type
		fc.tuple(fc.constantFrom(1, 2), yjsUpdate).map(([sub, { update, v2 }]) => frame(`sync ${sub} real update${v2 ? ' (v2)' : ''}`, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, sub), encoding.writeVarUint8Array(e, update)))),
		fc.tuple(fc.constantFrom(1, 2, 3, 99), bytes).map(([sub, b]) => frame(`sync ${sub} random payload`, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, sub), encoding.writeVarUint8Array(e, b)))),
		// awareness: random JSON states, other clients' ids, removals, big states, broken JSON
		fc.array(awarenessEntry(victims), { minLength: 1, maxLength: 4 }).map((entries) => ({ kind: 'awareness', data: awarenessFrame(entries) })),
		bytes.map((b) => frame('awareness random payload', (e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, b)))),
		// auth and query-awareness, with and without trailing bytes; unknown message types
		fc.constantFrom(Uint8Array.of(3), Uint8Array.of(3, 0), Uint8Array.of(2), Uint8Array.of(2, 0, 1), Uint8Array.of(4), Uint8Array.of(127)).map((data) => ({ kind: 'short message', data })),
		// varints past 2^53: as the message type, the sub-type, a payload length
		fc.constantFrom(
			{ kind: 'huge type', data: hugeVarint },
			{ kind: 'huge sync sub-type', data: Uint8Array.from([0, ...hugeVarint]) },
			{ kind: 'huge payload length', data: Uint8Array.from([0, 1, ...hugeVarint]) },
			{ kind: 'length past the frame', data: Uint8Array.from([0, 2, 0xff, 0xff, 0x03, 1, 2, 3]) },
			{ kind: 'awareness huge count', data: Uint8Array.from([1, 11, ...hugeVarint, 0]) }
		),
		// truncated frames of real messages; random bytes; empty and text frames
		fc.tuple(yjsUpdate, fc.nat()).map(([{ update }, cut]) => {
			const whole = frame('', (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update))).data as Uint8Array;
			return { kind: 'truncated update', data: whole.slice(0, cut % whole.length) };
		}),
		bytes.map((data) => ({ kind: 'random bytes', data })),
		fc.constant({ kind: 'empty frame', data: new Uint8Array() }),
		hostileString.map((data) => ({ kind: 'text frame', data }))
	);
}

/** A document name as a client might ask for it (encoded into the URL by the caller). */
export const docNameArb = (known: string[]): fc.Arbitrary<string> =>
	fc.oneof(
		{ arbitrary: fc.constantFrom(...known), weight: 8 },
		{ arbitrary: fc.constantFrom('board:', 'board:nope000', 'visits:zzzzzz', 'ledger:abc123', 'board:' + 'a'.repeat(200), '..', '%', 'board:%00'), weight: 2 },
		{ arbitrary: hostileString, weight: 1 }
	);
