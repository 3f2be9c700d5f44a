// A scope's statistics over a period, from the cached derivations of its stations' documents
// (src/lib/domain/statistics.ts holds every rule; a street's or the district's figures are sums of
// its stations' counts, rates recomputed from the sums).
import { shiftMonth } from '../../src/lib/domain/calendar';
import { monthOf } from '../../src/lib/domain/dates';
import { MAX_PERIOD_MONTHS, monthsTouched } from '../../src/lib/domain/input';
import {
	averageDaysToClose,
	combine,
	combineVisits,
	ideaStatistics,
	ledgerRates,
	ledgerStatistics,
	visitStatistics,
	type Period,
	type Statistics
} from '../../src/lib/domain/statistics';
import { combineService, serviceStatistics, TAKING_PART_ROLES, type ServiceCounts } from '../../src/lib/domain/service';
import type { Directory } from '../accounts/directory';
import type { DerivedCache } from './derived-cache';
import type { Scope } from './scope';

/**
 * The months a period touches, YYYY-MM, in order. Counted, not compared as strings, so no input
 * loops forever; the API holds periods to MAX_PERIOD_MONTHS, and a longer one is a RangeError.
 */
export function monthsOf(p: Period): string[] {
	const first = monthOf(p.from);
	const count = monthsTouched(p.from, p.to);
	if (!Number.isInteger(count) || count > MAX_PERIOD_MONTHS) throw new RangeError(`period too long: ${p.from}..${p.to}`);
	return Array.from({ length: Math.max(0, count) }, (_, i) => shiftMonth(first, i));
}

/** Who checked in on a duty day at a station within a period (ids): the server's attendance (duty-records.ts). */
export type Attended = (stationId: string, period: Period) => string[];

/** Every day up to the period's end: the figures "to date" (累计) a bulletin states. */
export const toDate = (p: Period): Period => ({ from: '0000-01-01', to: p.to });

/** Who checked in, read from the database (duty-records.ts `attendedAt`). */
export type AttendedSource = (stationId: string, period: Period) => Promise<string[]>;

/**
 * Reads beforehand what scopeStatistics asks of `attended` for these stations (the period, and to
 * date), so the figures themselves stay synchronous. None when there is no source.
 */
export async function attendedFor(source: AttendedSource | undefined, stationIds: readonly string[], period: Period): Promise<Attended> {
	if (!source) return () => [];
	const key = (stationId: string, p: Period) => `${stationId} ${p.from} ${p.to}`;
	const read = new Map<string, string[]>();
	await Promise.all(stationIds.flatMap((id) => [period, toDate(period)].map(async (p) => read.set(key(id, p), await source(id, p)))));
	return (stationId, p) => {
		const ids = read.get(key(stationId, p));
		if (!ids) throw new Error(`attendance not read for ${key(stationId, p)}`);
		return ids;
	};
}

type StatsInput = Awaited<ReturnType<DerivedCache['stats']>>;

export function stationStatistics(directory: Directory, input: StatsInput, stationId: string, period: Period, today: string, attended: Attended = () => []): Statistics {
	const team = directory.activeTeamOf(stationId);
	const cadres = team.filter((m) => m.role === 'cadre').map((m) => m.person.name);
	// Visits are counted per cadre and month against 50: a period of three months is three targets.
	const visits = combineVisits(monthsOf(period).map((month) => visitStatistics(input.visits, cadres, month)));
	const service = serviceOf(input, team, stationId, period, attended);
	return { ledger: ledgerStatistics(input.entries, period, today), visits, ideas: ideaStatistics(input.ideas, period), service };
}

function serviceOf(input: StatsInput, team: ReturnType<Directory['teamOf']>, stationId: string, period: Period, attended: Attended): ServiceCounts {
	const takingPart = team.filter((m) => (TAKING_PART_ROLES as readonly string[]).includes(m.role)).map((m) => ({ id: m.person.id, name: m.person.name }));
	return serviceStatistics({ dutyDays: input.dutyDays, visits: input.visits, help: input.help, team: takingPart, attended: attended(stationId, period) }, period);
}

/** What the API says of service figures: counts, never who. */
const serviceFigures = ({ cadreIds, ...counts }: ServiceCounts) => ({ ...counts, cadres: cadreIds.length });

export async function scopeStatistics(directory: Directory, derived: DerivedCache, scope: Scope, period: Period, today: string, attended: Attended = () => []) {
	// Each station's derived input, read once (the documents may be in PostgreSQL); the figures are synchronous.
	const inputs = new Map<string, StatsInput>();
	for (const s of scope.stations) inputs.set(s.id, await derived.stats(s.id));
	const perStation = scope.stations.map((s) => ({ station: s, stats: stationStatistics(directory, inputs.get(s.id)!, s.id, period, today, attended) }));
	const total = combine(perStation.map((p) => p.stats));
	const { progress: _progress, ...visits } = total.visits;
	// To date: the same figures from the first record up to the period's end (cheap: the inputs are packed).
	const sinceStart = combineService(scope.stations.map((s) => serviceOf(inputs.get(s.id)!, directory.activeTeamOf(s.id), s.id, toDate(period), attended)));
	return {
		scope: { kind: scope.kind, id: scope.id, name: scope.name },
		period,
		today,
		ledger: total.ledger,
		rates: ledgerRates(total.ledger),
		averageDays: averageDaysToClose(total.ledger),
		visits,
		ideas: total.ideas,
		service: serviceFigures(total.service),
		serviceToDate: serviceFigures(sinceStart),
		stations: perStation.map(({ station, stats }) => ({
			id: station.id,
			name: station.name,
			streetName: station.streetName,
			collected: stats.ledger.collected,
			solved: stats.ledger.solved,
			open: stats.ledger.open,
			overdue: stats.ledger.overdue,
			resolution: ledgerRates(stats.ledger).resolution,
			households: stats.visits.households,
			visitTarget: stats.visits.target,
			cards: stats.service.cards,
			helpTimes: stats.service.helpTimes,
			cadres: stats.service.cadreIds.length
		}))
	};
}

export type ScopeStatistics = Awaited<ReturnType<typeof scopeStatistics>>;
