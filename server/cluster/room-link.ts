// The relay's rooms across processes (issue 12). A process subscribes to a document's channel
// when its room opens and unsubscribes when the room closes; it publishes each update it
// committed (after the store write: persist-then-broadcast holds across processes too) and its
// clients' presence; it applies what the others publish and forwards it to its clients.
//
// Gaps are closed from storage, never from Redis:
// - a room that opens reads storage before its subscription is confirmed, so once confirmed it
//   reads storage again (a catch-up: only what is new is applied and forwarded);
// - after a lost Redis link every open room catches up, and the others are asked to catch up on
//   the documents this process holds (what it published meanwhile may not have reached them).
// Duplicates and reordering are harmless: Yjs updates are idempotent and commutative, and an
// update whose predecessors have not arrived yet waits inside Yjs until they do.
import * as Y from 'yjs';
import type { Room } from '../relay/room';
import type { Logger, Peers } from '../relay/types';
import { logSafe } from '../util/log-safe';
import { Kind, type ClusterBus } from './bus';
import type { OnceLocks } from './locks';

const docChannel = (docName: string) => `doc:${docName}`;
const empty = new Uint8Array(0);

/** How long one process keeps a document's compaction to itself (the others skip it meanwhile). */
export const COMPACTION_LOCK_MS = 30_000;

export interface RoomLink extends Peers {
	/** Rooms this process holds, by document. */
	readonly rooms: ReadonlyMap<string, Room>;
	/** Resolves when the room's subscription is confirmed and it caught up (tests). */
	subscribed(docName: string): Promise<void> | undefined;
	stop(): void;
}

/** A document's stored updates (the relay's store; a promise once storage is asynchronous). */
export type LoadStored = (docName: string) => Uint8Array[] | Promise<Uint8Array[]>;

export function linkRooms(bus: ClusterBus, load: LoadStored, locks: OnceLocks, log: Logger = console): RoomLink {
	const rooms = new Map<string, Room>();
	const subscriptions = new Map<string, Promise<void>>();

	const catchUp = async (room: Room): Promise<void> => {
		try {
			const stored = await load(room.name);
			if (stored.length > 0) room.applyPeerUpdate(stored.length === 1 ? stored[0] : Y.mergeUpdates(stored));
		} catch (error) {
			log.warn(`cluster: catching up ${logSafe(room.name)} failed: ${logSafe((error as Error).message)}`);
		}
	};

	const hear = (docName: string) => (kind: Kind, payload: Uint8Array) => {
		const room = rooms.get(docName);
		if (!room) return;
		if (kind === Kind.update) room.applyPeerUpdate(payload);
		else if (kind === Kind.presence) room.applyPeerPresence(payload);
		else if (kind === Kind.queryPresence) {
			const presence = room.localPresence();
			if (presence) bus.publish(docChannel(docName), Kind.presence, presence);
		} else if (kind === Kind.catchUp) void catchUp(room);
	};

	const stopRecovering = bus.onRecovered(() => {
		for (const room of rooms.values()) {
			void catchUp(room);
			bus.publish(docChannel(room.name), Kind.catchUp, empty);
		}
	});

	return {
		rooms,
		subscribed: (docName) => subscriptions.get(docName),
		opened(room) {
			rooms.set(room.name, room);
			const done = bus
				.subscribe(docChannel(room.name), hear(room.name))
				.then(async () => {
					if (rooms.get(room.name) !== room) return;
					await catchUp(room);
					bus.publish(docChannel(room.name), Kind.queryPresence, empty);
				})
				.catch((error: Error) => {
					// The link is down: it catches up when the link is back (bus.onRecovered).
					log.warn(`cluster: subscribing to ${logSafe(room.name)} failed: ${logSafe(error.message)}`);
				});
			subscriptions.set(room.name, done);
		},
		closed(room) {
			if (rooms.get(room.name) !== room) return;
			rooms.delete(room.name);
			subscriptions.delete(room.name);
			void bus.unsubscribe(docChannel(room.name));
		},
		committed(docName, update) {
			bus.publish(docChannel(docName), Kind.update, update);
		},
		presence(docName, update) {
			bus.publish(docChannel(docName), Kind.presence, update);
		},
		compact(docName, compact) {
			// Held until it expires, not released: whoever passes the threshold next within the
			// window skips, instead of merging the same rows again right after.
			void locks
				.acquire(`compact:${docName}`, COMPACTION_LOCK_MS)
				.then((held) => held && compact())
				.catch((error: Error) => log.warn(`cluster: compaction lock for ${logSafe(docName)}: ${logSafe(error.message)}`));
		},
		stop() {
			stopRecovering();
			for (const name of rooms.keys()) void bus.unsubscribe(docChannel(name));
			rooms.clear();
		}
	};
}

