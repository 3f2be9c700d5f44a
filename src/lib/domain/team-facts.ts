// What the board says about a station today, in the shape dueReminders (calendar.ts) reads.
import type { TeamFacts } from './calendar';
import { monthOf } from './dates';
import { awaitsDecision } from './escalation';
import { isOverdue, type EntryState } from './ledger';
import type { Notice } from './notices';

export interface TeamFactsInput {
	notices: readonly Pick<Notice, 'status' | 'date'>[];
	entries: readonly (Pick<EntryState, 'id' | 'status' | 'tier' | 'deadline'> & Partial<Pick<EntryState, 'decision' | 'timeline'>>)[];
	/** Households visited this month, per cadre the device may see the visit log of (else empty). */
	visits: readonly { visitor: string; households: number }[];
	today: string;
}

/** The months whose duty day's announcement is posted (an announcement counts for the month of the duty day it announces). */
export function postedMonths(notices: TeamFactsInput['notices']): string[] {
	return [...new Set(notices.filter((n) => n.status === 'posted').map((n) => monthOf(n.date)))];
}

/**
 * The facts over the whole ledger. The due card keeps the ledger's part from one change to the
 * next instead (LedgerCounts: overdue and the open tier-4 entries, in the same order, by id).
 */
export function teamFacts({ notices, entries, visits, today }: TeamFactsInput): TeamFacts {
	const open = entries.filter((e) => e.status === 'open');
	return {
		announcementsPosted: postedMonths(notices),
		visits,
		openTier4: open
			.filter((e) => e.tier === 4 && awaitsDecision(e))
			.map((e) => e.id)
			.sort(),
		overdue: open.filter((e) => isOverdue(e, today)).length
	};
}
