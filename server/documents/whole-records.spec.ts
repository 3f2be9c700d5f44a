// A ledger entry, an idea or a notice comes whole, at the relay with the stock y-websocket client:
// one added without what the app always writes with it (an entry's content, when and by whom, its
// `created` event first; an idea's title, when and by whom, a first stage; each of a notice's fields) is refused (4422,
// nothing stored or passed on). The server's readers skip such a record (tolerant-read.ts): taken,
// it spread to every phone while the public page, the statistics and the CSV silently left it out.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, addIdea, boardParts } from '../../src/lib/documents/board';
import { addNotice, noticesOf } from '../../src/lib/documents/notices';
import { CloseCode } from '../relay/types';
import { waitFor } from '../relay/test-kit';
import { rulesRelayKit } from './rules-test-kit';

const BOARD = 'board:station0021';
const NOW = Date.UTC(2026, 3, 7, 2);
const { relay, client } = rulesRelayKit();

const NOTICE = {
	title: '四月驻点公告', date: '2026-04-15', time: '9:00-11:30', place: '社区服务中心', onDuty: '王干部', topics: '路灯、停车',
	contact: { name: '王干部', unit: '区发改委', position: '科员', phone: '13900000000' }
};

/** A Y.Map of `fields`, with each list given as a Y.Array of its items. */
function recordOf(fields: Record<string, unknown>): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	for (const [k, v] of Object.entries(fields)) {
		if (!Array.isArray(v)) map.set(k, v);
		else {
			const list = new Y.Array<unknown>();
			list.push(v);
			map.set(k, list);
		}
	}
	return map;
}

/** Adds `record` under `root`/`id` from a fresh connection: refused (4422) and nothing of it kept, or taken. */
async function add(root: 'entries' | 'ideas' | 'notices', id: string, record: Record<string, unknown>): Promise<'refused' | 'taken'> {
	const running = await relay();
	const writer = client(running.url, BOARD);
	await writer.synced();
	const peer = client(running.url, BOARD);
	await peer.synced();
	writer.doc.transact(() => writer.doc.getMap<Y.Map<unknown>>(root).set(id, recordOf(record)));
	const outcome = await Promise.race([
		waitFor(() => writer.closes.includes(CloseCode.refused), 5000, 'the refusal').then(() => 'refused' as const),
		waitFor(() => peer.doc.getMap(root).has(id), 5000, 'the peer has it').then(() => 'taken' as const)
	]);
	writer.provider.destroy();
	await running.relay.log.settled();
	if (outcome === 'refused') {
		expect((await running.relay.load(BOARD)).getMap(root).has(id)).toBe(false);
		expect(peer.doc.getMap(root).has(id)).toBe(false);
	}
	return outcome;
}

const created = { id: 'ev1', type: 'created', at: NOW, by: '王干部' };
const entry = { id: 'e1', content: '路灯不亮', place: '3号楼', category: 'infrastructure', receivedOn: '2026-04-07', visitId: '', createdAt: NOW, createdBy: '王干部', timeline: [created] };
const idea = { id: 'i1', title: '律师驻村', detail: '每村一名律师', source: 'forum', createdAt: NOW, createdBy: '王干部', history: [{ stage: 'collected', at: NOW, by: '王干部', note: '' }] };
const notice = { id: 'n1', ...NOTICE, status: 'draft', postedAt: 0, postedBy: '', createdAt: NOW, createdBy: '王干部' };
const without = (record: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));

describe('relay: a record added without what the app writes with it is refused (4422)', () => {
	it('takes the records the app writes', async () => {
		expect(await add('entries', 'e1', entry)).toBe('taken');
		expect(await add('ideas', 'i1', idea)).toBe('taken');
		expect(await add('notices', 'n1', notice)).toBe('taken');
		// The app's own writers, to the letter.
		const doc = new Y.Doc();
		const [e, i, n] = [addEntry(doc, { content: 'x', place: '', category: '', receivedOn: '', visitId: '' }, 'a', NOW), addIdea(doc, { title: 't', detail: '', source: 'forum' }, 'a', NOW), addNotice(doc, NOTICE, 'a', NOW)];
		expect([...boardParts(doc).entries.get(e)!.keys()].sort()).toEqual(Object.keys(entry).sort());
		expect([...boardParts(doc).ideas.get(i)!.keys()].sort()).toEqual(Object.keys(idea).sort());
		expect([...noticesOf(doc).get(n)!.keys()].sort()).toEqual(Object.keys(notice).sort());
	});

	it('refuses an entry without its content, its creation or its created event', async () => {
		for (const key of ['content', 'createdAt', 'createdBy']) expect(await add('entries', 'e1', without(entry, key)), key).toBe('refused');
		expect(await add('entries', 'e1', { ...entry, timeline: [] })).toBe('refused');
		expect(await add('entries', 'e1', { ...entry, timeline: [{ id: 'ev2', type: 'note', text: '先记一笔', at: NOW, by: '王干部' }] })).toBe('refused');
	});

	it('refuses an idea without its title, its creation or its first stage', async () => {
		for (const key of ['title', 'createdAt', 'createdBy']) expect(await add('ideas', 'i1', without(idea, key)), key).toBe('refused');
		expect(await add('ideas', 'i1', { ...idea, history: [] })).toBe('refused');
	});

	it('refuses a notice without any of its fields', async () => {
		for (const key of Object.keys(notice).filter((k) => k !== 'id')) expect(await add('notices', 'n1', without(notice, key)), key).toBe('refused');
	});
});
