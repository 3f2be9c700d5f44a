// What a document's link to the relay says on the sync badge (SyncBadge.svelte), from the status the
// documents' worker reports (device/hosted-link.ts) and what the page knows.
import type { LinkStatus } from '$lib/device/docs-protocol';

export type SyncState = 'local' | 'offline' | 'syncing' | 'synced' | 'refused';

export function linkState(s: LinkStatus, { attached, refused, pending, online }: { attached: boolean; refused: boolean; pending: number; online: boolean }): SyncState {
	if (refused) return 'refused';
	if (!attached) return 'local';
	if (s.connected && s.synced) return pending > 0 ? 'syncing' : 'synced';
	// A socket open again after the link was lost is syncing (its changes going up), not offline: until
	// its first sync it said 离线 · N 项未上传 while those very changes were being sent.
	if (s.connected) return 'syncing';
	return s.lost || !online ? 'offline' : 'syncing';
}
