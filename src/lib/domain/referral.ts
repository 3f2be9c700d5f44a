// The seed's last step of escalation: what the 25th's dispatch meeting cannot settle is "submitted
// to the district standing committee (区委常委会) or the district government's executive meeting
// (区政府常务会) for collective study". The meeting refers the entry on; the office later records the
// outcome. Both are timeline events the server writes (`referred`, `referral-settled`): a client's
// are refused by the relay (server/documents/board-rules.ts).
import { daysBetween, isIsoDate } from './dates';
import { REFERRAL_BODIES, type EntryState, type EventDraft, type ReferralBody } from './ledger';
import { check, optionalText, requireText, type Result, type RuleError } from './result';

export const REFERRAL_LIMITS = { note: 2000, outcome: 2000, department: 60 };

/** Referred and no outcome recorded yet. */
export const referralOpen = (e: Pick<EntryState, 'referral'>): boolean => !!e.referral && !e.referral.outcome;

/** Whole days a referral has waited (or waited until its outcome), by the server's calendar. */
export function referralAge(referral: NonNullable<EntryState['referral']>, today: string): number {
	return Math.max(0, daysBetween(referral.on, referral.outcome?.on ?? today));
}

/** The meeting refers an open tier-4 entry on; one referral is open at a time. */
export function refer(entry: EntryState, input: { body?: string; note?: string }, meetingDate: string, today: string): Result<EventDraft> {
	const errors: RuleError[] = [];
	if (entry.status !== 'open') errors.push({ field: 'status', code: 'not-open' });
	if (entry.tier !== 4) errors.push({ field: 'tier', code: 'not-dispatched' });
	if (referralOpen(entry)) errors.push({ field: 'referral', code: 'already-referred' });
	const body = input.body as ReferralBody;
	if (!REFERRAL_BODIES.includes(body)) errors.push({ field: 'body', code: 'required' });
	const note = optionalText(errors, 'note', input.note, REFERRAL_LIMITS.note);
	if (!isIsoDate(meetingDate)) errors.push({ field: 'meetingDate', code: 'invalid' });
	if (!isIsoDate(today)) errors.push({ field: 'on', code: 'invalid' });
	return check(errors, () => ({ type: 'referred', body, note, meetingDate, on: today }));
}

/** The outcome of the collective study; a department named answers for the entry from then on. */
export function settleReferral(entry: EntryState, input: { text?: string; department?: string }, today: string): Result<EventDraft> {
	const errors: RuleError[] = [];
	if (!entry.referral) errors.push({ field: 'referral', code: 'not-referred' });
	else if (entry.referral.outcome) errors.push({ field: 'referral', code: 'already-settled' });
	const text = requireText(errors, 'text', input.text, REFERRAL_LIMITS.outcome);
	const department = optionalText(errors, 'department', input.department, REFERRAL_LIMITS.department);
	if (!isIsoDate(today)) errors.push({ field: 'on', code: 'invalid' });
	return check(errors, () => ({ type: 'referral-settled', text, department, on: today }));
}
