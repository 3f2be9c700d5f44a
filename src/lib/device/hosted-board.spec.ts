// A board held by the documents' worker (issue 11): the page is told the board's small values before
// "loaded" and no entry at all (its views ask for the rows they show: hosted-list.ts), the whole
// entry only while a view watches it (none such: told as gone); an edit run by name (doc-ops.ts)
// comes back as the row it changed; and the personal-data move writes both documents there, or
// tells a reader's page to drop its copy.
import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addEntry, boardParts } from '$lib/documents/board';
import { facts, newBoard, T0 } from '$lib/documents/board-test-kit';
import { contactsParts } from '$lib/documents/contacts';
import { OPS, type OpContext } from './doc-ops';
import { stampEvent, type EntryState } from '$lib/domain/ledger';
import { fullPart, type FromWorker } from './docs-protocol';
import { HostedDoc, TOLD_ROWS } from './hosted-doc';
import { storeOnDevice } from './stored-doc-kit';

function host(name: string) {
	const told: FromWorker[] = [];
	const hosted = new HostedDoc(name, (m) => told.push(m));
	const values = (part: string) => told.filter((m) => m.type === 'value' && m.part === part).map((m) => (m.type === 'value' ? m.value : null));
	const puts = (part: string) => told.flatMap((m) => (m.type === 'records' && m.part === part ? m.put : []));
	/** The whole values told of a collection with rows: at a watch (its own part), then with each change (`whole`). */
	const wholes = (part: string) => told.flatMap((m) => (m.type !== 'records' ? [] : m.part === fullPart(part) ? m.put : m.part === part ? (m.whole?.put ?? []) : []));
	return { hosted, told, values, puts, wholes };
}

const context = (docs: Record<string, HostedDoc>): OpContext => ({
	loaded: async (name) => (docs[name] ? (await docs[name].ready, docs[name].doc) : null),
	stored: async (name) => void (await docs[name]?.stored()),
	compact: async (name) => void (await docs[name]?.store?.compact())
});

describe('a board held by the documents’ worker', () => {
	it('tells the page the board’s small values before it says loaded, and no entry until a view watches it', async () => {
		const board = newBoard();
		const id = addEntry(board, facts({ content: '路灯不亮' }), '李明', T0);
		await storeOnDevice('board:s1', board);
		const { hosted, told, values, puts, wholes } = host('board:s1');
		await hosted.ready;
		await expect.poll(() => told.some((m) => m.type === 'loaded')).toBe(true);
		expect(values('meta')[0]).toMatchObject({ name: '幸福社区' });
		expect(values('started')).toEqual([true]);
		expect((values('categories')[0] as string[]).length).toBeGreaterThan(0);
		// The page holds no list of every entry: not its rows, nor any whole entry until a view watches it.
		expect(puts('entries')).toEqual([]);
		expect(wholes('entries')).toEqual([]);
		hosted.watch('entries', [id, 'no-such-entry']);
		const [[key, entry]] = wholes('entries') as [string, EntryState][];
		expect([key, entry.content, entry.status, entry.timeline.length]).toEqual([id, '路灯不亮', 'open', 1]);
		// A key with no entry is told as gone (the page shows "not found").
		expect(told.flatMap((m) => (m.type === 'records' && m.part === 'entries' ? (m.whole?.deleted ?? []) : []))).toEqual(['no-such-entry']);
		await hosted.close();
	});

	it('runs an edit by name as a local change, and tells the page the row it changed and the whole entry watched', async () => {
		const board = newBoard();
		const id = addEntry(board, facts(), '李明', T0);
		const other = addEntry(board, facts({ content: '楼道堆物' }), '李明', T0);
		await storeOnDevice('board:s2', board);
		const { hosted, puts, told, wholes } = host('board:s2');
		await hosted.ready;
		hosted.watch('entries', [id]);
		const watched = wholes('entries') as [string, EntryState][];
		expect(watched.map(([key, e]) => [key, e.timeline.length])).toEqual([[id, 1]]);
		const before = puts('entries').length;
		const beforeFull = watched.length;
		OPS.pushEvent(hosted.doc, context({}), id, stampEvent({ type: 'note', text: '已联系物业' }, '李明', T0 + 1000));
		const changed = puts('entries').slice(before) as [string, EntryState][];
		expect(changed).toHaveLength(1);
		expect(changed[0][1]).toMatchObject({ id, updatedAt: T0 + 1000 });
		const full = wholes('entries').slice(beforeFull) as [string, EntryState][];
		expect(full.map(([key, e]) => [key, e.timeline.map((ev) => ev.type)])).toEqual([[id, ['created', 'note']]]);
		// An entry nobody watches comes as its row only.
		const n = told.length;
		OPS.pushEvent(hosted.doc, context({}), other, stampEvent({ type: 'note', text: '已清理' }, '李明', T0 + 2000));
		expect(told.slice(n).some((m) => m.type === 'records' && (m.part === 'entries.full' || m.whole))).toBe(false);
		await hosted.stored();
		expect(hosted.store!.unsent).toBeGreaterThan(0);
		await hosted.close();
	});

	it('tells the rows of a change only while the page holds few: past that, that its rows are stale', async () => {
		const board = newBoard();
		const first = addEntry(board, facts({ content: '路灯不亮' }), '李明', T0);
		await storeOnDevice('board:s4', board);
		const { hosted, told, wholes } = host('board:s4');
		await hosted.ready;
		hosted.watch('entries', [first]);
		const changes = () => told.filter((m): m is Extract<FromWorker, { type: 'records' }> => m.type === 'records' && m.part === 'entries');
		// A sync from the relay: many entries merged in one transaction (a device's first sync, days offline).
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(hosted.doc));
		const sync = (n: number, at: number) => {
			const before = Y.encodeStateVector(hosted.doc);
			for (let i = 0; i < n; i++) addEntry(peer, facts({ content: `问题 ${at + i}` }), '王芳', T0 + at + i);
			OPS.pushEvent(peer, context({}), first, stampEvent({ type: 'note', text: `同步 ${at}` }, '王芳', T0 + at));
			Y.applyUpdate(hosted.doc, Y.encodeStateAsUpdate(peer, before));
			return changes().at(-1)!;
		};
		// Under the bound: the rows, as for an edit.
		const small = sync(TOLD_ROWS / 2, 0);
		expect([small.put.length, small.stale]).toEqual([TOLD_ROWS / 2 + 1, undefined]);
		// Past it (with the rows the page holds already): no row, the page drops those it holds and asks again.
		const big = sync(TOLD_ROWS, 10_000);
		expect([big.put.length, big.deleted.length, big.stale]).toEqual([0, 0, true]);
		// The entry a view watches still comes whole with the change; the worker's own rows are all there.
		expect((wholes('entries').at(-1)![1] as EntryState).timeline.length).toBe(3);
		expect(hosted.rows('entries').size).toBe(1 + TOLD_ROWS / 2 + TOLD_ROWS);
		// The page holds none now: the next small change tells its rows again.
		OPS.pushEvent(hosted.doc, context({}), first, stampEvent({ type: 'note', text: '已修好' }, '李明', T0 + 99_000));
		expect(changes().at(-1)!.put.map(([key]) => key)).toEqual([first]);
		await hosted.close();
	});

	it('moves residents’ data from an old board into the contacts there, or tells a reader to drop its copy', async () => {
		const board = newBoard();
		const id = addEntry(board, facts(), '李明', T0);
		board.transact(() => {
			boardParts(board).meta.set('schema', 1);
			boardParts(board).entries.get(id)!.set('reporterName', '王秀英');
		});
		await storeOnDevice('board:s3', board);
		const docs = { 'board:s3': host('board:s3').hosted, 'contacts:s3': host('contacts:s3').hosted };
		await Promise.all(Object.values(docs).map((d) => d.ready));
		const ctx = context(docs);
		expect(await OPS.cleanPersonalData(docs['board:s3'].doc, ctx, 'contacts:s3', false)).toBe('reader');
		expect(await OPS.cleanPersonalData(docs['board:s3'].doc, ctx, 'contacts:s3', true)).toBe('cleaned');
		expect(contactsParts(docs['contacts:s3'].doc).reporters.get(id)).toMatchObject({ name: '王秀英' });
		expect(boardParts(docs['board:s3'].doc).entries.get(id)!.has('reporterName')).toBe(false);
		expect(await OPS.cleanPersonalData(docs['board:s3'].doc, ctx, 'contacts:s3', true)).toBe('none');
		for (const d of Object.values(docs)) await d.close();
	});
});
