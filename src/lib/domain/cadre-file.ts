// The cadre's file (驻点干部档案, domain.md "The cadre's file and the rating"): each month, the
// required actions (规定动作) — duty day attended or on leave, at least 50 households visited,
// 3–5 ties kept, the ledger handled — and the optional actions (自选动作), free-form. The
// half-year view is what the cadre reports on at the review (述职评议).
import { dutyDate, lastDayOf, type CalendarSettings } from './calendar';
import { monthOf, toIsoDate } from './dates';
import { halfYearMonths, type HalfYear } from './half-year';
import { deriveEntry, type EntryState } from './ledger';
import { monthProgress, tieStatus, type Help, type MonthProgress, type Tie, type TieStatus, type Visit } from './visits';

/** The cadre was at the station on a duty day. */
export interface AttendanceRecord {
	cadre: string;
	date: string;
}

/** 驻点日请假: asked for by the cadre, decided by the office. */
export interface LeaveRecord {
	cadre: string;
	/** The duty day it is for. */
	date: string;
	decision: 'pending' | 'approved' | 'refused';
}

export interface OptionalAction {
	date: string;
	text: string;
}

export interface CadreRecords {
	/** As written on visits and ties (Visit.visitor, Tie.visitor), attendance and leave. */
	cadre: string;
	calendar: CalendarSettings;
	today: string;
	/**
	 * The day the person became the station's cadre (YYYY-MM-DD); '' when unknown, which counts
	 * every month. Nothing before it is held against them: they were not there to do it.
	 */
	assignedOn?: string;
	attendance: readonly AttendanceRecord[];
	leave: readonly LeaveRecord[];
	visits: readonly Visit[];
	ties: readonly Tie[];
	help: readonly Help[];
	/** The ledger of the cadre's station. */
	entries: readonly EntryState[];
	optionalActions: readonly OptionalAction[];
}

export const REQUIRED_ACTIONS = ['duty-day', 'visits', 'ties', 'ledger'] as const;
export type RequiredAction = (typeof REQUIRED_ACTIONS)[number];

/**
 * Met as soon as the condition holds; missed only once it can no longer be met (the duty day has
 * passed, or the month has ended); pending until then; not counted when it fell before the cadre
 * was assigned (a duty day before the assignment, a month not wholly at the station, unless met).
 */
export type Outcome = 'met' | 'missed' | 'pending' | 'not-counted';

export type DutyDayStatus = 'attended' | 'on-leave' | 'absent' | 'upcoming' | 'not-assigned';

export interface CadreMonth {
	month: string;
	dutyDay: { date: string; status: DutyDayStatus; outcome: Outcome };
	visits: MonthProgress & { outcome: Outcome };
	ties: { active: number; status: TieStatus; helpLogged: number; tiesHelped: number; outcome: Outcome };
	/** The station's ledger: received and handled (solved or closed) in the month, and overdue at its end. */
	ledger: { received: number; handled: number; overdue: number; outcome: Outcome };
	optionalActions: OptionalAction[];
	missed: RequiredAction[];
}

const outcome = (met: boolean, over: boolean): Outcome => (met ? 'met' : over ? 'missed' : 'pending');
/** A month the cadre was not at the station from its first day: what was done counts, nothing is missed. */
const partial = (o: Outcome): Outcome => (o === 'met' ? o : 'not-counted');

/**
 * Attendance and leave match by month rather than by date, so a duty day moved for a holiday still
 * counts. Attending wins over leave; leave that was refused or never decided is no excuse.
 */
function dutyDayStatus(r: CadreRecords, month: string, date: string): DutyDayStatus {
	const mine = <T extends { cadre: string; date: string }>(x: T) => x.cadre === r.cadre && monthOf(x.date) === month;
	if (r.attendance.some(mine)) return 'attended';
	if (r.leave.some((l) => mine(l) && l.decision === 'approved')) return 'on-leave';
	if (r.assignedOn && date < r.assignedOn) return 'not-assigned';
	return date < r.today ? 'absent' : 'upcoming';
}

/**
 * Ties have no end date, only `ended`: a past month counts the ties begun by its end and not ended
 * since. Help given in the month is reported; the rule (3–5 ties) does not ask for help every month.
 */
function tiesOf(r: CadreRecords, end: string) {
	const mine = r.ties.filter((t) => t.visitor === r.cadre);
	const { active, status } = tieStatus(
		mine.filter((t) => t.since <= end),
		r.cadre
	);
	const ids = new Set(mine.map((t) => t.id));
	const month = monthOf(end);
	const helped = r.help.filter((h) => ids.has(h.tieId) && monthOf(h.date) === month);
	return { active, status, helpLogged: helped.length, tiesHelped: new Set(helped.map((h) => h.tieId)).size };
}

/**
 * The month as its ledger stood at its end (or today, in the current month): received in it, handled
 * in it (solved or closed then), and overdue then (past the deadline it had that day, not yet
 * handled). A month's file is what the cadre is rated on, so nothing recorded after its end changes
 * it: an entry sent back to work (重办) or reopened later stays handled in the month it was, and an
 * extension granted later does not excuse a day it was overdue.
 */
function ledgerOf(entries: readonly EntryState[], month: string, asOf: string) {
	let received = 0;
	let handled = 0;
	let overdue = 0;
	for (const now of entries) {
		if (now.receivedOn > asOf) continue;
		if (monthOf(now.receivedOn) === month) received++;
		const e = asItStood(now, asOf);
		const closedOn = e.status === 'open' ? '' : toIsoDate(e.closedAt);
		if (closedOn && monthOf(closedOn) === month) handled++;
		if (closedOn === '' && e.deadline !== '' && e.deadline < asOf) overdue++;
	}
	return { received, handled, overdue };
}

/** The entry as its timeline had it at the end of `day`: the same entry when nothing came after. */
function asItStood(entry: EntryState, day: string): EntryState {
	const then = entry.timeline.filter((ev) => toIsoDate(ev.at) <= day);
	return then.length === entry.timeline.length ? entry : deriveEntry(entry, then);
}

export function cadreMonth(r: CadreRecords, month: string): CadreMonth {
	const end = lastDayOf(month);
	const monthOver = end < r.today;
	const asOf = monthOver ? end : r.today;

	const date = dutyDate(r.calendar, month);
	const status = dutyDayStatus(r, month, date);
	const dutyDay = { date, status, outcome: status === 'not-assigned' ? ('not-counted' as const) : outcome(status === 'attended' || status === 'on-leave', status === 'absent') };
	const wholeMonth = !r.assignedOn || r.assignedOn <= `${month}-01`;
	const counted = (o: Outcome) => (wholeMonth ? o : partial(o));

	const progress = monthProgress(r.visits, r.cadre, month);
	const visits = { ...progress, outcome: counted(outcome(progress.met, monthOver)) };

	const t = tiesOf(r, end);
	const ties = { ...t, outcome: counted(outcome(t.status === 'ok', monthOver)) };

	const l = ledgerOf(r.entries, month, asOf);
	// The station's ledger before the cadre came is not theirs to answer for.
	const ledger = { ...l, outcome: r.assignedOn && end < r.assignedOn ? ('not-counted' as const) : counted(outcome(l.overdue === 0, monthOver)) };

	const outcomes: Record<RequiredAction, Outcome> = {
		'duty-day': dutyDay.outcome,
		visits: visits.outcome,
		ties: ties.outcome,
		ledger: ledger.outcome
	};
	return {
		month,
		dutyDay,
		visits,
		ties,
		ledger,
		optionalActions: r.optionalActions.filter((a) => monthOf(a.date) === month),
		missed: REQUIRED_ACTIONS.filter((a) => outcomes[a] === 'missed')
	};
}

export interface CadreHalfYear {
	half: HalfYear;
	months: CadreMonth[];
	totals: {
		dutyDaysAttended: number;
		dutyDaysOnLeave: number;
		dutyDaysAbsent: number;
		households: number;
		/** Months with at least 50 households. */
		visitMonthsMet: number;
		helpLogged: number;
		entriesReceived: number;
		entriesHandled: number;
		optionalActions: number;
	};
	/** The months where a required action was missed, and which. */
	missed: { month: string; actions: RequiredAction[] }[];
}

export function cadreHalfYear(r: CadreRecords, half: HalfYear): CadreHalfYear {
	const months = halfYearMonths(half).map((m) => cadreMonth(r, m));
	const count = (f: (m: CadreMonth) => boolean) => months.filter(f).length;
	const sum = (f: (m: CadreMonth) => number) => months.reduce((n, m) => n + f(m), 0);
	return {
		half,
		months,
		totals: {
			dutyDaysAttended: count((m) => m.dutyDay.status === 'attended'),
			dutyDaysOnLeave: count((m) => m.dutyDay.status === 'on-leave'),
			dutyDaysAbsent: count((m) => m.dutyDay.status === 'absent'),
			households: sum((m) => m.visits.households),
			visitMonthsMet: count((m) => m.visits.met),
			helpLogged: sum((m) => m.ties.helpLogged),
			entriesReceived: sum((m) => m.ledger.received),
			entriesHandled: sum((m) => m.ledger.handled),
			optionalActions: sum((m) => m.optionalActions.length)
		},
		missed: months.filter((m) => m.missed.length > 0).map((m) => ({ month: m.month, actions: m.missed }))
	};
}
