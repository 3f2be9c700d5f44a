// Escalation that reaches the people who decide: departments on tier 3, the dispatch meeting's
// decision on tier 4 (issue 4, item 2).
import { describe, expect, it } from 'vitest';
import { parseDepartments } from './departments';
import { decide, deriveEntry, escalate, type EntryFacts, type EntryState, type EventDraft, type TimelineEvent } from './ledger';
import type { Result } from './result';

const TODAY = '2025-03-10';
const T0 = Date.UTC(2025, 2, 10, 6, 0, 0);
const facts: EntryFacts = {
	id: 'entry0001',
	content: '老旧小区加装电梯',
	place: '',
	category: 'old-estate',
	receivedOn: TODAY,
	reporterName: '',
	reporterPhone: '',
	reporterPrivate: true,
	visitId: '',
	createdAt: T0,
	createdBy: '王干部'
};
let n = 0;
const ev = (draft: EventDraft, at = T0 + ++n * 1000, by = '王干部'): TimelineEvent => ({ id: `ev${String(n).padStart(4, '0')}`, at, by, ...draft });
const entryWith = (...drafts: EventDraft[]): EntryState => deriveEntry(facts, [ev({ type: 'created' }), ...drafts.map((d) => ev(d))]);
const value = <T>(r: Result<T>): T => {
	if (!r.ok) throw new Error(JSON.stringify(r.errors));
	return r.value;
};
const fields = (r: Result<unknown>) => (r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`));

const toTier3 = { tier: 3, responsible: '街道城建科', deadline: '2025-04-10' };

describe('escalating to tier 3 names the departments involved', () => {
	it('refuses tier 3 without a department and names the field', () => {
		expect(fields(escalate(entryWith(), toTier3, TODAY))).toEqual(['departments:required']);
		expect(fields(escalate(entryWith(), { ...toTier3, departments: ['  ', ''] }, TODAY))).toEqual(['departments:required']);
	});

	it('records the departments trimmed and without repeats', () => {
		const draft = value(escalate(entryWith(), { ...toTier3, departments: [' 住建', '城管', '住建'] }, TODAY));
		expect(draft).toMatchObject({ type: 'escalated', tier: 3, departments: ['住建', '城管'] });
		expect(entryWith(draft).departments).toEqual(['住建', '城管']);
	});

	it('does not require departments for tier 2 or 4, and leaves the field out when none are given', () => {
		const draft = value(escalate(entryWith(), { tier: 2, responsible: '社区主任', deadline: '2025-03-20' }, TODAY));
		expect(draft).not.toHaveProperty('departments');
		expect(escalate(entryWith(), { tier: 4, responsible: '一线办', deadline: '2025-03-30' }, TODAY).ok).toBe(true);
	});

	it('refuses too many or too long department names', () => {
		const many = Array.from({ length: 21 }, (_, i) => `部门${i}`);
		expect(fields(escalate(entryWith(), { ...toTier3, departments: many }, TODAY))).toEqual(['departments:too-long']);
		expect(fields(escalate(entryWith(), { ...toTier3, departments: ['很'.repeat(31)] }, TODAY))).toEqual(['departments:too-long']);
	});

	it('keeps tier 3 departments when tier 4 names none, and takes tier 4 ones when it does', () => {
		const t3: EventDraft = { type: 'escalated', tier: 3, responsible: '街道', deadline: '2025-04-10', text: '', departments: ['住建'] };
		const t4: EventDraft = { type: 'escalated', tier: 4, responsible: '一线办', deadline: '2025-04-30', text: '' };
		expect(entryWith(t3, t4).departments).toEqual(['住建']);
		expect(entryWith(t3, { ...t4, departments: ['交通', '公安'] }).departments).toEqual(['交通', '公安']);
	});

	it('reads old escalation events without departments as naming none', () => {
		const old = { type: 'escalated', tier: 3, responsible: '街道', deadline: '2025-04-10', text: '' } as EventDraft;
		const e = entryWith(old);
		expect(e.tier).toBe(3);
		expect(e.departments).toEqual([]);
	});
});

describe('the dispatch meeting decides a tier-4 entry', () => {
	const t4: EventDraft = { type: 'escalated', tier: 4, responsible: '一线办', deadline: '2025-04-30', text: '' };
	const meeting = { decision: '由区住建局牵头加装电梯', department: '区住建局', meetingDate: '2025-03-25' };

	it('records the decision and makes the department responsible', () => {
		const draft = value(decide(entryWith(t4), meeting));
		expect(draft).toEqual({ type: 'decided', ...meeting });
		const e = entryWith(t4, draft);
		expect(e.responsible).toBe('区住建局');
		expect(e.decision).toMatchObject(meeting);
		expect(e.tier).toBe(4);
		expect(e.status).toBe('open');
	});

	it('a later decision replaces the earlier one', () => {
		const first = value(decide(entryWith(t4), meeting));
		const second = value(decide(entryWith(t4), { ...meeting, department: '区城管局', meetingDate: '2025-04-25' }));
		expect(entryWith(t4, first, second).decision).toMatchObject({ department: '区城管局', meetingDate: '2025-04-25' });
	});

	it('refuses an entry below tier 4, a closed one, and names missing fields', () => {
		expect(fields(decide(entryWith(), meeting))).toEqual(['tier:not-dispatched']);
		expect(fields(decide(entryWith(t4, { type: 'solved', text: '已解决' }), meeting))).toEqual(['status:not-open']);
		expect(fields(decide(entryWith(t4), { meetingDate: '2025-13-01' }))).toEqual(['decision:required', 'department:required', 'meetingDate:invalid']);
	});
});

describe('departments typed as text', () => {
	it('splits on Chinese and Latin commas and 、, dropping blanks and repeats', () => {
		expect(parseDepartments('住建、城管，交通, 公安;；住建 ,')).toEqual(['住建', '城管', '交通', '公安']);
		expect(parseDepartments('  ')).toEqual([]);
	});
});
