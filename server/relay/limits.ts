// The relay's bounds per connection and per address, with their defaults (docs/sync-protocol.md,
// "Limits"). Resolved once from RelayOptions; every connection and room reads the same object.
import type { RelayOptions } from './types.js';

export interface RelayLimits {
	maxMessageBytes: number;
	maxConnectionsPerAddress: number;
	maxMessagesPerSecond: number;
	maxSendBufferBytes: number;
	maxSyncRequestsPerSecond: number;
	/** Sync requests a connection may make at once before the rate applies. */
	syncRequestBurst: number;
	maxAwarenessStateBytes: number;
	maxAwarenessClients: number;
}

export const defaultLimits = {
	maxMessageBytes: 10 * 1024 * 1024,
	maxConnectionsPerAddress: 200,
	maxMessagesPerSecond: 200,
	// Above the biggest boards measured (2.4 MB, issue 7): a joiner is sent the whole document at once.
	maxSendBufferBytes: 8 * 1024 * 1024,
	// The stock client sends one step 1 per connection (more only with its resyncInterval option).
	maxSyncRequestsPerSecond: 2,
	// The app's presence is about 100 bytes ({ here, user: { id, name } }).
	maxAwarenessStateBytes: 2048,
	maxAwarenessClients: 4
} as const;

export function resolveLimits(options: RelayOptions): RelayLimits {
	const pick = (value: number | undefined, fallback: number) => (value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback);
	const maxSyncRequestsPerSecond = pick(options.maxSyncRequestsPerSecond, defaultLimits.maxSyncRequestsPerSecond);
	return {
		maxMessageBytes: pick(options.maxMessageBytes, defaultLimits.maxMessageBytes),
		maxConnectionsPerAddress: pick(options.maxConnectionsPerAddress, defaultLimits.maxConnectionsPerAddress),
		maxMessagesPerSecond: pick(options.maxMessagesPerSecond, defaultLimits.maxMessagesPerSecond),
		maxSendBufferBytes: pick(options.maxSendBufferBytes, defaultLimits.maxSendBufferBytes),
		maxSyncRequestsPerSecond,
		syncRequestBurst: Math.max(1, maxSyncRequestsPerSecond * 5),
		maxAwarenessStateBytes: pick(options.maxAwarenessStateBytes, defaultLimits.maxAwarenessStateBytes),
		maxAwarenessClients: pick(options.maxAwarenessClients, defaultLimits.maxAwarenessClients)
	};
}
