import { describe, expect, it } from 'vitest';
import {
	addNote,
	assign,
	close,
	CLOSE_REASONS,
	deriveEntry,
	escalate,
	extend,
	handledOnTime,
	isOverdue,
	LIMITS,
	recordFeedback,
	SATISFACTIONS,
	solve,
	tierNeedsOwner,
	TIERS,
	validateFacts,
	type EntryFacts,
	type EntryState,
	type EventDraft,
	type TimelineEvent
} from './ledger';
import type { Result } from './result';

// ——— Fixtures

const TODAY = '2025-03-10';
const T0 = Date.UTC(2025, 2, 10, 6, 0, 0);

const facts = (over: Partial<EntryFacts> = {}): EntryFacts => ({
	id: 'entry0001',
	content: '小区路灯坏了',
	place: '3号楼',
	category: 'infrastructure',
	receivedOn: TODAY,
	reporterName: '王阿姨',
	reporterPhone: '13800000000',
	reporterPrivate: true,
	visitId: '',
	createdAt: T0,
	createdBy: '李干部',
	...over
});

let seq = 0;
const ev = (draft: EventDraft, at: number, id = `e${String(++seq).padStart(4, '0')}`, by = '李干部'): TimelineEvent => ({
	id,
	at,
	by,
	...draft
});

/** Builds an entry by applying drafts one after another, a minute apart, as the app does. */
function build(...drafts: EventDraft[]): EntryState {
	const events = [ev({ type: 'created' }, T0)];
	drafts.forEach((d, i) => events.push(ev(d, T0 + (i + 1) * 60_000)));
	return deriveEntry(facts(), events);
}

/** Appends a draft that a command accepted, and re-derives. */
function apply(entry: EntryState, result: Result<EventDraft>, at = entry.updatedAt + 60_000): EntryState {
	expect(result.ok).toBe(true);
	if (!result.ok) throw new Error('refused');
	return deriveEntry(entry, [...entry.timeline, ev(result.value, at)]);
}

const errorsOf = (result: Result<unknown>) => (result.ok ? [] : result.errors);

const escalation = (tier: 1 | 2 | 3 | 4, deadline = '2025-03-20', responsible = '街道城管科'): EventDraft => ({
	type: 'escalated',
	tier,
	responsible,
	deadline,
	text: ''
});

// ——— Specs

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

describe('validateFacts: a new entry', () => {
	const input = { content: '  路灯坏了  ', receivedOn: TODAY };

	it('accepts the minimum: what and when, trimmed, with defaults', () => {
		const r = validateFacts(input);
		expect(r).toEqual({
			ok: true,
			value: {
				content: '路灯坏了',
				place: '',
				category: 'other',
				receivedOn: TODAY,
				reporterName: '',
				reporterPhone: '',
				reporterPrivate: true,
				visitId: ''
			}
		});
	});

	it('keeps the reporter private unless told otherwise', () => {
		const r = validateFacts({ ...input, reporterPrivate: false });
		expect(r.ok && r.value.reporterPrivate).toBe(false);
	});

	it('keeps the given category, place and visit link', () => {
		const r = validateFacts({ ...input, category: 'property', place: ' 5号楼 ', visitId: 'v1' });
		expect(r.ok && r.value).toMatchObject({ category: 'property', place: '5号楼', visitId: 'v1' });
	});

	it('refuses an entry without content, naming the field', () => {
		expect(errorsOf(validateFacts({ ...input, content: '   ' }))).toEqual([{ field: 'content', code: 'required' }]);
	});

	it('refuses content over the limit', () => {
		expect(errorsOf(validateFacts({ ...input, content: 'x'.repeat(LIMITS.content + 1) }))).toEqual([
			{ field: 'content', code: 'too-long' }
		]);
		expect(validateFacts({ ...input, content: 'x'.repeat(LIMITS.content) }).ok).toBe(true);
	});

	it('refuses an overlong place, category and reporter name, each by name', () => {
		const fields = errorsOf(
			validateFacts({
				...input,
				place: 'x'.repeat(LIMITS.place + 1),
				category: 'x'.repeat(LIMITS.category + 1),
				reporterName: 'x'.repeat(LIMITS.name + 1)
			})
		).map((e) => e.field);
		expect(fields).toEqual(['place', 'category', 'reporterName']);
	});

	it('refuses a received date that is not a calendar day', () => {
		for (const receivedOn of ['', '2025-3-10', '2025-02-30', '10/03/2025']) {
			expect(errorsOf(validateFacts({ ...input, receivedOn }))).toEqual([{ field: 'receivedOn', code: 'invalid' }]);
		}
	});

	it('accepts ordinary phone numbers', () => {
		for (const reporterPhone of ['13800000000', '+86 138 0000 0000', '010-12345678']) {
			expect(validateFacts({ ...input, reporterPhone }).ok).toBe(true);
		}
	});

	it('refuses a phone number that is not one', () => {
		for (const reporterPhone of ['abc', '12', '138-0000-000x', '-1380000']) {
			expect(errorsOf(validateFacts({ ...input, reporterPhone }))).toEqual([{ field: 'reporterPhone', code: 'invalid' }]);
		}
	});

	it('reports every problem at once', () => {
		const fields = errorsOf(validateFacts({ content: '', receivedOn: 'x', reporterPhone: 'y' })).map((e) => e.field);
		expect(fields.sort()).toEqual(['content', 'receivedOn', 'reporterPhone']);
	});
});

describe('escalate: the tier only goes up', () => {
	it('escalates to tier 2 with a responsible person and a deadline', () => {
		const r = escalate(build(), { tier: 2, responsible: ' 社区主任 ', deadline: '2025-03-20', text: '需物业配合' }, TODAY);
		expect(r).toEqual({
			ok: true,
			value: { type: 'escalated', tier: 2, responsible: '社区主任', deadline: '2025-03-20', text: '需物业配合' }
		});
	});

	it('may skip tiers, straight to tier 4', () => {
		expect(escalate(build(), { tier: 4, responsible: '一线办', deadline: '2025-03-25' }, TODAY).ok).toBe(true);
	});

	it('moves an entry up to tier 3 and then refuses tier 2', () => {
		let s = build();
		s = apply(s, escalate(s, { tier: 3, responsible: '区领导', deadline: '2025-03-30', departments: ['住建'] }, TODAY));
		expect(s.tier).toBe(3);
		expect(errorsOf(escalate(s, { tier: 2, responsible: '社区', deadline: '2025-03-20' }, TODAY))).toEqual([
			{ field: 'tier', code: 'not-higher' }
		]);
	});

	it('refuses an escalation to the same tier', () => {
		const s = build(escalation(2));
		expect(errorsOf(escalate(s, { tier: 2, responsible: '乙', deadline: '2025-03-25' }, TODAY))).toEqual([
			{ field: 'tier', code: 'not-higher' }
		]);
	});

	it('refuses tier 1 for a new entry, which is already on site', () => {
		expect(errorsOf(escalate(build(), { tier: 1 }, TODAY))).toEqual([{ field: 'tier', code: 'not-higher' }]);
	});

	it('refuses a tier that does not exist', () => {
		for (const tier of [0, 5, 2.5, -1, NaN]) {
			expect(errorsOf(escalate(build(), { tier, responsible: '甲', deadline: '2025-03-20' }, TODAY))).toEqual([
				{ field: 'tier', code: 'invalid' }
			]);
		}
	});

	it('needs a responsible person from tier 2 on', () => {
		for (const responsible of [undefined, '', '   ']) {
			expect(errorsOf(escalate(build(), { tier: 2, responsible, deadline: '2025-03-20' }, TODAY))).toEqual([
				{ field: 'responsible', code: 'required' }
			]);
		}
	});

	it('needs a deadline from tier 2 on', () => {
		for (const deadline of [undefined, '', '  ']) {
			expect(errorsOf(escalate(build(), { tier: 3, responsible: '甲', deadline, departments: ['住建'] }, TODAY))).toEqual([
				{ field: 'deadline', code: 'required' }
			]);
		}
	});

	it('refuses a deadline that is not a calendar day', () => {
		expect(errorsOf(escalate(build(), { tier: 2, responsible: '甲', deadline: '2025-02-30' }, TODAY))).toEqual([
			{ field: 'deadline', code: 'invalid' }
		]);
	});

	it('refuses a deadline in the past', () => {
		expect(errorsOf(escalate(build(), { tier: 2, responsible: '甲', deadline: '2025-03-09' }, TODAY))).toEqual([
			{ field: 'deadline', code: 'in-past' }
		]);
	});

	it('accepts a deadline of today', () => {
		expect(escalate(build(), { tier: 2, responsible: '甲', deadline: TODAY }, TODAY).ok).toBe(true);
	});

	it('refuses an overlong responsible name or note', () => {
		const r = escalate(
			build(),
			{ tier: 2, responsible: 'x'.repeat(LIMITS.name + 1), deadline: '2025-03-20', text: 'x'.repeat(LIMITS.note + 1) },
			TODAY
		);
		expect(errorsOf(r)).toEqual([
			{ field: 'responsible', code: 'too-long' },
			{ field: 'text', code: 'too-long' }
		]);
	});

	it('refuses to escalate an entry that is solved or closed', () => {
		for (const done of [build({ type: 'solved', text: '好了' }), build({ type: 'closed', reason: 'withdrawn', text: '' })]) {
			expect(errorsOf(escalate(done, { tier: 2, responsible: '甲', deadline: '2025-03-20' }, TODAY))).toEqual([
				{ field: 'status', code: 'not-open' }
			]);
		}
	});

	it('allows escalating a reopened entry', () => {
		const s = build({ type: 'solved', text: '好了' }, { type: 'feedback', text: '不满意', satisfaction: 'dissatisfied' });
		expect(escalate(s, { tier: 2, responsible: '甲', deadline: '2025-03-20' }, TODAY).ok).toBe(true);
	});

	it('reports every refusal at once', () => {
		const fields = errorsOf(escalate(build({ type: 'solved', text: '好了' }), { tier: 2 }, TODAY)).map((e) => e.field);
		expect(fields).toEqual(['status', 'responsible', 'deadline']);
	});
});

describe('extend: a new deadline needs a reason and must be later', () => {
	const withDeadline = () => build(escalation(2, '2025-03-20'));

	it('extends with a reason to a later deadline', () => {
		const r = extend(withDeadline(), { deadline: '2025-03-31', reason: ' 等待审批 ' }, TODAY);
		expect(r).toEqual({ ok: true, value: { type: 'extended', deadline: '2025-03-31', reason: '等待审批' } });
	});

	it('appears in the timeline and is counted', () => {
		let s = withDeadline();
		s = apply(s, extend(s, { deadline: '2025-03-31', reason: '等待审批' }, TODAY));
		s = apply(s, extend(s, { deadline: '2025-04-30', reason: '施工延期' }, TODAY));
		expect(s.deadline).toBe('2025-04-30');
		expect(s.extensionCount).toBe(2);
		expect(s.timeline.map((e) => e.type)).toEqual(['created', 'escalated', 'extended', 'extended']);
	});

	it('needs a reason', () => {
		for (const reason of [undefined, '', '  ']) {
			expect(errorsOf(extend(withDeadline(), { deadline: '2025-03-31', reason }, TODAY))).toEqual([
				{ field: 'reason', code: 'required' }
			]);
		}
	});

	it('refuses an overlong reason', () => {
		expect(errorsOf(extend(withDeadline(), { deadline: '2025-03-31', reason: 'x'.repeat(LIMITS.note + 1) }, TODAY))).toEqual([
			{ field: 'reason', code: 'too-long' }
		]);
	});

	it('refuses the same deadline', () => {
		expect(errorsOf(extend(withDeadline(), { deadline: '2025-03-20', reason: '理由' }, TODAY))).toEqual([
			{ field: 'deadline', code: 'not-later' }
		]);
	});

	it('refuses an earlier deadline', () => {
		expect(errorsOf(extend(withDeadline(), { deadline: '2025-03-15', reason: '理由' }, TODAY))).toEqual([
			{ field: 'deadline', code: 'not-later' }
		]);
	});

	it('refuses a new deadline in the past, even if later than an overdue one', () => {
		const late = build(escalation(2, '2025-03-01'));
		expect(errorsOf(extend(late, { deadline: '2025-03-05', reason: '理由' }, TODAY))).toEqual([
			{ field: 'deadline', code: 'in-past' }
		]);
		expect(extend(late, { deadline: TODAY, reason: '理由' }, TODAY).ok).toBe(true);
	});

	it('needs a new deadline that is a calendar day', () => {
		expect(errorsOf(extend(withDeadline(), { reason: '理由' }, TODAY))).toEqual([{ field: 'deadline', code: 'required' }]);
		expect(errorsOf(extend(withDeadline(), { deadline: '2025-13-01', reason: '理由' }, TODAY))).toEqual([
			{ field: 'deadline', code: 'invalid' }
		]);
	});

	it('refuses to extend an entry that has no deadline yet', () => {
		expect(errorsOf(extend(build(), { deadline: '2025-03-31', reason: '理由' }, TODAY))).toEqual([
			{ field: 'deadline', code: 'no-deadline' }
		]);
	});

	it('refuses to extend an entry that is no longer open', () => {
		const s = build(escalation(2, '2025-03-20'), { type: 'solved', text: '好了' });
		expect(errorsOf(extend(s, { deadline: '2025-03-31', reason: '理由' }, TODAY))).toEqual([
			{ field: 'status', code: 'not-open' }
		]);
	});
});

describe('assign: a new responsible person', () => {
	it('assigns a named person', () => {
		expect(assign(build(escalation(2)), { responsible: ' 张三 ' })).toEqual({
			ok: true,
			value: { type: 'assigned', responsible: '张三' }
		});
	});

	it('needs a name', () => {
		expect(errorsOf(assign(build(), { responsible: ' ' }))).toEqual([{ field: 'responsible', code: 'required' }]);
	});

	it('refuses an entry that is no longer open', () => {
		expect(errorsOf(assign(build({ type: 'solved', text: '好了' }), { responsible: '张三' }))).toEqual([
			{ field: 'status', code: 'not-open' }
		]);
	});
});

describe('addNote: progress notes', () => {
	it('adds a note with text', () => {
		expect(addNote(build(), { text: ' 已联系 ' })).toEqual({ ok: true, value: { type: 'note', text: '已联系' } });
	});

	it('may note a solved entry too', () => {
		expect(addNote(build({ type: 'solved', text: '好了' }), { text: '回访' }).ok).toBe(true);
	});

	it('needs text, within the limit', () => {
		expect(errorsOf(addNote(build(), {}))).toEqual([{ field: 'text', code: 'required' }]);
		expect(errorsOf(addNote(build(), { text: 'x'.repeat(LIMITS.note + 1) }))).toEqual([{ field: 'text', code: 'too-long' }]);
	});
});

describe('solve and close: solved is kept apart from closed', () => {
	it('solves an open entry, saying what was done', () => {
		const s = build();
		expect(solve(s, { text: ' 已更换 ' })).toEqual({ ok: true, value: { type: 'solved', text: '已更换' } });
		expect(apply(s, solve(s, { text: '已更换' })).status).toBe('solved');
	});

	it('needs to say what was done to solve it', () => {
		expect(errorsOf(solve(build(), { text: '' }))).toEqual([{ field: 'text', code: 'required' }]);
	});

	it('refuses to solve an entry twice', () => {
		expect(errorsOf(solve(build({ type: 'solved', text: '好了' }), { text: '再次' }))).toEqual([
			{ field: 'status', code: 'not-open' }
		]);
	});

	it('closes with any known reason, text optional', () => {
		for (const reason of CLOSE_REASONS.filter((r) => r !== 'other')) {
			const r = close(build(), { reason });
			expect(r).toEqual({ ok: true, value: { type: 'closed', reason, text: '' } });
		}
	});

	it('needs a reason to close', () => {
		expect(errorsOf(close(build(), {}))).toEqual([{ field: 'reason', code: 'required' }]);
		expect(errorsOf(close(build(), { reason: 'bored' }))).toEqual([{ field: 'reason', code: 'required' }]);
	});

	it("needs an explanation when the reason is 'other'", () => {
		expect(errorsOf(close(build(), { reason: 'other' }))).toEqual([{ field: 'text', code: 'required' }]);
		expect(errorsOf(close(build(), { reason: 'other', text: '  ' }))).toEqual([{ field: 'text', code: 'required' }]);
		expect(close(build(), { reason: 'other', text: '居民搬走' })).toEqual({
			ok: true,
			value: { type: 'closed', reason: 'other', text: '居民搬走' }
		});
	});

	it('refuses an overlong closing text', () => {
		expect(errorsOf(close(build(), { reason: 'duplicate', text: 'x'.repeat(LIMITS.note + 1) }))).toEqual([
			{ field: 'text', code: 'too-long' }
		]);
	});

	it('refuses to close an entry that is already solved or closed', () => {
		for (const done of [build({ type: 'solved', text: '好了' }), build({ type: 'closed', reason: 'duplicate', text: '' })]) {
			expect(errorsOf(close(done, { reason: 'duplicate' }))).toEqual([{ field: 'status', code: 'not-open' }]);
		}
	});
});

describe('recordFeedback: the resident is asked only after the outcome', () => {
	it('refuses feedback while the entry is open', () => {
		expect(errorsOf(recordFeedback(build(), { text: '满意', satisfaction: 'satisfied' }))).toEqual([
			{ field: 'status', code: 'still-open' }
		]);
	});

	it('accepts feedback after solved and after closed', () => {
		for (const done of [build({ type: 'solved', text: '好了' }), build({ type: 'closed', reason: 'duplicate', text: '' })]) {
			for (const satisfaction of SATISFACTIONS) {
				expect(recordFeedback(done, { text: ' 回访 ', satisfaction })).toEqual({
					ok: true,
					value: { type: 'feedback', text: '回访', satisfaction }
				});
			}
		}
	});

	it('needs a known satisfaction', () => {
		const done = build({ type: 'solved', text: '好了' });
		expect(errorsOf(recordFeedback(done, { text: '回访' }))).toEqual([{ field: 'satisfaction', code: 'required' }]);
		expect(errorsOf(recordFeedback(done, { text: '回访', satisfaction: 'meh' }))).toEqual([
			{ field: 'satisfaction', code: 'required' }
		]);
	});

	it('needs text saying what the resident was told', () => {
		expect(errorsOf(recordFeedback(build({ type: 'solved', text: '好了' }), { satisfaction: 'satisfied' }))).toEqual([
			{ field: 'text', code: 'required' }
		]);
	});

	it('reopens on a dissatisfied answer, and refuses more feedback until handled again', () => {
		let s = build();
		s = apply(s, solve(s, { text: '已修' }));
		s = apply(s, recordFeedback(s, { text: '还坏着', satisfaction: 'dissatisfied' }));
		expect(s.status).toBe('open');
		expect(s.reopenCount).toBe(1);
		expect(recordFeedback(s, { text: '再问', satisfaction: 'satisfied' }).ok).toBe(false);
		s = apply(s, solve(s, { text: '彻底修好' }));
		s = apply(s, recordFeedback(s, { text: '仍不满意', satisfaction: 'dissatisfied' }));
		expect(s.reopenCount).toBe(2);
		s = apply(s, solve(s, { text: '换了新灯' }));
		s = apply(s, recordFeedback(s, { text: '满意', satisfaction: 'satisfied' }));
		expect(s.status).toBe('solved');
		expect(s.reopenCount).toBe(2);
	});
});
