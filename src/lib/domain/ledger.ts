// The ledger (驻点工作台账): one entry per problem a resident raised.
// An entry is two things: facts that anyone may correct (last writer wins, field by field) and a
// timeline that only grows. Everything with a rule attached — tier, responsible person, deadline,
// status, reopen count — is derived from the timeline, so two phones that were offline for a
// week merge into a state the rules still hold for: the tier is the highest escalation anyone
// recorded, never a lower value that happened to win a merge.
import { newId } from './ids';

export const TIERS = [1, 2, 3, 4] as const;
export type Tier = (typeof TIERS)[number];

/** Tier 1 is solved on site on the duty day; from tier 2 up someone answers for it by a date. */
export const tierNeedsOwner = (tier: Tier): boolean => tier >= 2;

export type EntryStatus = 'open' | 'solved' | 'closed';
export const CLOSE_REASONS = ['duplicate', 'not-our-duty', 'withdrawn', 'unreachable', 'other'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
export const SATISFACTIONS = ['satisfied', 'dissatisfied', 'no-answer'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
/** Where the dispatch meeting refers what it cannot settle: 区委常委会 or 区政府常务会, for collective study. */
export const REFERRAL_BODIES = ['standing-committee', 'executive-meeting'] as const;
export type ReferralBody = (typeof REFERRAL_BODIES)[number];

export const LIMITS = { content: 2000, place: 200, name: 60, note: 2000, category: 40 };

/** Fields anyone on the team may correct; the last write wins. */
export interface EntryFacts {
	id: string;
	content: string;
	place: string;
	category: string;
	/** The day the resident raised it (YYYY-MM-DD). */
	receivedOn: string;
	/**
	 * The reporter: personal data, kept in the station's contacts document (team only), never in
	 * the board (docs/data-model.md). Present here only where a team member's form carries it.
	 */
	reporterName?: string;
	reporterPhone?: string;
	/** Private by default: the reporter's name and phone never leave the team. */
	reporterPrivate?: boolean;
	/** The household visit this problem was raised on, if any. */
	visitId: string;
	createdAt: number;
	createdBy: string;
}

interface Stamp {
	id: string;
	/** Milliseconds since the epoch, from the device that recorded it. */
	at: number;
	/** Display name of who recorded it. */
	by: string;
}

export type EventDraft =
	| { type: 'created' }
	| { type: 'note'; text: string }
	// `departments`: the functional departments a tier-3 entry brings together (absent on events
	// recorded before it existed, and optional above tier 3).
	| { type: 'escalated'; tier: Tier; responsible: string; deadline: string; text: string; departments?: string[] }
	| { type: 'assigned'; responsible: string }
	| { type: 'extended'; deadline: string; reason: string }
	| { type: 'solved'; text: string }
	| { type: 'closed'; reason: CloseReason; text: string }
	/** `handledAt`: the `closedAt` of the handling it undoes (absent in events of before solved entries could be reopened: a closure's). */
	| { type: 'reopened'; text: string; handledAt?: number }
	| { type: 'feedback'; text: string; satisfaction: Satisfaction }
	// Written by the server when the dispatch meeting (调度会) decides a tier-4 entry.
	| { type: 'decided'; decision: string; department: string; meetingDate: string }
	// Written by the server: the dispatch meeting refers the entry on for collective study (`on`: the
	// server's day it was recorded), and later the office records the outcome (referral.ts).
	| { type: 'referred'; body: ReferralBody; note: string; meetingDate: string; on: string }
	| { type: 'referral-settled'; text: string; department: string; on: string };

export type TimelineEvent = Stamp & EventDraft;

export interface EntryState extends EntryFacts {
	tier: Tier;
	responsible: string;
	deadline: string;
	status: EntryStatus;
	/** What was done (solved) or why it was closed (closed). */
	outcome: string;
	closeReason: CloseReason | '';
	closedAt: number;
	feedback: { text: string; satisfaction: Satisfaction; at: number } | null;
	reopenCount: number;
	extensionCount: number;
	/** The departments involved, from the escalation that set the tier (empty when none were named). */
	departments: string[];
	/** The latest decision of a dispatch meeting on this entry. */
	decision: { decision: string; department: string; meetingDate: string; at: number } | null;
	/** The latest referral on to the standing committee or the executive meeting, and its outcome once recorded. */
	referral: Referral | null;
	updatedAt: number;
	timeline: TimelineEvent[];
}

export interface Referral {
	body: ReferralBody;
	note: string;
	meetingDate: string;
	/** The day it was referred (the server's calendar). */
	on: string;
	at: number;
	by: string;
	outcome: { text: string; department: string; on: string; at: number; by: string } | null;
}

/** The facts anyone on the team may edit, as the board holds them (the reporter: the contacts document). */
export const EDITABLE_FACTS = ['content', 'place', 'category', 'receivedOn', 'visitId'] as const satisfies readonly (keyof EntryFacts)[];
export type EditableFacts = Pick<EntryFacts, (typeof EDITABLE_FACTS)[number]>;

/**
 * An event as a timeline keeps it: its own id, when and by whom — after every event `after` (those the phone shows)
 * stamped up to a day ahead of this clock, whatever the clocks (one from a clock years out is not followed: it would date every later step).
 */
export const stampEvent = (draft: EventDraft, by: string, at: number, after: readonly TimelineEvent[] = []): TimelineEvent => ({ id: newId(), at: after.reduce((t, e) => (e.at < at + 86_400_000 ? Math.max(t, e.at + 1) : t), at), by, ...draft });

/**
 * The state an entry has once `event` is on its timeline, or its facts are patched: what the board
 * will derive from it, shown by the page before the documents' worker has made the edit (issue 11).
 */
export const withEvent = (state: EntryState, event: TimelineEvent): EntryState => deriveEntry(state, [...state.timeline, event]);

export function withFacts(state: EntryState, patch: Partial<EditableFacts>): EntryState {
	const facts: EntryFacts = { ...state };
	for (const key of EDITABLE_FACTS) if (key in patch) (facts as unknown as Record<string, unknown>)[key] = patch[key];
	return deriveEntry(facts, state.timeline);
}

const byTime = (a: TimelineEvent, b: TimelineEvent) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Replays the timeline. Events are ordered by time, then id, so every device derives the same state. */
export function deriveEntry(facts: EntryFacts, events: readonly TimelineEvent[]): EntryState {
	const timeline = [...events].sort(byTime);
	const s: EntryState = {
		...facts,
		tier: 1,
		responsible: '',
		deadline: '',
		status: 'open',
		outcome: '',
		closeReason: '',
		closedAt: 0,
		feedback: null,
		reopenCount: 0,
		extensionCount: 0,
		departments: [],
		decision: null,
		referral: null,
		updatedAt: facts.createdAt,
		timeline
	};
	for (const e of timeline) {
		s.updatedAt = Math.max(s.updatedAt, e.at);
		switch (e.type) {
			case 'escalated':
				// A concurrent, lower escalation that arrives late is history, not a step down.
				if (e.tier > s.tier) {
					s.tier = e.tier;
					s.responsible = e.responsible;
					s.deadline = e.deadline;
					// Escalating to tier 4 keeps the departments tier 3 named unless it names others.
					if (e.departments?.length) s.departments = [...e.departments];
				}
				break;
			case 'decided':
				// The meeting makes a department answer for the entry.
				s.decision = { decision: e.decision, department: e.department, meetingDate: e.meetingDate, at: e.at };
				s.responsible = e.department;
				break;
			case 'referred':
				s.referral = { body: e.body, note: e.note, meetingDate: e.meetingDate, on: e.on, at: e.at, by: e.by, outcome: null };
				break;
			case 'referral-settled':
				// The outcome settles the referral it follows; one recorded twice keeps the first.
				if (s.referral && !s.referral.outcome) {
					s.referral = { ...s.referral, outcome: { text: e.text, department: e.department, on: e.on, at: e.at, by: e.by } };
					if (e.department) s.responsible = e.department;
				}
				break;
			case 'assigned':
				s.responsible = e.responsible;
				break;
			case 'extended':
				// Two extensions granted offline merge to the later deadline, never back to an earlier one.
				if (e.deadline > s.deadline) s.deadline = e.deadline;
				s.extensionCount++;
				break;
			case 'solved':
			case 'closed':
				s.status = e.type;
				s.outcome = e.text;
				s.closeReason = e.type === 'closed' ? e.reason : '';
				s.closedAt = e.at;
				break;
			case 'reopened':
				// The team takes a handled entry up again (closed or solved by mistake): not a 重办,
				// which is the resident's answer. It undoes the handling it was made on: one merged
				// after that was undone and the entry handled again meanwhile, or after the resident
				// answered on it (the answer decides then), changes nothing.
				if (s.status !== 'open' && !answeredSinceClosed(s) && (e.handledAt === undefined ? s.status === 'closed' : e.handledAt === s.closedAt)) {
					s.status = 'open';
					s.outcome = '';
					s.closeReason = '';
					s.closedAt = 0;
				}
				break;
			case 'feedback':
				s.feedback = { text: e.text, satisfaction: e.satisfaction, at: e.at };
				// 重办: a dissatisfied resident sends the entry back to work, and that is counted.
				if (e.satisfaction === 'dissatisfied' && s.status !== 'open') {
					s.status = 'open';
					s.closedAt = 0;
					s.reopenCount++;
				}
				break;
		}
	}
	return s;
}

/** The resident's feedback recorded on the entry's latest closure (not an earlier round's). */
const answeredSinceClosed = (s: Pick<EntryState, 'feedback' | 'closedAt'>): boolean => !!s.feedback && s.feedback.at >= s.closedAt;

/** Whether the team may reopen the entry (reopen below): solved or closed, and the resident not yet told. */
export const canReopen = (s: Pick<EntryState, 'status' | 'feedback' | 'closedAt'>): boolean => s.status !== 'open' && !answeredSinceClosed(s);

/** Overdue is never stored: an open entry whose deadline day has passed. */
export function isOverdue(entry: Pick<EntryState, 'status' | 'deadline'>, today: string): boolean {
	return entry.status === 'open' && entry.deadline !== '' && entry.deadline < today;
}

/** For the on-time rate: handled on or before its deadline (entries without one are on time). */
export function handledOnTime(entry: EntryState, closedOn: string): boolean {
	return entry.deadline === '' || closedOn <= entry.deadline;
}

// The commands (each checks its rule and yields the event to append): ledger-commands.ts.
export * from './ledger-commands';
