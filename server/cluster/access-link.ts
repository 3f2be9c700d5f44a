// Ending access on one process cuts connections on every process (issue 12): the directory's
// access events (access-events.ts) are published to the other processes, which act on them as
// on their own (access-enforcement.ts closes or re-checks the person's connections).
import { z } from 'zod';
import type { AccessEvent } from '../accounts/access-events';
import type { EndReason } from '../accounts/sessions';
import type { Logger } from '../relay/types';
import { logSafe } from '../util/log-safe';
import { Kind, type ClusterBus } from './bus';

export const ACCESS_CHANNEL = 'access';

const eventSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('sessions-ended'),
		personId: z.string().min(1).max(200),
		sessionId: z.string().max(200).optional(),
		reason: z.enum(['signed-out', 'password-reset', 'disabled', 'refresh-reused'] satisfies EndReason[])
	}),
	z.object({ kind: z.literal('access-changed'), personId: z.string().min(1).max(200) })
]);

/** What the link needs of the directory (server/accounts/directory.ts). */
export interface AccessSource {
	on(event: 'recorded', listener: (event: AccessEvent) => void): unknown;
	off(event: 'recorded', listener: (event: AccessEvent) => void): unknown;
	tellPeerEvent(event: AccessEvent): Promise<void> | void;
}

export async function linkAccess(bus: ClusterBus, directory: AccessSource, log: Logger = console): Promise<() => void> {
	const publish = (event: AccessEvent) => bus.publish(ACCESS_CHANNEL, Kind.access, Buffer.from(JSON.stringify(event)));
	directory.on('recorded', publish);
	await bus.subscribe(ACCESS_CHANNEL, (kind, payload) => {
		if (kind !== Kind.access) return;
		const parsed = eventSchema.safeParse(JSON.parse(Buffer.from(payload).toString('utf8')));
		if (!parsed.success) return log.warn(`cluster: unreadable access event: ${logSafe(parsed.error.message)}`);
		void directory.tellPeerEvent(parsed.data as AccessEvent);
	});
	return () => {
		directory.off('recorded', publish);
		void bus.unsubscribe(ACCESS_CHANNEL);
	};
}
