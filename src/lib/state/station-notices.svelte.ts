// A board's notices and inbox as live collections. Kept beside StationBoard rather than in it: only
// the notice, inbox and reminder views pay for them, and one instance per board is shared by all.
import type * as Y from 'yjs';
import type { InboxItem } from '$lib/documents/inbox';
import { inboxOf } from '$lib/documents/inbox';
import { noticesOf, readNotice } from '$lib/documents/notices';
import type { Notice } from '$lib/domain/notices';
import { LiveMap } from './live.svelte';

export class StationNotices {
	readonly notices: LiveMap<Y.Map<unknown>, Notice>;
	readonly inbox: LiveMap<InboxItem, InboxItem>;

	constructor(doc: Y.Doc) {
		this.notices = new LiveMap(noticesOf(doc), readNotice);
		this.inbox = new LiveMap(inboxOf(doc), (item) => item);
	}

	/** Newest duty day first. */
	get sortedNotices(): Notice[] {
		return [...this.notices.values].sort((a, b) => (a.date === b.date ? b.createdAt - a.createdAt : a.date < b.date ? 1 : -1));
	}

	/** New reports first, then the rest, each newest first. */
	get sortedInbox(): InboxItem[] {
		return [...this.inbox.values].sort((a, b) => Number(b.status === 'new') - Number(a.status === 'new') || b.receivedAt - a.receivedAt);
	}

	get newCount(): number {
		return this.inbox.values.filter((i) => i.status === 'new').length;
	}
}

const byDoc = new WeakMap<Y.Doc, StationNotices>();

export function stationNotices(doc: Y.Doc): StationNotices {
	let found = byDoc.get(doc);
	if (!found) byDoc.set(doc, (found = new StationNotices(doc)));
	return found;
}
