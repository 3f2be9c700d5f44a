// Statistics for a station, a street or the district over a period, and the ledger exported to
// CSV (issue 4, items 5 and 6). Rights: server/stats/scope.ts; figures: src/lib/domain/statistics.ts.
import type { IncomingMessage } from 'node:http';
import { readReporter } from '../../src/lib/documents/contacts';
import { toIsoDate } from '../../src/lib/domain/dates';
import { MAX_PERIOD_MONTHS, periodErrors } from '../../src/lib/domain/input';
import type { Period } from '../../src/lib/domain/statistics';
import type { Directory } from '../accounts/directory';
import type { DerivedCache } from '../stats/derived-cache';
import { BOM, CSV_COLUMNS, csvLine, entryRow } from '../stats/ledger-csv';
import { resolveScope, seesReporters } from '../stats/scope';
import { attendedFor, scopeStatistics, type AttendedSource } from '../stats/scope-statistics';
import type { Auth } from './auth';
import { HttpError, send } from './json';
import type { Route } from './router';

export interface StatsDeps {
	directory: Directory;
	derived: DerivedCache;
	today?(): string;
	/** Who checked in on a duty day (the cadres taking part); none when not given. */
	attended?: AttendedSource;
}

/**
 * from/to as YYYY-MM-DD in the documented years, from ≤ to, and for statistics at most
 * MAX_PERIOD_MONTHS months (docs/api.md, "Limits"). An export (`optional`) may leave out both
 * (then: everything) and is not held to the length: it filters, it does not count per month.
 */
export function periodOf(q: URLSearchParams, optional = false): Period {
	const from = q.get('from');
	const to = q.get('to');
	if (optional && from === null && to === null) return { from: '0000-01-01', to: '9999-12-31' };
	const fields = periodErrors(from, to, optional ? Infinity : MAX_PERIOD_MONTHS);
	if (Object.keys(fields).length) throw new HttpError(400, 'invalid-input', fields);
	return { from: from!, to: to! };
}

const query = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://api').searchParams;

export function statsRoutes(deps: StatsDeps, auth: Auth): Route[] {
	const { directory, derived } = deps;
	const today = deps.today ?? (() => toIsoDate(Date.now()));

	return [
		// The scopes the caller may choose from, for the views' pickers.
		['GET', /^\/api\/stats\/scopes$/, async ({ req, res }) => {
			const person = await auth.signedIn(req);
			const stations = directory.stationsFor(person.id);
			const office = person.role === 'office';
			const streets = directory.listStreets().filter((s) => office || directory.leadersOf(s.id).some((l) => l.personId === person.id));
			send(res, 200, { district: office, streets, stations: stations.map((s) => ({ id: s.id, name: s.name, streetName: s.streetName })) });
		}],
		['GET', /^\/api\/stats$/, async ({ req, res }) => {
			const person = await auth.signedIn(req);
			const q = query(req);
			const scope = resolveScope(directory, person, q.get('scope'));
			const period = periodOf(q);
			const attended = await attendedFor(deps.attended, scope.stations.map((s) => s.id), period);
			send(res, 200, await scopeStatistics(directory, derived, scope, period, today(), attended));
		}],
		// The ledger of a scope; ?from&to filter by the day received. Reporters only for the station's
		// team; everyone else gets the free text masked (docs/api.md, "Exports").
		['GET', /^\/api\/exports\/ledger\.csv$/, async ({ req, res }) => {
			const person = await auth.signedIn(req);
			const q = query(req);
			const scope = resolveScope(directory, person, q.get('scope'));
			const period = periodOf(q, true);
			const now = today();
			let body = BOM + csvLine(CSV_COLUMNS);
			for (const station of scope.stations) {
				const contacts = await derived.contacts(station.id);
				const team = seesReporters(directory, person, station.id);
				const personal = team ? [] : await derived.residents(station.id);
				const entries = (await derived.board(station.id)).entries.filter((e) => e.receivedOn >= period.from && e.receivedOn <= period.to);
				entries.sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0));
				for (const e of entries) body += entryRow(station, e, now, team ? readReporter(contacts, e.id) : null, personal);
			}
			const file = `ledger-${scope.kind}${scope.id ? '-' + scope.id : ''}-${now}.csv`;
			res.statusCode = 200;
			res.setHeader('cache-control', 'no-store');
			res.setHeader('content-type', 'text/csv; charset=utf-8');
			res.setHeader('content-disposition', `attachment; filename="${file}"`);
			res.end(body);
		}]
	];
}
