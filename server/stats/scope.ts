// Which stations a statistics view or an export covers, and whether the caller may see it:
// the office sees the district, any street and any station; a street leader their streets and
// their stations; a team member their own station.
import { accessTo } from '../accounts/rights';
import type { Directory, Person, Station } from '../accounts/directory';
import { HttpError } from '../http/json';

export type ScopeKind = 'district' | 'street' | 'station';

export interface Scope {
	kind: ScopeKind;
	id: string;
	name: string;
	stations: Station[];
}

/** `district`, `street:<id>` or `station:<id>`; a 400, 403 or 404 otherwise. */
export function resolveScope(directory: Directory, person: Person, param: string | null): Scope {
	const m = /^(district)$|^(street|station):([0-9a-z]{6,32})$/.exec(param ?? '');
	if (!m) throw new HttpError(400, 'invalid-input', { scope: param ? 'invalid' : 'required' });
	if (m[1]) {
		if (person.role !== 'office') throw new HttpError(403, 'forbidden');
		return { kind: 'district', id: '', name: '', stations: directory.listStations() };
	}
	const [kind, id] = [m[2] as 'street' | 'station', m[3]];
	if (kind === 'station') {
		const station = directory.getStation(id);
		if (!station) throw new HttpError(404, 'not-found');
		const grants = directory.grants(person.id, id);
		if (!grants || !accessTo('board', grants)) throw new HttpError(403, 'forbidden');
		return { kind, id, name: station.name, stations: [station] };
	}
	const street = directory.listStreets().find((s) => s.id === id);
	if (!street) throw new HttpError(404, 'not-found');
	if (person.role !== 'office' && !directory.leadersOf(id).some((l) => l.personId === person.id)) throw new HttpError(403, 'forbidden');
	return { kind, id, name: street.name, stations: directory.listStations().filter((s) => s.streetId === id) };
}

/**
 * Whether the caller may see the residents' names and phones of a station's entries: those who may
 * read its contacts document, i.e. its team (not a lawyer, a street leader or the office).
 */
export function seesReporters(directory: Directory, person: Person, stationId: string): boolean {
	const grants = directory.grants(person.id, stationId);
	return !!grants && accessTo('contacts', grants) !== null;
}
