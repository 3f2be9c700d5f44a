// The ledger's projection written by the documents' worker (hosted-ledger.ts, issue 11): the page
// holds only the entries' rows, so the rows, timelines and head a start paints before the document
// has loaded are written where every entry's whole state is, and a save can wait for them.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { addEntry } from '$lib/documents/board';
import { facts, newBoard, T0 } from '$lib/documents/board-test-kit';
import { OPS, type OpContext } from './doc-ops';
import { stampEvent } from '$lib/domain/ledger';
import type { FromWorker } from './docs-protocol';
import { HostedDoc } from './hosted-doc';
import { storeOnDevice } from './stored-doc-kit';
import { HostedLedger, type LedgerHead } from './hosted-ledger';
import { readDigest, readRows, readTimeline } from './projection-read';

function host(station: string) {
	const told: FromWorker[] = [];
	const post = (m: FromWorker) => told.push(m);
	const hosted = new HostedDoc(`board:${station}`, post);
	const ledger = new HostedLedger(hosted, station, post);
	const heads = () => told.flatMap((m) => (m.type === 'value' && m.part === 'head' ? [m.value as LedgerHead] : []));
	return { hosted, ledger, heads };
}

const none: OpContext = { loaded: async () => null, stored: async () => {}, compact: async () => {} };

describe('the ledger kept by the documents’ worker', () => {
	it('tells the page the head, whole, and writes the projection of every entry at the load', async () => {
		const board = newBoard();
		const older = addEntry(board, facts({ content: '路灯不亮', receivedOn: '2026-03-01' }), '李明', T0);
		const newer = addEntry(board, facts({ content: '楼道堆物', receivedOn: '2026-03-02' }), '李明', T0 + 1);
		await storeOnDevice('board:p1', board);
		const { hosted, ledger, heads } = host('p1');
		ledger.reconcile();
		await ledger.start();
		expect(heads().map((h) => [h.total, h.rows.map((e) => e.id)])).toEqual([[2, [newer, older]]]);
		expect(heads()[0].rows[0].timeline.map((e) => e.type)).toEqual(['created']);
		await ledger.projected();
		const digest = await readDigest('p1');
		expect(digest?.rowsAt).toBeGreaterThan(0);
		expect(digest?.head?.map((r) => r.id)).toEqual([newer, older]);
		expect((await readRows('p1', digest))?.map((r) => r.content).sort()).toEqual(['楼道堆物', '路灯不亮']);
		expect((await readTimeline('p1', older))?.map((e) => e.type)).toEqual(['created']);
		await ledger.close();
		await hosted.close();
	});

	it('reconciles the projection only once the page asks (its own first work on the board done)', async () => {
		const board = newBoard();
		addEntry(board, facts({ content: '路灯不亮' }), '李明', T0);
		await storeOnDevice('board:p4', board);
		const { hosted, ledger, heads } = host('p4');
		const started = ledger.start();
		await expect.poll(() => heads().length).toBe(1);
		await ledger.projected();
		expect(await readDigest('p4')).toBeNull();
		ledger.reconcile();
		await started;
		await ledger.projected();
		expect((await readDigest('p4'))?.rowsAt).toBeGreaterThan(0);
		await ledger.close();
		await hosted.close();
	});

	it('notes an edit’s row and timeline before a save that waits for it says saved', async () => {
		const board = newBoard();
		const id = addEntry(board, facts({ content: '路灯不亮' }), '李明', T0);
		await storeOnDevice('board:p2', board);
		const { hosted, ledger, heads } = host('p2');
		ledger.reconcile();
		await ledger.start();
		await ledger.projected();
		OPS.pushEvent(hosted.doc, none, id, stampEvent({ type: 'note', text: '已联系物业' }, '李明', T0 + 1000));
		const added = OPS.addEntry(hosted.doc, none, facts({ content: '井盖松动', receivedOn: '2099-01-01' }), '李明', T0 + 2000);
		await ledger.projected();
		expect((await readTimeline('p2', id))?.map((e) => e.type)).toEqual(['created', 'note']);
		const digest = await readDigest('p2');
		expect((await readRows('p2', digest))?.map((r) => r.content).sort()).toEqual(['井盖松动', '路灯不亮']);
		expect(heads().at(-1)).toMatchObject({ total: 2, rows: [{ id: added }, { id }] });
		await ledger.close();
		await hosted.close();
	});

	it('writes nothing after it is closed (the page deletes the projection next)', async () => {
		const board = newBoard();
		const id = addEntry(board, facts(), '李明', T0);
		await storeOnDevice('board:p3', board);
		const { hosted, ledger } = host('p3');
		await hosted.ready;
		await ledger.close();
		ledger.reconcile();
		await ledger.start();
		OPS.pushEvent(hosted.doc, none, id, stampEvent({ type: 'note', text: '已联系物业' }, '李明', T0 + 1000));
		await ledger.projected();
		expect(await readDigest('p3')).toBeNull();
		expect(await readTimeline('p3', id)).toBeNull();
		await hosted.close();
	});
});
