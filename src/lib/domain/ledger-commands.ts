// The ledger's commands (ledger.ts re-exports them): each checks its rule against an entry's
// current state and yields the event to append to its timeline, or the fields it refuses.
import { isIsoDate } from './dates';
import { check, optionalText, phoneText, requireText, type Result, type RuleError } from './result';
import { DEPARTMENT_LIMITS, normalizeDepartments } from './departments';
import { canReopen, CLOSE_REASONS, LIMITS, SATISFACTIONS, TIERS, tierNeedsOwner, type CloseReason, type EntryFacts, type EntryState, type EventDraft, type Satisfaction, type Tier } from './ledger';

export interface NewEntryInput {
	content: string;
	place?: string;
	category?: string;
	receivedOn: string;
	reporterName?: string;
	reporterPhone?: string;
	reporterPrivate?: boolean;
	visitId?: string;
}

/** `today` (the device's calendar day), when given: a problem is not received after it. */
export function validateFacts(input: NewEntryInput, today?: string): Result<Required<Omit<EntryFacts, 'id' | 'createdAt' | 'createdBy'>>> {
	const errors: RuleError[] = [];
	const content = requireText(errors, 'content', input.content, LIMITS.content);
	const place = optionalText(errors, 'place', input.place, LIMITS.place);
	const category = optionalText(errors, 'category', input.category, LIMITS.category) || 'other';
	const reporterName = optionalText(errors, 'reporterName', input.reporterName, LIMITS.name);
	const reporterPhone = phoneText(errors, 'reporterPhone', input.reporterPhone);
	if (!isIsoDate(input.receivedOn)) errors.push({ field: 'receivedOn', code: 'invalid' });
	else if (today && input.receivedOn > today) errors.push({ field: 'receivedOn', code: 'in-future' });
	return check(errors, () => ({
		content,
		place,
		category,
		receivedOn: input.receivedOn,
		reporterName,
		reporterPhone,
		reporterPrivate: input.reporterPrivate ?? true,
		visitId: input.visitId ?? ''
	}));
}

function requireOpen(errors: RuleError[], entry: EntryState) {
	if (entry.status !== 'open') errors.push({ field: 'status', code: 'not-open' });
}

function requireDeadline(errors: RuleError[], field: string, deadline: string, today: string) {
	if (!deadline) errors.push({ field, code: 'required' });
	else if (!isIsoDate(deadline)) errors.push({ field, code: 'invalid' });
	else if (deadline < today) errors.push({ field, code: 'in-past' });
}

export interface EscalateInput {
	tier: number;
	responsible?: string;
	deadline?: string;
	text?: string;
	departments?: readonly string[];
}

/** Tier 3 is coordinated across departments, so it names at least one of them. */
export const tierNeedsDepartments = (tier: Tier): boolean => tier === 3;

/**
 * The tier only goes up; from tier 2 on a named responsible person and a deadline are mandatory;
 * tier 3 names the departments involved.
 */
export function escalate(entry: EntryState, input: EscalateInput, today: string): Result<EventDraft> {
	const errors: RuleError[] = [];
	requireOpen(errors, entry);
	const tier = input.tier as Tier;
	if (!TIERS.includes(tier)) errors.push({ field: 'tier', code: 'invalid' });
	else if (tier <= entry.tier) errors.push({ field: 'tier', code: 'not-higher' });
	const responsible = optionalText(errors, 'responsible', input.responsible, LIMITS.name);
	const deadline = (input.deadline ?? '').trim();
	if (TIERS.includes(tier) && tierNeedsOwner(tier)) {
		if (!responsible) errors.push({ field: 'responsible', code: 'required' });
		requireDeadline(errors, 'deadline', deadline, today);
	}
	const departments = normalizeDepartments(input.departments ?? []);
	if (TIERS.includes(tier) && tierNeedsDepartments(tier) && departments.length === 0) errors.push({ field: 'departments', code: 'required' });
	if (departments.length > DEPARTMENT_LIMITS.count || departments.some((d) => d.length > DEPARTMENT_LIMITS.name)) {
		errors.push({ field: 'departments', code: 'too-long' });
	}
	const text = optionalText(errors, 'text', input.text, LIMITS.note);
	return check(errors, () => ({ type: 'escalated', tier, responsible, deadline, text, ...(departments.length ? { departments } : {}) }));
}

/** A new deadline needs a reason, must be later than the current one, and stays in the timeline. */
export function extend(entry: EntryState, input: { deadline?: string; reason?: string }, today: string): Result<EventDraft> {
	const errors: RuleError[] = [];
	requireOpen(errors, entry);
	if (!entry.deadline) errors.push({ field: 'deadline', code: 'no-deadline' });
	const deadline = (input.deadline ?? '').trim();
	requireDeadline(errors, 'deadline', deadline, today);
	if (entry.deadline && isIsoDate(deadline) && deadline <= entry.deadline) errors.push({ field: 'deadline', code: 'not-later' });
	const reason = requireText(errors, 'reason', input.reason, LIMITS.note);
	return check(errors, () => ({ type: 'extended', deadline, reason }));
}

export function assign(entry: EntryState, input: { responsible?: string }): Result<EventDraft> {
	const errors: RuleError[] = [];
	requireOpen(errors, entry);
	const responsible = requireText(errors, 'responsible', input.responsible, LIMITS.name);
	return check(errors, () => ({ type: 'assigned', responsible }));
}

export function addNote(_entry: EntryState, input: { text?: string }): Result<EventDraft> {
	const errors: RuleError[] = [];
	const text = requireText(errors, 'text', input.text, LIMITS.note);
	return check(errors, () => ({ type: 'note', text }));
}

/** Solved means the problem is gone; say what was done. */
export function solve(entry: EntryState, input: { text?: string }): Result<EventDraft> {
	const errors: RuleError[] = [];
	requireOpen(errors, entry);
	const text = requireText(errors, 'text', input.text, LIMITS.note);
	return check(errors, () => ({ type: 'solved', text }));
}

/** Closed without being solved — a duplicate, not our duty — always with a reason. */
export function close(entry: EntryState, input: { reason?: string; text?: string }): Result<EventDraft> {
	const errors: RuleError[] = [];
	requireOpen(errors, entry);
	const reason = input.reason as CloseReason;
	if (!CLOSE_REASONS.includes(reason)) errors.push({ field: 'reason', code: 'required' });
	const text =
		reason === 'other'
			? requireText(errors, 'text', input.text, LIMITS.note)
			: optionalText(errors, 'text', input.text, LIMITS.note);
	return check(errors, () => ({ type: 'closed', reason, text }));
}

/**
 * A handled entry taken up again by the team (closed or solved by mistake, or it was not a
 * duplicate), saying why — before the resident has answered on its handling: after that, their
 * answer decides (重办).
 */
export function reopen(entry: EntryState, input: { text?: string }): Result<EventDraft> {
	const errors: RuleError[] = [];
	if (entry.status === 'open') errors.push({ field: 'status', code: 'not-handled' });
	else if (!canReopen(entry)) errors.push({ field: 'status', code: 'answered' });
	const text = requireText(errors, 'text', input.text, LIMITS.note);
	return check(errors, () => ({ type: 'reopened', text, handledAt: entry.closedAt }));
}

/** The resident is told the outcome and asked whether they are satisfied. */
export function recordFeedback(entry: EntryState, input: { text?: string; satisfaction?: string }): Result<EventDraft> {
	const errors: RuleError[] = [];
	if (entry.status === 'open') errors.push({ field: 'status', code: 'still-open' });
	const satisfaction = input.satisfaction as Satisfaction;
	if (!SATISFACTIONS.includes(satisfaction)) errors.push({ field: 'satisfaction', code: 'required' });
	const text = requireText(errors, 'text', input.text, LIMITS.note);
	return check(errors, () => ({ type: 'feedback', text, satisfaction }));
}

export const DECISION_LIMITS = { decision: 2000, department: 60 };

/** A dispatch meeting's decision on an open tier-4 entry, with the department that answers for it. */
export function decide(entry: EntryState, input: { decision?: string; department?: string; meetingDate?: string }): Result<EventDraft> {
	const errors: RuleError[] = [];
	requireOpen(errors, entry);
	if (entry.tier !== 4) errors.push({ field: 'tier', code: 'not-dispatched' });
	const decision = requireText(errors, 'decision', input.decision, DECISION_LIMITS.decision);
	const department = requireText(errors, 'department', input.department, DECISION_LIMITS.department);
	if (!isIsoDate(input.meetingDate)) errors.push({ field: 'meetingDate', code: 'invalid' });
	return check(errors, () => ({ type: 'decided', decision, department, meetingDate: input.meetingDate as string }));
}
