// A station's contacts held by the documents' worker (issue 11): the page is told none of the
// reporters (one per entry: personal data that grows with the ledger) but those its views watch,
// at the load or with any change; the inbox's contacts and the ideas' proposers are told whole.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contactsParts, setInboxContact, setProposer, setReporter } from '$lib/documents/contacts';
import { DB_PREFIX } from './doc-on-device';
import { DocStore, openDocDb } from './doc-store';
import type { FromWorker } from './docs-protocol';
import { HostedDoc } from './hosted-doc';

const reporter = (i: number) => ({ name: `居民${i}`, phone: `1380000${String(i).padStart(4, '0')}`, private: true });

/** A contacts document stored on the device: `count` reporters, one inbox contact, one proposer. */
async function storeContacts(name: string, count: number): Promise<void> {
	const doc = new Y.Doc({ guid: name });
	const db = await openDocDb(DB_PREFIX + name);
	const store = await DocStore.attach(DB_PREFIX + name, doc, db);
	doc.transact(() => {
		for (let i = 0; i < count; i++) setReporter(doc, `e${i}`, reporter(i));
		setInboxContact(doc, 'r1', { name: '赵敏', phone: '13900000001' });
		setProposer(doc, 'i1', '钱强');
	});
	await store.whenStored();
	store.destroy();
}

/** Every reporter's name the page was told, in the message's rows or among a watch's whole values. */
const reportersTold = (told: FromWorker[]) =>
	told.flatMap((m) => (m.type === 'records' && m.part === 'reporters' ? [...m.put, ...(m.whole?.put ?? [])] : [])).map(([, value]) => (value as { name: string }).name);

describe("a station's contacts in the documents' worker", () => {
	it('tells the page no reporter at the load, the inbox contacts and proposers whole', async () => {
		await storeContacts('contacts:a', 300);
		const told: FromWorker[] = [];
		const hosted = new HostedDoc('contacts:a', (m) => told.push(m));
		await hosted.ready;
		await expect.poll(() => told.some((m) => m.type === 'loaded')).toBe(true);
		expect(reportersTold(told)).toEqual([]);
		const parts = told.flatMap((m) => (m.type === 'records' ? [m.part] : []));
		expect(parts).toEqual(['inbox', 'proposers']);
		await hosted.close();
	});

	it('tells the reporters watched, at once and as they change, and nothing of the others', async () => {
		await storeContacts('contacts:b', 300);
		const told: FromWorker[] = [];
		const hosted = new HostedDoc('contacts:b', (m) => told.push(m));
		await hosted.ready;
		hosted.watch('reporters', ['e7', 'none']);
		const watched = told.at(-1);
		expect(watched).toMatchObject({ type: 'records', part: 'reporters', put: [], whole: { put: [['e7', reporter(7)]], deleted: ['none'] } });

		// A peer corrects the reporter on screen and another one: the page is told the one on screen.
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(hosted.doc));
		setReporter(peer, 'e7', { phone: '13811112222' });
		setReporter(peer, 'e8', { phone: '13833334444' });
		told.length = 0;
		Y.applyUpdate(hosted.doc, Y.encodeStateAsUpdate(peer), 'relay');
		expect(told.filter((m) => m.type === 'records')).toEqual([
			{ type: 'records', name: 'contacts:b', part: 'reporters', put: [], deleted: [], initial: false, whole: { put: [['e7', { ...reporter(7), phone: '13811112222' }]], deleted: [] } }
		]);

		// Days of a peer's work merged at once (200 reporters more), none of them watched: nothing told.
		peer.transact(() => {
			for (let i = 300; i < 500; i++) setReporter(peer, `e${i}`, reporter(i));
		});
		told.length = 0;
		Y.applyUpdate(hosted.doc, Y.encodeStateAsUpdate(peer), 'relay');
		expect(told.filter((m) => m.type === 'records')).toEqual([]);
		expect(contactsParts(hosted.doc).reporters.size).toBe(500);
		await hosted.close();
	});
});
