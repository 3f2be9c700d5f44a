// A board's notices and inbox, as the documents' worker tells them (device/doc-shapes.ts), with the
// orders the views list them in. One instance per board, shared by all its views.
import type { RemoteDoc } from '$lib/device/docs-client';
import type { MirrorMap } from '$lib/device/mirror';
import type { InboxItem } from '$lib/documents/inbox';
import type { Notice } from '$lib/domain/notices';

export class StationNotices {
	readonly notices: MirrorMap<Notice>;
	readonly inbox: MirrorMap<InboxItem>;

	constructor(doc: RemoteDoc) {
		this.notices = doc.map('notices');
		this.inbox = doc.map('inbox');
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

const byDoc = new WeakMap<RemoteDoc, StationNotices>();

export function stationNotices(doc: RemoteDoc): StationNotices {
	let found = byDoc.get(doc);
	if (!found) byDoc.set(doc, (found = new StationNotices(doc)));
	return found;
}
