import { describe, expect, it } from 'vitest';
import type { LinkStatus } from '$lib/device/docs-protocol';
import { linkState } from './link-state';

const status = (s: Partial<LinkStatus>): LinkStatus => ({ attached: true, connected: false, synced: false, lost: false, peers: [], ...s });
const page = { attached: true, refused: false, pending: 0, online: true };

describe('the sync badge of one document', () => {
	it('says 离线 while the link is lost or the phone has no network, 同步中 while it connects', () => {
		expect(linkState(status({ lost: true }), page)).toBe('offline');
		expect(linkState(status({}), { ...page, online: false })).toBe('offline');
		expect(linkState(status({}), page)).toBe('syncing');
	});

	it('says 离线 on a socket open again that the relay has not answered yet (a dead network may hold one open)', () => {
		expect(linkState(status({ connected: true, lost: true }), { ...page, pending: 2 })).toBe('offline');
	});

	it('says 已同步 only when synced with nothing unsent', () => {
		expect(linkState(status({ connected: true, synced: true }), page)).toBe('synced');
		expect(linkState(status({ connected: true, synced: true }), { ...page, pending: 1 })).toBe('syncing');
	});

	it('says 无权访问 when refused, 仅本机 when not linked', () => {
		expect(linkState(status({ connected: true, synced: true }), { ...page, refused: true })).toBe('refused');
		expect(linkState(status({}), { ...page, attached: false })).toBe('local');
	});
});
