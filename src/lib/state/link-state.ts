// What a document's link to the relay says on the sync badge (SyncBadge.svelte), from the status the
// documents' worker reports (device/hosted-link.ts) and what the page knows.
import type { LinkStatus } from '$lib/device/docs-protocol';

export type SyncState = 'local' | 'offline' | 'syncing' | 'synced' | 'refused';

export function linkState(s: LinkStatus, { attached, refused, pending, online }: { attached: boolean; refused: boolean; pending: number; online: boolean }): SyncState {
	if (refused) return 'refused';
	if (!attached) return 'local';
	if (s.connected && s.synced) return pending > 0 ? 'syncing' : 'synced';
	// A socket open but not synced after the link was lost says 离线 until the relay has answered (its
	// sync): an open socket alone proves nothing (a dead network's proxy may hold one open).
	return s.lost || !online ? 'offline' : 'syncing';
}
