// The board's public notices: `notices` is a Y.Map of Y.Map by id (fields last-writer-wins, so two
// people polishing a draft keep each other's edits). Posting flips `status`; the server renders
// posted notices on the station's public page (docs/data-model.md).
import * as Y from 'yjs';
import { newId } from '$lib/domain/ids';
import type { Notice, NoticeFields } from '$lib/domain/notices';
import { LOCAL } from './board';

export const noticesOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('notices');

const FIELDS = ['title', 'date', 'time', 'place', 'onDuty', 'topics', 'contact'] as const satisfies readonly (keyof NoticeFields)[];

export function readNotice(map: Y.Map<unknown>): Notice {
	return map.toJSON() as Notice;
}

export function addNotice(doc: Y.Doc, fields: NoticeFields, by: string, now: number): string {
	const id = newId();
	const map = new Y.Map<unknown>();
	for (const [k, v] of Object.entries({ id, ...fields, status: 'draft', postedAt: 0, postedBy: '', createdAt: now, createdBy: by })) map.set(k, v);
	doc.transact(() => noticesOf(doc).set(id, map), LOCAL);
	return id;
}

export function updateNotice(doc: Y.Doc, id: string, fields: NoticeFields): void {
	const map = noticesOf(doc).get(id);
	if (!map) throw new Error(`No notice ${id}`);
	doc.transact(() => {
		for (const key of FIELDS) if (JSON.stringify(map.get(key)) !== JSON.stringify(fields[key])) map.set(key, fields[key]);
	}, LOCAL);
}

/** Posting makes the notice live at its public URL; unposting takes it down. */
export function setPosted(doc: Y.Doc, id: string, posted: boolean, by: string, now: number): void {
	const map = noticesOf(doc).get(id);
	if (!map) throw new Error(`No notice ${id}`);
	doc.transact(() => {
		map.set('status', posted ? 'posted' : 'draft');
		map.set('postedAt', posted ? now : 0);
		map.set('postedBy', posted ? by : '');
	}, LOCAL);
}

export function deleteNotice(doc: Y.Doc, id: string): void {
	doc.transact(() => noticesOf(doc).delete(id), LOCAL);
}
