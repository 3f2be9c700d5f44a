// The ledger's commands that take an entry in and move it along: a new entry's facts, escalation,
// a new deadline, a new responsible person.
import { describe, expect, it } from 'vitest';
import { assign, escalate, extend, LIMITS, validateFacts } from './ledger';
import { phoneProblem } from './input';
import { TODAY, build, apply, errorsOf, escalation } from './ledger-test-kit';

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

	it('refuses a day received after today, when today is given (a slip of the date picker)', () => {
		expect(errorsOf(validateFacts({ ...input, receivedOn: '2025-03-11' }, TODAY))).toEqual([{ field: 'receivedOn', code: 'in-future' }]);
		expect(validateFacts({ ...input, receivedOn: TODAY }, TODAY).ok).toBe(true);
		expect(validateFacts({ ...input, receivedOn: '2024-12-31' }, TODAY).ok).toBe(true);
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
			{ field: 'content', code: 'too-long', max: LIMITS.content }
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
		for (const reporterPhone of ['abc', '12', '138-0000-000x', '1-2-3', '+', '1'.repeat(21), '(010) 1234567']) {
			expect(errorsOf(validateFacts({ ...input, reporterPhone }))).toEqual([{ field: 'reporterPhone', code: 'invalid' }]);
		}
	});

	it('refuses a phone number on two lines, or too long, once', () => {
		expect(errorsOf(validateFacts({ ...input, reporterPhone: '138\t0000 0000' }))).toEqual([{ field: 'reporterPhone', code: 'control-characters' }]);
		expect(errorsOf(validateFacts({ ...input, reporterPhone: '1'.repeat(31) }))).toEqual([expect.objectContaining({ field: 'reporterPhone', code: 'too-long' })]);
	});

	it('takes a phone number exactly when the server takes one (input.ts), as its message says', () => {
		const samples = ['13800000000', '+86 138 0000 0000', '010-12345678', '12345', '1'.repeat(20), '138 1234 5678 9012 3456', '1-2-3', '1'.repeat(21), '-1380000', '+-12345', 'abc', ' 13800000000 '];
		for (const reporterPhone of samples) {
			expect(validateFacts({ ...input, reporterPhone }).ok, reporterPhone).toBe(phoneProblem(reporterPhone, false) === null);
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
			expect.objectContaining({ field: 'responsible', code: 'too-long' }),
			expect.objectContaining({ field: 'text', code: 'too-long' })
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
			expect.objectContaining({ field: 'reason', code: 'too-long' })
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
