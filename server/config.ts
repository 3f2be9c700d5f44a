// Configuration from the environment, with defaults that start on a fresh machine with no setup.
// A secret that is not given is generated once and kept in the data directory (never in git).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clockFrom, type Clock } from './clock';

export interface Config {
	port: number;
	host: string;
	/** Holds the SQLite file and generated secrets. */
	dataDir: string;
	dbFile: string;
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
	/** The calendar the server works by (server/clock.ts): the system clock unless a test moves it. */
	clock: Clock;
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

export function loadConfig(env: Env = process.env): Config {
	const port = int(env.PORT, 3000);
	const dataDir = resolve(env.YIXIAN_DATA_DIR ?? 'data');
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	return {
		port,
		host: env.HOST ?? '0.0.0.0',
		dataDir,
		dbFile: join(dataDir, 'yixian.db'),
		publicUrl: (env.YIXIAN_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
		tokenSecret: secretFrom(env, dataDir),
		accessTtlSeconds: int(env.YIXIAN_ACCESS_TTL, 15 * 60),
		refreshDays: int(env.YIXIAN_REFRESH_DAYS, 30),
		maxConnectionsPerAddress: int(env.YIXIAN_MAX_CONNECTIONS_PER_ADDRESS, 200),
		maxMessagesPerSecond: int(env.YIXIAN_MAX_MESSAGES_PER_SECOND, 200),
		clock: clockFrom(env)
	};
}
