// The ledger entry's state, replayed from its timeline: status, tier, deadline, overdue, on time.
import { describe, expect, it } from 'vitest';
import { deriveEntry, handledOnTime, isOverdue, tierNeedsOwner, TIERS } from './ledger';
import { TODAY, T0, facts, ev, build, escalation } from './ledger-test-kit';

describe('deriveEntry: the state is replayed from the timeline', () => {
	it('starts a new entry open, at tier 1, with nobody responsible and no deadline', () => {
		const s = build();
		expect(s).toMatchObject({
			tier: 1,
			responsible: '',
			deadline: '',
			status: 'open',
			outcome: '',
			closeReason: '',
			closedAt: 0,
			feedback: null,
			reopenCount: 0,
			extensionCount: 0
		});
	});

	it('keeps every fact of the entry as it was given', () => {
		const s = deriveEntry(facts({ content: '楼道堆物' }), []);
		expect(s.content).toBe('楼道堆物');
		expect(s.place).toBe('3号楼');
		expect(s.reporterPrivate).toBe(true);
		expect(s.updatedAt).toBe(T0);
	});

	it('orders events by time, then by id, whatever order they arrive in', () => {
		const a = ev({ type: 'note', text: 'a' }, T0 + 2000, 'bbb');
		const b = ev({ type: 'note', text: 'b' }, T0 + 1000, 'zzz');
		const c = ev({ type: 'note', text: 'c' }, T0 + 2000, 'aaa');
		const created = ev({ type: 'created' }, T0, 'mmm');
		const orders = [
			[a, b, c, created],
			[c, created, a, b],
			[b, a, created, c]
		];
		for (const events of orders) {
			expect(deriveEntry(facts(), events).timeline.map((e) => e.id)).toEqual(['mmm', 'zzz', 'aaa', 'bbb']);
		}
	});

	it('derives the same state from the same events in any arrival order', () => {
		const events = [
			ev({ type: 'created' }, T0, 'c0'),
			ev(escalation(3, '2025-03-30', '区住建局'), T0 + 5000, 'x1'),
			ev(escalation(2, '2025-03-15', '社区'), T0 + 5000, 'x2'),
			ev({ type: 'solved', text: '已修复' }, T0 + 9000, 's1')
		];
		const forward = deriveEntry(facts(), events);
		const backward = deriveEntry(facts(), [...events].reverse());
		expect(backward).toEqual(forward);
	});

	it('does not mutate the events array it is given', () => {
		const events = [ev({ type: 'note', text: 'later' }, T0 + 10), ev({ type: 'created' }, T0)];
		const copy = [...events];
		deriveEntry(facts(), events);
		expect(events).toEqual(copy);
	});

	it('sets updatedAt to the latest event time, never earlier than creation', () => {
		expect(build({ type: 'note', text: 'x' }, { type: 'note', text: 'y' }).updatedAt).toBe(T0 + 120_000);
		expect(deriveEntry(facts(), [ev({ type: 'note', text: 'clock skew' }, T0 - 5000)]).updatedAt).toBe(T0);
	});

	it('takes tier, responsible person and deadline from an escalation', () => {
		const s = build(escalation(2, '2025-03-20', '社区主任'));
		expect(s.tier).toBe(2);
		expect(s.responsible).toBe('社区主任');
		expect(s.deadline).toBe('2025-03-20');
	});

	it('moves an entry up to tier 3 and never back down', () => {
		const s = build(escalation(3, '2025-03-30', '区住建局'), escalation(2, '2025-03-15', '社区'));
		expect(s.tier).toBe(3);
		expect(s.responsible).toBe('区住建局');
		expect(s.deadline).toBe('2025-03-30');
		// The lower escalation stays in the history.
		expect(s.timeline.filter((e) => e.type === 'escalated')).toHaveLength(2);
	});

	it('ignores a repeated escalation to the same tier', () => {
		const s = build(escalation(2, '2025-03-20', '甲'), escalation(2, '2025-03-25', '乙'));
		expect(s.tier).toBe(2);
		expect(s.responsible).toBe('甲');
		expect(s.deadline).toBe('2025-03-20');
	});

	it('lets a reassignment change the responsible person but not the tier', () => {
		const s = build(escalation(2), { type: 'assigned', responsible: '新负责人' });
		expect(s.tier).toBe(2);
		expect(s.responsible).toBe('新负责人');
	});

	it('takes the deadline from the latest extension and counts each extension', () => {
		const s = build(
			escalation(2, '2025-03-20'),
			{ type: 'extended', deadline: '2025-03-31', reason: '等待材料' },
			{ type: 'extended', deadline: '2025-04-15', reason: '施工延期' }
		);
		expect(s.deadline).toBe('2025-04-15');
		expect(s.extensionCount).toBe(2);
		expect(s.timeline.filter((e) => e.type === 'extended').map((e) => (e as { reason: string }).reason)).toEqual([
			'等待材料',
			'施工延期'
		]);
	});

	it('keeps the later deadline when two extensions granted offline merge, and counts both', () => {
		// Both devices saw the 03-20 deadline; one extended to 04-30, the other (with a later clock) to 03-31.
		const events = [
			ev({ type: 'created' }, T0),
			ev(escalation(2, '2025-03-20'), T0 + 1000),
			ev({ type: 'extended', deadline: '2025-04-30', reason: '甲：等材料' }, T0 + 2000),
			ev({ type: 'extended', deadline: '2025-03-31', reason: '乙：等审批' }, T0 + 3000)
		];
		const s = deriveEntry(facts(), events);
		expect(s.deadline).toBe('2025-04-30');
		expect(s.extensionCount).toBe(2);
	});

	it('lets a higher tier set its own deadline, even an earlier one, which later extensions extend', () => {
		const s = build(
			escalation(2, '2025-04-30'),
			escalation(3, '2025-03-25', '区领导'),
			{ type: 'extended', deadline: '2025-03-28', reason: '会诊延期' }
		);
		expect(s.tier).toBe(3);
		expect(s.deadline).toBe('2025-03-28');
	});

	it('records a solved entry with what was done and when', () => {
		const s = build({ type: 'solved', text: '已更换灯泡' });
		expect(s.status).toBe('solved');
		expect(s.outcome).toBe('已更换灯泡');
		expect(s.closeReason).toBe('');
		expect(s.closedAt).toBe(T0 + 60_000);
	});

	it('keeps closed apart from solved, with the reason it was closed', () => {
		const s = build({ type: 'closed', reason: 'duplicate', text: '与 ABC123 重复' });
		expect(s.status).toBe('closed');
		expect(s.closeReason).toBe('duplicate');
		expect(s.outcome).toBe('与 ABC123 重复');
		expect(s.closedAt).toBe(T0 + 60_000);
	});

	it('keeps a satisfied answer without reopening', () => {
		const s = build({ type: 'solved', text: '已修' }, { type: 'feedback', text: '满意', satisfaction: 'satisfied' });
		expect(s.status).toBe('solved');
		expect(s.reopenCount).toBe(0);
		expect(s.feedback).toEqual({ text: '满意', satisfaction: 'satisfied', at: T0 + 120_000 });
	});

	it('keeps a no-answer without reopening', () => {
		const s = build({ type: 'solved', text: '已修' }, { type: 'feedback', text: '电话未接', satisfaction: 'no-answer' });
		expect(s.status).toBe('solved');
		expect(s.reopenCount).toBe(0);
	});

	it('reopens an entry on a dissatisfied answer (重办) and counts it', () => {
		const s = build({ type: 'solved', text: '已修' }, { type: 'feedback', text: '还是不亮', satisfaction: 'dissatisfied' });
		expect(s.status).toBe('open');
		expect(s.closedAt).toBe(0);
		expect(s.reopenCount).toBe(1);
		expect(s.feedback?.satisfaction).toBe('dissatisfied');
	});

	it('reopens a closed entry too when the resident is dissatisfied', () => {
		const s = build(
			{ type: 'closed', reason: 'not-our-duty', text: '' },
			{ type: 'feedback', text: '不认可', satisfaction: 'dissatisfied' }
		);
		expect(s.status).toBe('open');
		expect(s.reopenCount).toBe(1);
	});

	it('counts every reopening', () => {
		const s = build(
			{ type: 'solved', text: '第一次' },
			{ type: 'feedback', text: '不满意', satisfaction: 'dissatisfied' },
			{ type: 'solved', text: '第二次' },
			{ type: 'feedback', text: '还是不满意', satisfaction: 'dissatisfied' },
			{ type: 'solved', text: '第三次' },
			{ type: 'feedback', text: '满意了', satisfaction: 'satisfied' }
		);
		expect(s.reopenCount).toBe(2);
		expect(s.status).toBe('solved');
		expect(s.outcome).toBe('第三次');
	});

	it('reopens only once when two dissatisfied answers to the same outcome merge', () => {
		const events = [
			ev({ type: 'created' }, T0),
			ev({ type: 'solved', text: '已修' }, T0 + 1000),
			ev({ type: 'feedback', text: '甲：不满意', satisfaction: 'dissatisfied' }, T0 + 2000),
			ev({ type: 'feedback', text: '乙：不满意', satisfaction: 'dissatisfied' }, T0 + 3000)
		];
		const s = deriveEntry(facts(), events);
		expect(s.status).toBe('open');
		expect(s.reopenCount).toBe(1);
		expect(s.feedback?.text).toBe('乙：不满意');
	});

	it('keeps tier and deadline across a reopening', () => {
		const s = build(
			escalation(3, '2025-03-30'),
			{ type: 'solved', text: '已修' },
			{ type: 'feedback', text: '不满意', satisfaction: 'dissatisfied' }
		);
		expect(s.tier).toBe(3);
		expect(s.deadline).toBe('2025-03-30');
	});

	it('changes nothing but the timeline for a note', () => {
		const before = build(escalation(2));
		const after = build(escalation(2), { type: 'note', text: '已联系物业' });
		expect({ ...after, timeline: [], updatedAt: 0 }).toEqual({ ...before, timeline: [], updatedAt: 0 });
		expect(after.timeline).toHaveLength(3);
	});
});

describe('isOverdue: derived from the deadline and today, never stored', () => {
	it('is overdue once the deadline day has passed', () => {
		expect(isOverdue({ status: 'open', deadline: '2025-03-09' }, TODAY)).toBe(true);
	});

	it('is not overdue on the deadline day itself', () => {
		expect(isOverdue({ status: 'open', deadline: TODAY }, TODAY)).toBe(false);
	});

	it('is not overdue before the deadline', () => {
		expect(isOverdue({ status: 'open', deadline: '2025-03-11' }, TODAY)).toBe(false);
	});

	it('is never overdue without a deadline', () => {
		expect(isOverdue({ status: 'open', deadline: '' }, TODAY)).toBe(false);
	});

	it('is only ever true for open entries', () => {
		expect(isOverdue({ status: 'solved', deadline: '2025-01-01' }, TODAY)).toBe(false);
		expect(isOverdue({ status: 'closed', deadline: '2025-01-01' }, TODAY)).toBe(false);
	});

	it('becomes overdue again when a late entry is reopened', () => {
		const s = build(
			escalation(2, '2025-03-12'),
			{ type: 'solved', text: '已修' },
			{ type: 'feedback', text: '不满意', satisfaction: 'dissatisfied' }
		);
		expect(isOverdue(s, '2025-03-13')).toBe(true);
	});

	it('is lifted by an extension', () => {
		const s = build(escalation(2, '2025-03-12'), { type: 'extended', deadline: '2025-03-31', reason: '待审批' });
		expect(isOverdue(s, '2025-03-13')).toBe(false);
	});

	it('crosses month and year boundaries in calendar order', () => {
		expect(isOverdue({ status: 'open', deadline: '2024-12-31' }, '2025-01-01')).toBe(true);
		expect(isOverdue({ status: 'open', deadline: '2025-02-28' }, '2025-03-01')).toBe(true);
	});
});

describe('handledOnTime: for the on-time rate', () => {
	it('counts an entry handled on or before its deadline as on time', () => {
		const s = build(escalation(2, '2025-03-20'));
		expect(handledOnTime(s, '2025-03-19')).toBe(true);
		expect(handledOnTime(s, '2025-03-20')).toBe(true);
	});

	it('counts an entry handled after its deadline as late', () => {
		expect(handledOnTime(build(escalation(2, '2025-03-20')), '2025-03-21')).toBe(false);
	});

	it('counts entries without a deadline as on time', () => {
		expect(handledOnTime(build(), '2030-01-01')).toBe(true);
	});
});

describe('tiers', () => {
	it('has four tiers, from on-site to dispatched', () => {
		expect([...TIERS]).toEqual([1, 2, 3, 4]);
	});

	it('needs an owner from tier 2 up, not on site', () => {
		expect(tierNeedsOwner(1)).toBe(false);
		expect(tierNeedsOwner(2)).toBe(true);
		expect(tierNeedsOwner(3)).toBe(true);
		expect(tierNeedsOwner(4)).toBe(true);
	});
});
