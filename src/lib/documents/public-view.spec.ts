import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, appendEvent, initBoard } from './board';
import { addInboxItem, decide, type InboxItem } from './inbox';
import { addNotice, setPosted } from './notices';
import { publicNotice, publicReport, publicStation } from './public-view';

const T0 = Date.UTC(2026, 10, 8, 2);
const contact = { name: '张干部', unit: '区民政局', position: '科长', phone: '0531-8888 6666' };
const notice = { title: '幸福社区驻点工作日公告', date: '2026-11-10', time: '14:00–17:30', place: '社区党群服务中心', onDuty: '张干部、李助理', topics: '老旧小区改造', contact };

function board() {
	const doc = new Y.Doc();
	initBoard(doc, { name: '幸福社区', street: '东关街道', kind: 'community' }, T0);
	const solvedId = addEntry(
		doc,
		{ content: '王秀英家楼道灯坏了，电话13812345678', place: '5号楼2单元', category: 'infrastructure', receivedOn: '2026-11-01', visitId: '' },
		'张干部',
		T0
	);
	appendEvent(doc, solvedId, { type: 'solved', text: '已为王秀英家更换灯泡' }, '张干部', T0 + 1000);
	addEntry(doc, { content: '还在办的问题', place: '', category: 'other', receivedOn: '2026-11-02', visitId: '' }, '张干部', T0);
	return { doc, solvedId };
}

const INFO = { name: '幸福社区', street: '东关街道', kind: 'community' as const };

describe("a station's public page", () => {
	it("names the station as the directory does, whatever the board's own copy says", () => {
		const { doc } = board();
		doc.getMap('meta').set('name', '旧名社区');
		expect(publicStation(doc, { ...INFO, name: '新名社区' })).toMatchObject({ name: '新名社区', street: '东关街道', kind: 'community' });
	});

	it('shows posted notices only', () => {
		const { doc } = board();
		const draft = addNotice(doc, notice, '张干部', T0);
		expect(publicStation(doc, INFO).notices).toEqual([]);
		expect(publicNotice(doc, draft)).toBeNull();
		setPosted(doc, draft, true, '张干部', T0 + 5);
		expect(publicStation(doc, INFO).notices.map((n) => n.title)).toEqual(['幸福社区驻点工作日公告']);
		expect(publicNotice(doc, draft)?.contact).toEqual(contact);
		setPosted(doc, draft, false, '张干部', T0 + 9);
		expect(publicNotice(doc, draft)).toBeNull();
	});

	it('lists solved problems without the resident: no name, phone or place leaves the ledger', () => {
		const { doc } = board();
		// The names the team holds in contacts:<station> (the server reads them for masking).
		const page = publicStation(doc, INFO, ['王秀英', '13812345678']);
		expect(page.solved).toHaveLength(1);
		expect(page.solved[0]).toMatchObject({ content: '某某家楼道灯坏了，电话***', outcome: '已为某某家更换灯泡', category: 'infrastructure' });
		const html = JSON.stringify(page);
		for (const secret of ['王秀英', '13812345678', '5号楼2单元']) expect(html).not.toContain(secret);
		expect(page.figures).toEqual({ received: 2, solved: 1 });
	});
});

describe("a resident's reference number", () => {
	const item = (over: Partial<InboxItem> = {}): InboxItem => ({
		id: 'in1', ref: 'K7P2QX', content: '路灯不亮', place: '北门', receivedAt: T0,
		status: 'new', entryId: '', decidedBy: '', decidedAt: 0, reason: '', ...over
	});

	it('follows the report from received to solved, without personal data', () => {
		const { doc, solvedId } = board();
		addInboxItem(doc, item(), 'server');
		expect(publicReport(doc, 'k7p2qx')).toEqual({ ref: 'K7P2QX', receivedOn: '2026-11-08', state: 'received', outcome: '' });
		decide(doc, item(), { status: 'accepted', entryId: solvedId, reason: '' }, '张干部', T0 + 2);
		const report = publicReport(doc, 'K7P2QX', ['王秀英', '赵大爷'])!;
		expect(report.state).toBe('solved');
		expect(JSON.stringify(report)).not.toContain('赵大爷');
		expect(JSON.stringify(report)).not.toContain('王秀英');
	});

	it('says when a report was dismissed and why, and knows nothing of an unknown number', () => {
		const { doc } = board();
		addInboxItem(doc, item(), 'server');
		decide(doc, item(), { status: 'dismissed', entryId: '', reason: '重复反映' }, '张干部', T0 + 2);
		expect(publicReport(doc, 'K7P2QX')).toMatchObject({ state: 'dismissed', outcome: '重复反映' });
		expect(publicReport(doc, 'NOPE00')).toBeNull();
	});
});
