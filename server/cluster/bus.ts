// The link between the server processes of one district (issue 12): Redis pub/sub, one channel per
// open document plus one for access events, under a prefix (YIXIAN_REDIS_PREFIX).
//
// Why pub/sub and not streams: every message carries a Yjs update or a presence state, and both
// are idempotent and commutative: applied twice, or in another order, they give the same document.
// The durable copy is the database, written before anything is published (persist-then-broadcast),
// so Redis never needs to keep anything. What pub/sub can do is drop messages while a process's
// link is down (or Redis restarts, or a slow subscriber is cut off by its output-buffer limit).
// That gap is closed from storage: when a link comes back, the process reloads each of its open
// rooms from the database and asks the others to do the same for theirs (see room-link.ts).
// Streams (y-redis) would add retention, trimming and per-document consumers to get the same.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../relay/types';
import { logSafe } from '../util/log-safe';

/** What a message carries. */
export const Kind = {
	/** A Yjs update the sender committed. */
	update: 1,
	/** An awareness update of the sender's clients. */
	presence: 2,
	/** "I just opened this document: tell me your clients' presence." */
	queryPresence: 3,
	/** "You may have missed messages of mine for this document: reload it from storage." */
	catchUp: 4,
	/** A directory access event (access-link.ts). */
	access: 5
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export type Handler = (kind: Kind, payload: Uint8Array) => void;

const ORIGIN_BYTES = 8;

export interface BusOptions {
	url: string;
	/** Prefix of every channel and key (several districts, or tests, on one Redis). */
	prefix: string;
	log?: Logger;
}

export class ClusterBus {
	/** Tells this process's messages from the others' (a process ignores its own). */
	readonly origin = randomBytes(ORIGIN_BYTES);
	readonly prefix: string;
	/** Commands (publish, locks). Not queued while disconnected: a publish that fails is made good by a catch-up. */
	readonly redis: Redis;
	readonly #sub: Redis;
	readonly #handlers = new Map<string, Handler>();
	readonly #recovered = new Set<() => void>();
	readonly #log: Logger;
	#lost = false;
	#closed = false;
	/** Published messages that failed (the link was down): counted for tests and logs. */
	dropped = 0;
	readonly ready: Promise<void>;

	constructor({ url, prefix, log = console }: BusOptions) {
		this.prefix = prefix;
		this.#log = log;
		const common = { maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 100, 2000) };
		this.redis = new Redis(url, { ...common, enableOfflineQueue: false, connectionName: 'yixian-pub' });
		this.#sub = new Redis(url, { ...common, connectionName: 'yixian-sub' });
		this.#sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#dispatch(channel.toString(), message));
		for (const client of [this.redis, this.#sub]) {
			client.on('error', (error: Error) => this.#linkLost(error.message));
			client.on('close', () => this.#linkLost('connection closed'));
			client.on('ready', () => void this.#linkBack());
		}
		this.ready = Promise.all([once(this.redis, 'ready'), once(this.#sub, 'ready')]).then(() => undefined);
	}

	/** Starts hearing `channel`; resolves once Redis confirmed the subscription. */
	async subscribe(channel: string, handler: Handler): Promise<void> {
		this.#handlers.set(this.prefix + channel, handler);
		await this.#sub.subscribe(this.prefix + channel);
	}

	async unsubscribe(channel: string): Promise<void> {
		this.#handlers.delete(this.prefix + channel);
		if (this.#closed) return;
		await this.#sub.unsubscribe(this.prefix + channel).catch(() => {});
	}

	publish(channel: string, kind: Kind, payload: Uint8Array): void {
		if (this.#closed) return;
		const message = Buffer.concat([this.origin, Buffer.of(kind), payload]);
		this.redis.publish(this.prefix + channel, message).catch(() => {
			this.dropped++;
			this.#lost = true; // the others are told to catch up when the link is back
		});
	}

	/** Runs `listener` whenever both links are back after a loss (and re-subscribed). */
	onRecovered(listener: () => void): () => void {
		this.#recovered.add(listener);
		return () => this.#recovered.delete(listener);
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		this.#handlers.clear();
		// quit() would wait for a link that is down: only a ready client says goodbye.
		await Promise.allSettled([this.redis, this.#sub].map((c) => (c.status === 'ready' ? c.quit() : undefined)));
		this.redis.disconnect();
		this.#sub.disconnect();
	}

	#dispatch(channel: string, message: Buffer): void {
		if (message.length <= ORIGIN_BYTES || this.origin.equals(message.subarray(0, ORIGIN_BYTES))) return;
		const handler = this.#handlers.get(channel);
		if (!handler) return;
		const kind = message[ORIGIN_BYTES] as Kind;
		const payload = new Uint8Array(message.buffer, message.byteOffset + ORIGIN_BYTES + 1, message.length - ORIGIN_BYTES - 1);
		try {
			handler(kind, payload);
		} catch (error) {
			this.#log.warn(`cluster: message on ${logSafe(channel)} failed: ${logSafe((error as Error).message)}`);
		}
	}

	#linkLost(why: string): void {
		if (this.#closed || this.#lost) return;
		this.#lost = true;
		this.#log.warn(`cluster: Redis link lost (${logSafe(why)}); open documents catch up from storage when it is back`);
	}

	async #linkBack(): Promise<void> {
		if (this.#closed || !this.#lost || this.redis.status !== 'ready' || this.#sub.status !== 'ready') return;
		this.#lost = false;
		// Subscribed again (ioredis re-subscribes too; this answers only once Redis confirmed it),
		// so nothing committed after the catch-up's reads can be missed.
		const channels = [...this.#handlers.keys()];
		try {
			if (channels.length > 0) await this.#sub.subscribe(...channels);
		} catch (error) {
			this.#lost = true;
			return this.#log.warn(`cluster: re-subscribing failed: ${logSafe((error as Error).message)}`);
		}
		this.#log.info(`cluster: Redis link back; ${channels.length} channel(s) catching up`);
		for (const listener of this.#recovered) listener();
	}
}

function once(client: Redis, event: string): Promise<void> {
	if (client.status === 'ready') return Promise.resolve();
	return new Promise((resolve) => client.once(event, () => resolve()));
}
