// The directory in memory: every street, station, person (without password hashes), team and
// street lead, read in one go. A district has hundreds of stations and a few thousand people:
// loading takes milliseconds, and every rights check then costs no query.
import type { Queryable } from '../storage/open';
import type { Person, Station, Street } from './directory-types';
import type { StationRole } from './rights';

/** A row of the people table: a person as stored (SQLite keeps booleans as 0/1). */
export type PersonRow = Omit<Person, 'disabled'> & { disabled: number; password_hash: string };

export interface Snapshot {
	streets: Map<string, Street>;
	stations: Map<string, Station>;
	/** By street name, then station name (as the lists were always ordered). */
	stationList: Station[];
	people: Map<string, Person>;
	/** By name. */
	peopleList: Person[];
	/** person → station → role */
	assignments: Map<string, Map<string, StationRole>>;
	/** station → team, by role then name */
	teams: Map<string, { person: Person; role: StationRole }[]>;
	/** person → streets they lead */
	leads: Map<string, Set<string>>;
	/** street → its leaders, by name */
	leaders: Map<string, { personId: string; name: string }[]>;
}

/** Code-point order, the same on either database (their collations differ). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function loadSnapshot(db: Queryable): Promise<Snapshot> {
	const streetRows = await db.query<Street>('SELECT id, name FROM streets ORDER BY id');
	const stationRows = await db.query<{ id: string; street_id: string; name: string; kind: string }>('SELECT id, street_id, name, kind FROM stations ORDER BY id');
	const personRows = await db.query<Omit<PersonRow, 'password_hash'>>('SELECT id, phone, name, role, unit, position, disabled FROM people ORDER BY id');
	const assignmentRows = await db.query<{ person_id: string; station_id: string; role: StationRole }>('SELECT person_id, station_id, role FROM assignments ORDER BY person_id, station_id');
	const leaderRows = await db.query<{ person_id: string; street_id: string }>('SELECT person_id, street_id FROM street_leaders ORDER BY person_id, street_id');

	const streets = new Map(streetRows.map((s) => [s.id, { id: s.id, name: s.name }]));
	const stations = new Map<string, Station>();
	for (const r of stationRows) {
		const street = streets.get(r.street_id);
		if (street) stations.set(r.id, { id: r.id, streetId: r.street_id, streetName: street.name, name: r.name, kind: r.kind });
	}
	const stationList = [...stations.values()].sort((a, b) => compare(a.streetName, b.streetName) || compare(a.name, b.name));
	const people = new Map<string, Person>(
		personRows.map((r) => [r.id, { id: r.id, phone: r.phone, name: r.name, role: r.role, unit: r.unit, position: r.position, disabled: !!r.disabled }])
	);
	const peopleList = [...people.values()].sort((a, b) => compare(a.name, b.name));

	const assignments = new Map<string, Map<string, StationRole>>();
	const teams = new Map<string, { person: Person; role: StationRole }[]>();
	for (const a of assignmentRows) {
		const person = people.get(a.person_id);
		if (!person || !stations.has(a.station_id)) continue;
		if (!assignments.has(a.person_id)) assignments.set(a.person_id, new Map());
		assignments.get(a.person_id)!.set(a.station_id, a.role);
		if (!teams.has(a.station_id)) teams.set(a.station_id, []);
		teams.get(a.station_id)!.push({ person, role: a.role });
	}
	for (const team of teams.values()) team.sort((a, b) => compare(a.role, b.role) || compare(a.person.name, b.person.name));

	const leads = new Map<string, Set<string>>();
	const leaders = new Map<string, { personId: string; name: string }[]>();
	for (const l of leaderRows) {
		const person = people.get(l.person_id);
		if (!person) continue;
		if (!leads.has(l.person_id)) leads.set(l.person_id, new Set());
		leads.get(l.person_id)!.add(l.street_id);
		if (!leaders.has(l.street_id)) leaders.set(l.street_id, []);
		leaders.get(l.street_id)!.push({ personId: person.id, name: person.name });
	}
	for (const list of leaders.values()) list.sort((a, b) => compare(a.name, b.name));

	return { streets, stations, stationList, people, peopleList, assignments, teams, leads, leaders };
}
