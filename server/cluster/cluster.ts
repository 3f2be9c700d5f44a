// Several server processes serving one district (issue 12; docs/deploy.md, "Many machines"):
// with YIXIAN_REDIS_URL the process joins the others through Redis. Without it nothing here runs
// and the process works alone, as before.
import type { Logger } from '../relay/types';
import type { WarmUp } from '../stats/warm-up';
import { linkAccess, type AccessSource } from './access-link';
import { ClusterBus } from './bus';
import { redisLocks, runOnce, type OnceLocks } from './locks';
import { linkRooms, type LoadStored, type RoomLink } from './room-link';

export interface Cluster {
	readonly bus: ClusterBus;
	readonly locks: OnceLocks;
	/** The relay's `peers` option. */
	readonly rooms: RoomLink;
	/** Connected to Redis and listening for access events: the process may serve. */
	readonly ready: Promise<void>;
	/** Publishes and hears the directory's access events. */
	linkDirectory(directory: AccessSource): void;
	/** A warm-up run by the one process that gets its lock; the others skip it (their `done` gives 0). */
	warmOnce(name: string, start: () => WarmUp): WarmUp;
	close(): Promise<void>;
}

export interface ClusterOptions {
	redisUrl: string;
	prefix: string;
	/** Reads a document's stored updates (the relay's store), for catching up. */
	load: LoadStored;
	log?: Logger;
}

/** How long the warm-up's lock lives without being renewed (its holder renews it while it works). */
const WARM_UP_LOCK_MS = 60_000;

export function startCluster({ redisUrl, prefix, load, log = console }: ClusterOptions): Cluster {
	const bus = new ClusterBus({ url: redisUrl, prefix, log });
	const locks = redisLocks(bus.redis, prefix);
	const rooms = linkRooms(bus, load, locks, log);
	const waiting: Promise<unknown>[] = [bus.ready];
	let unlinkAccess: (() => void) | undefined;
	return {
		bus,
		locks,
		rooms,
		get ready() {
			return Promise.all(waiting).then(() => undefined);
		},
		linkDirectory(directory) {
			waiting.push(linkAccess(bus, directory, log).then((unlink) => (unlinkAccess = unlink)));
		},
		warmOnce(name, start) {
			let inner: WarmUp | undefined;
			let stopped = false;
			const done = bus.ready
				.then(() =>
					runOnce(locks, name, WARM_UP_LOCK_MS, () => {
						if (stopped) return;
						inner = start();
						return inner.done;
					}, (error) => log.warn(`cluster: ${name} lock: ${error.message}`))
				)
				.then(() => (inner ? inner.done : 0));
			return {
				done,
				stop() {
					stopped = true;
					inner?.stop();
				}
			};
		},
		async close() {
			unlinkAccess?.();
			rooms.stop();
			await bus.close();
		}
	};
}
