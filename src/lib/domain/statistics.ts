// Statistics for a station, a street or the district over a period (domain.md, "Bulletins and
// statistics" and the standard rates under "The ledger"). A station's figures are counts; a street's
// or the district's are the sums of its stations' counts, and every rate is recomputed from the
// summed counts: averaging the stations' rates would weigh a station of 3 entries like one of 3,000.
//
// Entries belong to the period by the day they were received, and are counted in the state they
// are in now (a cohort): "solved" means received in the period and solved since.
import { daysBetween, toIsoDate } from './dates';
import { IDEA_STAGES, type IdeaStage, type IdeaState } from './ideas';
import { handledOnTime, isOverdue, TIERS, type EntryState, type Tier } from './ledger';
import { combineService, emptyService, type ServiceCounts } from './service';
import { monthProgress, type MonthProgress, type Visit } from './visits';

/** Inclusive, YYYY-MM-DD. */
export interface Period {
	from: string;
	to: string;
}

const inPeriod = (day: string, p: Period) => day >= p.from && day <= p.to;

type PerTier<T> = Record<Tier, T>;
const perTier = <T>(make: () => T): PerTier<T> => ({ 1: make(), 2: make(), 3: make(), 4: make() });

export interface LedgerCounts {
	collected: number;
	solved: number;
	/** Closed without being solved (duplicate, not our duty …). */
	closed: number;
	open: number;
	/** Open and past the deadline, as of the `today` given. */
	overdue: number;
	/** With at least one handling event after 'created': a note, an escalation, solved or closed. */
	responded: number;
	/** Solved or closed, with a deadline: the on-time rate's denominator … */
	handledWithDeadline: number;
	/** … and those handled on or before it (the deadline after any extension). */
	handledOnTime: number;
	/** Entries whose latest feedback has an answer (not 'no-answer') … */
	feedbackAnswered: number;
	/** … and those where it is 'satisfied'. */
	satisfied: number;
	/** Times a dissatisfied answer sent an entry back to work (重办) … */
	reopens: number;
	/** … and the entries that were sent back at least once. */
	reopenedEntries: number;
	/**
	 * Entries the dispatch meeting referred on (区委常委会 / 区政府常务会) on a day within the period,
	 * whatever day they were received … */
	referred: number;
	/** … and of them, those whose outcome has been recorded since. */
	referralsSettled: number;
	byTier: PerTier<number>;
	/** Solved or closed entries per tier, and their days from receipt to closing, summed. */
	closingByTier: PerTier<{ entries: number; days: number }>;
	byCategory: Record<string, number>;
}

const HANDLING = new Set(['note', 'escalated', 'solved', 'closed']);

function hasResponse(e: EntryState): boolean {
	for (const event of e.timeline) if (HANDLING.has(event.type)) return true;
	return false;
}

// A district has 200,000 entries but only a few hundred distinct days: the day arithmetic of
// dates.ts is memoised per call instead of parsing two dates for every closed entry.
function dayMemo() {
	const isoByQuarterHour = new Map<number, string>();
	const dayNumbers = new Map<string, number>();
	return {
		/** toIsoDate(at): every time zone's midnight falls on a quarter hour, so the day is the same within one. */
		isoDate(at: number): string {
			const key = Math.floor(at / 900_000);
			let iso = isoByQuarterHour.get(key);
			if (iso === undefined) isoByQuarterHour.set(key, (iso = toIsoDate(at)));
			return iso;
		},
		/** daysBetween(a, b), as the difference of two day numbers. */
		daysBetween(a: string, b: string): number {
			return this.dayNumber(b) - this.dayNumber(a);
		},
		dayNumber(iso: string): number {
			let n = dayNumbers.get(iso);
			if (n === undefined) dayNumbers.set(iso, (n = daysBetween('1970-01-01', iso)));
			return n;
		}
	};
}

/** One pass over the entries; entries outside the period cost one string comparison. */
export function ledgerStatistics(entries: Iterable<EntryState>, period: Period, today: string): LedgerCounts {
	const c = emptyLedgerCounts();
	const categories = new Map<string, number>();
	const days = dayMemo();
	for (const e of entries) {
		if (e.referral && inPeriod(e.referral.on, period)) {
			c.referred++;
			if (e.referral.outcome) c.referralsSettled++;
		}
		if (!inPeriod(e.receivedOn, period)) continue;
		c.collected++;
		c.byTier[e.tier]++;
		categories.set(e.category, (categories.get(e.category) ?? 0) + 1);
		if (e.status === 'open') {
			c.open++;
			if (isOverdue(e, today)) c.overdue++;
		} else {
			if (e.status === 'solved') c.solved++;
			else c.closed++;
			const closedOn = days.isoDate(e.closedAt);
			if (e.deadline !== '') {
				c.handledWithDeadline++;
				if (handledOnTime(e, closedOn)) c.handledOnTime++;
			}
			const closing = c.closingByTier[e.tier];
			closing.entries++;
			// Never below 0: the receipt is dated by the phone and the closing read from its timestamp,
			// and a clock off by a day (or a server in another zone, docs/deploy.md) must not make it negative.
			closing.days += Math.max(0, days.daysBetween(e.receivedOn, closedOn));
		}
		if (hasResponse(e)) c.responded++;
		if (e.feedback && e.feedback.satisfaction !== 'no-answer') {
			c.feedbackAnswered++;
			if (e.feedback.satisfaction === 'satisfied') c.satisfied++;
		}
		if (e.reopenCount > 0) {
			c.reopens += e.reopenCount;
			c.reopenedEntries++;
		}
	}
	c.byCategory = Object.fromEntries(categories);
	return c;
}

export function emptyLedgerCounts(): LedgerCounts {
	return {
		collected: 0,
		solved: 0,
		closed: 0,
		open: 0,
		overdue: 0,
		responded: 0,
		handledWithDeadline: 0,
		handledOnTime: 0,
		feedbackAnswered: 0,
		satisfied: 0,
		reopens: 0,
		reopenedEntries: 0,
		referred: 0,
		referralsSettled: 0,
		byTier: perTier(() => 0),
		closingByTier: perTier(() => ({ entries: 0, days: 0 })),
		byCategory: {}
	};
}

const SUMMED = [
	'collected',
	'solved',
	'closed',
	'open',
	'overdue',
	'responded',
	'handledWithDeadline',
	'handledOnTime',
	'feedbackAnswered',
	'satisfied',
	'reopens',
	'reopenedEntries',
	'referred',
	'referralsSettled'
] as const satisfies readonly (keyof LedgerCounts)[];

/** A street's or the district's counts: the sum of its stations'. */
export function combineLedger(list: readonly LedgerCounts[]): LedgerCounts {
	const sum = emptyLedgerCounts();
	const categories = new Map<string, number>();
	for (const c of list) {
		for (const key of SUMMED) sum[key] += c[key];
		for (const tier of TIERS) {
			sum.byTier[tier] += c.byTier[tier];
			sum.closingByTier[tier].entries += c.closingByTier[tier].entries;
			sum.closingByTier[tier].days += c.closingByTier[tier].days;
		}
		for (const [category, n] of Object.entries(c.byCategory)) categories.set(category, (categories.get(category) ?? 0) + n);
	}
	sum.byCategory = Object.fromEntries(categories);
	return sum;
}

/** Fractions from 0 to 1; null when there is nothing to divide by. */
export interface LedgerRates {
	/** 响应率: responded / collected. */
	response: number | null;
	/** 解决率: solved / collected (the seed's 1,272 of 1,580 = 80.5%). */
	resolution: number | null;
	/** On-time rate: handled by the deadline / handled entries that had a deadline. */
	onTime: number | null;
	/** 满意率: satisfied / feedback with an answer; 'no-answer' is left out. */
	satisfaction: number | null;
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

export function ledgerRates(c: LedgerCounts): LedgerRates {
	return {
		response: ratio(c.responded, c.collected),
		resolution: ratio(c.solved, c.collected),
		onTime: ratio(c.handledOnTime, c.handledWithDeadline),
		satisfaction: ratio(c.satisfied, c.feedbackAnswered)
	};
}

/** Average whole days from receipt to closing (solved or closed), per tier; null for none. */
export function averageDaysToClose(c: LedgerCounts): PerTier<number | null> {
	const avg = (t: Tier) => ratio(c.closingByTier[t].days, c.closingByTier[t].entries);
	return { 1: avg(1), 2: avg(2), 3: avg(3), 4: avg(4) };
}

// ——— Visits against the target (domain.md, "Visits": at least 50 households a month).

export interface VisitCounts {
	/** Cadres expected to visit. */
	visitors: number;
	/** Of them, those who reached the target. */
	met: number;
	households: number;
	people: number;
	visits: number;
	/** 50 per visitor. */
	target: number;
	progress: (MonthProgress & { visitor: string })[];
}

/** Each visitor's month, with the visits bucketed first so the cost is one pass, not one per visitor. */
export function visitStatistics(visits: Iterable<Visit>, visitors: readonly string[], month: string): VisitCounts {
	const buckets = new Map<string, Visit[]>(visitors.map((v) => [v, []]));
	for (const v of visits) buckets.get(v.visitor)?.push(v);
	const progress = [...buckets].map(([visitor, own]) => ({ visitor, ...monthProgress(own, visitor, month) }));
	return sumVisits(progress);
}

function sumVisits(progress: VisitCounts['progress']): VisitCounts {
	const c: VisitCounts = { visitors: progress.length, met: 0, households: 0, people: 0, visits: 0, target: 0, progress };
	for (const p of progress) {
		if (p.met) c.met++;
		c.households += p.households;
		c.people += p.people;
		c.visits += p.visits;
		c.target += p.target;
	}
	return c;
}

/** A cadre serves one station, so the stations' lists simply join. */
export function combineVisits(list: readonly VisitCounts[]): VisitCounts {
	return sumVisits(list.flatMap((c) => c.progress));
}

// ——— Ideas (domain.md, "Ideas": collected → valuable → adopted → implemented).

/** Ideas that reached each stage on a day within the period. */
export type IdeaCounts = Record<IdeaStage, number>;

export function ideaStatistics(ideas: Iterable<IdeaState>, period: Period): IdeaCounts {
	const c: IdeaCounts = { collected: 0, valuable: 0, adopted: 0, implemented: 0 };
	for (const idea of ideas) {
		if (inPeriod(toIsoDate(idea.createdAt), period)) c.collected++;
		// An idea reaches a stage with its first step at that stage or beyond (the history is in time order).
		let reached = 0;
		for (const step of idea.history) {
			const rank = IDEA_STAGES.indexOf(step.stage);
			if (rank <= reached) continue;
			const on = toIsoDate(step.at);
			for (let r = reached + 1; r <= rank; r++) if (inPeriod(on, period)) c[IDEA_STAGES[r]]++;
			reached = rank;
		}
	}
	return c;
}

export function combineIdeas(list: readonly IdeaCounts[]): IdeaCounts {
	const c: IdeaCounts = { collected: 0, valuable: 0, adopted: 0, implemented: 0 };
	for (const one of list) for (const stage of IDEA_STAGES) c[stage] += one[stage];
	return c;
}

// ——— A station's statistics, and a street's or the district's.

export interface Statistics {
	ledger: LedgerCounts;
	visits: VisitCounts;
	ideas: IdeaCounts;
	/** Cards handed out, help person-times, cadres taking part (service.ts). */
	service: ServiceCounts;
}

export function combine(list: readonly Statistics[]): Statistics {
	return {
		ledger: combineLedger(list.map((s) => s.ledger)),
		visits: combineVisits(list.map((s) => s.visits)),
		ideas: combineIdeas(list.map((s) => s.ideas)),
		service: list.length ? combineService(list.map((s) => s.service)) : emptyService()
	};
}
