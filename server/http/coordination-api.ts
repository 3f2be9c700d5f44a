// The street leader's list (区级领导 联系街道): open tier-3 entries of the stations in the streets
// they lead, and the one thing they write on a board: a coordination note on such an entry.
import { z } from 'zod';
import { toIsoDate } from '../../src/lib/domain/dates';
import { addNote, LIMITS, type EntryState } from '../../src/lib/domain/ledger';
import type { Directory, Person, Station } from '../accounts/directory';
import { audit } from '../escalation/audit';
import { maskEscalated, masksFor } from '../escalation/masking';
import { findEntry, openEntriesAt } from '../escalation/open-entries';
import type { Auth } from './auth';
import { appendStep } from './entry-step';
import type { EscalationDeps } from './escalation-api';
import { HttpError, readBody, send } from './json';
import type { Route } from './router';
import { text } from './schemas';

const note = z.object({ text: text(LIMITS.note) });

/** The streets a person leads (the office sees every street). */
export function streetsSeenBy(directory: Directory, person: Person): Set<string> {
	const streets = directory.listStreets();
	if (person.role === 'office') return new Set(streets.map((s) => s.id));
	return new Set(streets.filter((s) => directory.leadersOf(s.id).some((l) => l.personId === person.id)).map((s) => s.id));
}

export function coordinationRoutes(deps: EscalationDeps, auth: Auth): Route[] {
	const { directory, docs, db } = deps;
	const today = deps.today ?? (() => toIsoDate(Date.now()));

	return [
		['GET', /^\/api\/coordination$/, async ({ req, res }) => {
			const person = await auth.signedIn(req);
			const streets = streetsSeenBy(directory, person);
			if (person.role !== 'office' && streets.size === 0) throw new HttpError(403, 'forbidden');
			const stations = directory.listStations().filter((s) => streets.has(s.streetId));
			// Neither a leader nor the office holds the stations' residents' contacts: the team's text is masked.
			const maskOf = masksFor(docs.load);
			const entries = await Promise.all((await openEntriesAt(docs.load, stations, 3, today())).map(async (e) => maskEscalated(e, await maskOf(e.stationId))));
			send(res, 200, {
				streets: directory.listStreets().filter((s) => streets.has(s.id)),
				entries,
				canNote: person.role !== 'office'
			});
		}],
		['POST', /^\/api\/coordination\/([0-9a-z]{6,32})\/entries\/([0-9a-z]{6,32})\/notes$/, async ({ req, res, params }) => {
			const person = await auth.signedIn(req);
			const station: Station | undefined = directory.getStation(params[0]);
			if (!station) throw new HttpError(404, 'not-found');
			// Only the leader of the station's street: the office reads boards, it does not write notes on them.
			const leads = directory.leadersOf(station.streetId).some((l) => l.personId === person.id);
			if (!leads) throw new HttpError(403, 'forbidden');
			const body = await readBody(req, note);
			const entry = await findEntry(docs.load, station.id, params[1]);
			if (!entry) throw new HttpError(404, 'not-found');
			// A leader writes on coordinated entries only; nothing else of the board is theirs.
			const coordinated = (current: EntryState) => {
				if (current.status !== 'open' || current.tier !== 3) throw new HttpError(409, 'not-coordinated');
			};
			coordinated(entry);
			const draft = addNote(entry, body);
			if (!draft.ok) throw new HttpError(400, 'invalid-input', Object.fromEntries(draft.errors.map((e) => [e.field, e.code])));
			const at = Date.now();
			// Judged again in the write itself: a cadre may have solved or escalated it a moment before.
			const step = (current: EntryState) => (coordinated(current), draft.value);
			await appendStep(docs, station.id, entry.id, step, person, at, `leader:${person.id}`);
			await audit(db, person.id, 'coordination.note', { stationId: station.id, entryId: entry.id, length: body.text.length });
			send(res, 201, { at, by: person.name, text: body.text });
		}]
	];
}
