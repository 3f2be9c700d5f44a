// The entry history at the relay (stock y-websocket client, real SQLite file): rows are committed
// with their update, a refused update records nothing, compaction keeps them, the reporter is
// never recorded, and a server write with `check` must keep the board's rules.
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, appendEvent, boardParts, updateFacts } from '../../src/lib/documents/board';
import { rulesFor } from '../documents/doc-rules';
import { RefusedWrite } from '../relay/relay';
import { connectClient, startRelay, tempDataFile, waitFor } from '../relay/test-kit';
import { CloseCode } from '../relay/types';
import { recordEntryChanges } from './entry-changes';

const BOARD = 'board:station0001';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relay(compactionThreshold = 500) {
	const { file, cleanup } = tempDataFile();
	const running = await startRelay({ dataFile: file, rules: rulesFor, history: (name) => (name.startsWith('board:') ? recordEntryChanges : null), compactionThreshold });
	cleanups.push(cleanup, () => running.stop());
	return { running, file };
}

const rows = (file: string) => {
	const db = new Database(file, { readonly: true });
	try {
		return db.prepare('SELECT h.kind, h.field, h.before_json, h.after_json, h.actor, h.update_id, u.id AS stored FROM entry_history h LEFT JOIN updates u ON u.id = h.update_id ORDER BY h.update_id, h.seq').all() as {
			kind: string; field: string | null; before_json: string | null; after_json: string; actor: string; update_id: number; stored: number | null;
		}[];
	} finally {
		db.close();
	}
};

it('records each committed update with it, nothing of a refused one, and keeps the rows through compaction', async () => {
	const { running, file } = await relay(4);
	const owner = connectClient(running.url, BOARD, new Y.Doc(), { user: 'x' });
	cleanups.push(() => owner.provider.destroy());
	await owner.synced();
	const id = addEntry(owner.doc, { content: '路灯不亮', place: '', category: 'infrastructure', receivedOn: '2026-01-05', visitId: '' }, '王干部', 1);
	updateFacts(owner.doc, id, { content: '路灯不亮（东门）' });
	// An app of before the move writes the reporter on the entry: allowed, never recorded.
	owner.doc.transact(() => boardParts(owner.doc).entries.get(id)!.set('reporterName', '王秀英'));
	appendEvent(owner.doc, id, { type: 'note', text: '已联系物业' }, '王干部', 2);
	await waitFor(() => rows(file).length === 4, 5000, 'four rows');
	expect(rows(file).map((r) => [r.kind, r.field])).toEqual([['created', null], ['event', null], ['fact', 'content'], ['event', null]]);
	expect(JSON.stringify(rows(file))).not.toContain('王秀英');
	expect(rows(file)[2]).toMatchObject({ before_json: '"路灯不亮"', after_json: '"路灯不亮（东门）"', actor: 'anonymous' });

	const breaker = connectClient(running.url, BOARD);
	const closes: number[] = [];
	breaker.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
	cleanups.push(() => breaker.provider.destroy());
	await breaker.synced();
	breaker.doc.transact(() => {
		(boardParts(breaker.doc).entries.get(id)!.get('timeline') as Y.Array<unknown>).delete(0, 1);
		boardParts(breaker.doc).entries.get(id)!.set('content', '改写');
	});
	await waitFor(() => closes.includes(CloseCode.refused), 5000, 'the refusal');
	breaker.provider.destroy();
	for (let i = 0; i < 4; i++) updateFacts(owner.doc, id, { place: `${i}号楼` });
	await waitFor(() => rows(file).length === 8, 5000, 'the later rows');
	await running.relay.log.settled(); // the queued compaction (in the worker) is done
	expect(rows(file).filter((r) => r.kind === 'fact' && r.field === 'content')).toHaveLength(1);
	expect(rows(file).filter((r) => r.stored === null).length).toBeGreaterThan(0); // compacted away, history kept
});

it('checks a server write against the rules when asked, and records it as the person it names', async () => {
	const { running, file } = await relay();
	let id = '';
	await running.relay.change(BOARD, (doc) => (id = addEntry(doc, { content: 'a', place: '', category: 'other', receivedOn: '', visitId: '' }, '王干部', 1)), 'test');
	await expect(running.relay.change(BOARD, (doc) => (boardParts(doc).entries.get(id)!.get('timeline') as Y.Array<unknown>).delete(0, 1), 'office:p1', { check: true })).rejects.toThrow(RefusedWrite);
	await running.relay.change(BOARD, (doc) => updateFacts(doc, id, { content: 'b' }), 'office:p1', { check: true, note: 'restored:1' });
	expect(rows(file).map((r) => [r.kind, r.actor])).toEqual([['created', 'test'], ['event', 'test'], ['fact', 'p1']]);
	expect(((await running.relay.load(BOARD)).getMap('entries').get(id) as Y.Map<unknown>).get('timeline')).toBeInstanceOf(Y.Array);
	expect((((await running.relay.load(BOARD)).getMap('entries').get(id) as Y.Map<unknown>).get('timeline') as Y.Array<unknown>).length).toBe(1);
});
