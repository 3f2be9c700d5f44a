// Configuration from the environment, with defaults that start on a fresh machine with no setup.
// A secret that is not given is generated once and kept in the data directory (never in git).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultLimits } from './relay/limits';
import { parseTrustedProxies } from './http/client-address';
import { clockFrom, type Clock } from './clock';

export interface Config {
	port: number;
	host: string;
	/** Holds the SQLite file and generated secrets. */
	dataDir: string;
	dbFile: string;
	/**
	 * YIXIAN_DATABASE_URL: postgres://… puts the server's tables in PostgreSQL (docs/deploy.md);
	 * unset, they stay in `dbFile`. The documents' update log follows it (server/relay/update-log.ts).
	 */
	databaseUrl?: string;
	/** The address people reach the app at (QR codes, links); defaults to http://localhost:<port>. */
	publicUrl: string;
	/** HMAC key for access tokens. */
	tokenSecret: Uint8Array;
	/** Lifetime of an access token in seconds (refresh tokens live `refreshDays`). */
	accessTtlSeconds: number;
	refreshDays: number;
	/** Per address: concurrent websocket connections, and messages per second (burst = 10×). */
	maxConnectionsPerAddress: number;
	maxMessagesPerSecond: number;
	/** Bounds of each websocket connection (docs/sync-protocol.md, "Limits"). */
	maxMessageBytes: number;
	maxSendBufferBytes: number;
	maxSyncRequestsPerSecond: number;
	maxAwarenessStateBytes: number;
	maxAwarenessClients: number;
	/** HTTP: whole headers within, whole request within, idle kept-alive socket closed after (ms). */
	headersTimeoutMs: number;
	requestTimeoutMs: number;
	keepAliveTimeoutMs: number;
	/** Reverse proxies whose X-Forwarded-For names the client for throttles (addresses, CIDR ranges). */
	trustedProxies: string[];
	/** The calendar the server works by (server/clock.ts): the system clock unless a test moves it. */
	clock: Clock;
	/** Redis joining several server processes of one district (server/cluster); unset: this process alone. */
	redisUrl?: string;
	/** Prefix of the Redis channels and keys (several districts on one Redis). */
	redisPrefix: string;
}

type Env = Record<string, string | undefined>;

function secretFrom(env: Env, dataDir: string): Uint8Array {
	if (env.YIXIAN_TOKEN_SECRET) return new TextEncoder().encode(env.YIXIAN_TOKEN_SECRET);
	const file = join(dataDir, 'token-secret');
	if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
	return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

const int = (value: string | undefined, fallback: number) => {
	const n = Number(value);
	return Number.isInteger(n) && n > 0 ? n : fallback;
};

function databaseUrlFrom(value: string | undefined): string | undefined {
	if (!value) return undefined;
	if (!/^postgres(ql)?:\/\//.test(value)) throw new Error('YIXIAN_DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use the SQLite file in the data dir)');
	return value;
}

export function loadConfig(env: Env = process.env): Config {
	const port = int(env.PORT, 3000);
	const dataDir = resolve(env.YIXIAN_DATA_DIR ?? 'data');
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	return {
		port,
		host: env.HOST ?? '0.0.0.0',
		dataDir,
		dbFile: join(dataDir, 'yixian.db'),
		databaseUrl: databaseUrlFrom(env.YIXIAN_DATABASE_URL),
		publicUrl: (env.YIXIAN_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
		tokenSecret: secretFrom(env, dataDir),
		accessTtlSeconds: int(env.YIXIAN_ACCESS_TTL, 15 * 60),
		refreshDays: int(env.YIXIAN_REFRESH_DAYS, 30),
		maxConnectionsPerAddress: int(env.YIXIAN_MAX_CONNECTIONS_PER_ADDRESS, 200),
		maxMessagesPerSecond: int(env.YIXIAN_MAX_MESSAGES_PER_SECOND, 200),
		trustedProxies: parseTrustedProxies(env.YIXIAN_TRUSTED_PROXIES),
		clock: clockFrom(env),
		redisUrl: env.YIXIAN_REDIS_URL || undefined,
		redisPrefix: env.YIXIAN_REDIS_PREFIX || 'yixian:',
		...connectionBounds(env)
	};
}

/** Websocket and HTTP bounds; the defaults are those of the relay (server/relay/limits.ts). */
function connectionBounds(env: Env) {
	const requestTimeoutMs = int(env.YIXIAN_REQUEST_TIMEOUT_MS, 60_000);
	return {
		maxMessageBytes: int(env.YIXIAN_MAX_MESSAGE_BYTES, defaultLimits.maxMessageBytes),
		maxSendBufferBytes: int(env.YIXIAN_MAX_SEND_BUFFER_BYTES, defaultLimits.maxSendBufferBytes),
		maxSyncRequestsPerSecond: int(env.YIXIAN_MAX_SYNC_REQUESTS_PER_SECOND, defaultLimits.maxSyncRequestsPerSecond),
		maxAwarenessStateBytes: int(env.YIXIAN_MAX_AWARENESS_BYTES, defaultLimits.maxAwarenessStateBytes),
		maxAwarenessClients: int(env.YIXIAN_MAX_AWARENESS_CLIENTS, defaultLimits.maxAwarenessClients),
		// Node refuses a headers timeout longer than the request timeout.
		headersTimeoutMs: Math.min(int(env.YIXIAN_HEADERS_TIMEOUT_MS, 15_000), requestTimeoutMs),
		requestTimeoutMs,
		keepAliveTimeoutMs: int(env.YIXIAN_KEEP_ALIVE_TIMEOUT_MS, 5_000)
	};
}
