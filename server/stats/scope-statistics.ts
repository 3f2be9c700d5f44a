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

export function stationStatistics(directory: Directory, derived: DerivedCache, stationId: string, period: Period, today: string): Statistics {
	const input = derived.stats(stationId);
	const cadres = directory.teamOf(stationId).filter((m) => m.role === 'cadre').map((m) => m.person.name);
	// Visits are counted per cadre and month against 50: a period of three months is three targets.
	const visits = combineVisits(monthsOf(period).map((month) => visitStatistics(input.visits, cadres, month)));
	return { ledger: ledgerStatistics(input.entries, period, today), visits, ideas: ideaStatistics(input.ideas, period) };
}

export function scopeStatistics(directory: Directory, derived: DerivedCache, scope: Scope, period: Period, today: string) {
	const perStation = scope.stations.map((s) => ({ station: s, stats: stationStatistics(directory, derived, s.id, period, today) }));
	const total = combine(perStation.map((p) => p.stats));
	const { progress: _progress, ...visits } = total.visits;
	return {
		scope: { kind: scope.kind, id: scope.id, name: scope.name },
		period,
		today,
		ledger: total.ledger,
		rates: ledgerRates(total.ledger),
		averageDays: averageDaysToClose(total.ledger),
		visits,
		ideas: total.ideas,
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
			visitTarget: stats.visits.target
		}))
	};
}

export type ScopeStatistics = ReturnType<typeof scopeStatistics>;
