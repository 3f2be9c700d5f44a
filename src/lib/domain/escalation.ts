// What escalation looks like across the wire (docs/api.md, "Escalation"): the server builds these
// from the boards and its dispatch tables; the app shows them. Types only.
import type { EntryState, EntryStatus, ReferralBody, Tier } from './ledger';

export interface EscalatedEntry {
	stationId: string;
	stationName: string;
	streetId: string;
	streetName: string;
	entryId: string;
	content: string;
	place: string;
	category: string;
	receivedOn: string;
	tier: Tier;
	departments: string[];
	responsible: string;
	deadline: string;
	overdue: boolean;
	decision: EntryState['decision'];
	/** Why it was escalated to its tier: the note of the latest escalation to it ('' if none was written). */
	escalationNote: string;
	/** The last few progress notes and decisions, newest first, so a leader sees where it stands. */
	recent: { at: number; by: string; type: string; text: string }[];
}

export type MeetingStatus = 'open' | 'closed';

export interface Meeting {
	id: string;
	date: string;
	status: MeetingStatus;
	minutes: string;
	openedBy: string;
	openedAt: number;
	closedBy: string;
	closedAt: number;
}

/** What the entry said when it went on the agenda: the minutes stay true after the board moves on. */
export interface AgendaSnapshot {
	stationName: string;
	streetName: string;
	content: string;
	category: string;
	tier: Tier;
	departments: string[];
	responsible: string;
	deadline: string;
	receivedOn: string;
	/** Why it came to the meeting (the tier-4 escalation's note); absent on items put on an agenda before it was kept. */
	escalationNote?: string;
}

export interface AgendaItem {
	id: string;
	meetingId: string;
	stationId: string;
	entryId: string;
	snapshot: AgendaSnapshot;
	decision: string;
	department: string;
	decidedBy: string;
	decidedAt: number;
}

/** An agenda item with where its entry stands on the board now (null: the entry is gone). */
export interface AgendaItemNow extends AgendaItem {
	current: { status: EntryStatus; tier: Tier; responsible: string } | null;
	/** The entry's latest referral on (区委常委会 / 区政府常务会), null when never referred. */
	referral: { id: string; body: ReferralBody; note: string; referredOn: string; outcome: string; settledOn: string } | null;
}

/** A referral on (区委常委会 / 区政府常务会) as the office's register keeps it (server/escalation/referrals.ts). */
export interface ReferralRecord {
	id: string;
	stationId: string;
	entryId: string;
	meetingId: string;
	body: ReferralBody;
	note: string;
	/** What the entry said when it was referred (the list stays readable if the board moves on). */
	content: string;
	stationName: string;
	referredBy: string;
	referredAt: number;
	/** The server's calendar day it was referred: the age counts from it. */
	referredOn: string;
	outcome: string;
	department: string;
	settledBy: string;
	settledAt: number;
	settledOn: string;
}

/** A referral on as the office's list shows it. */
export interface ReferralView extends ReferralRecord {
	open: boolean;
	/** Whole days from the referral to its outcome, or to today (the server's calendar). */
	ageDays: number;
	current: { status: EntryStatus; tier: Tier; responsible: string } | null;
}

export interface MeetingSummary extends Meeting {
	items: number;
	decided: number;
}

/**
 * Whether an open tier-4 entry waits for the dispatch meeting: never decided, or sent back to work
 * (重办, the resident dissatisfied) since its decision. A decided entry is the named department's
 * to carry out: it does not come up again at every meeting.
 */
export function awaitsDecision(entry: Partial<Pick<EntryState, 'decision' | 'timeline'>>): boolean {
	if (!entry.decision || !entry.timeline) return true;
	// In the timeline's order, as the entry is derived: a 重办 after the last decision.
	const last = entry.timeline.findLastIndex((e) => e.type === 'decided');
	return entry.timeline.slice(last + 1).some((e) => e.type === 'feedback' && e.satisfaction === 'dissatisfied');
}
