// The cadre's file (驻点干部档案) computed on the server from the data: attendance and leave from
// DutyRecords, visits, ties and help from the station's visit log, the ledger from its board
// (src/lib/domain/cadre-file.ts holds every rule). Cadres are people on a team with the role
// 'cadre'; visits and ties name their visitor by the person's name, as the relay verified it.
import { cadreHalfYear, cadreMonth, type CadreRecords } from '../../src/lib/domain/cadre-file';
import { toIsoDate } from '../../src/lib/domain/dates';
import type { CalendarSettings } from '../../src/lib/domain/calendar';
import type { HalfYear } from '../../src/lib/domain/half-year';
import type { Directory, Person, Station } from '../accounts/directory';
import type { Db } from '../db';
import type { DerivedCache } from '../stats/derived-cache';
import type { DutyRecords } from './duty-records';

export interface CadreListing {
	personId: string;
	name: string;
	unit: string;
	position: string;
	stationId: string;
	stationName: string;
	streetName: string;
}

export interface CadreFileDeps {
	db: Db;
	directory: Directory;
	duty: DutyRecords;
	derived: DerivedCache;
	calendar(): CalendarSettings;
}

export function createCadreFiles(deps: CadreFileDeps) {
	const { db, directory, duty, derived } = deps;

	/** The station the person is the cadre of (a cadre serves one station: the first, if ever more). */
	function stationOf(personId: string): Station | undefined {
		const row = db.prepare("SELECT station_id AS id FROM assignments WHERE person_id = ? AND role = 'cadre' ORDER BY station_id LIMIT 1").get(personId) as { id: string } | undefined;
		return row && directory.getStation(row.id);
	}

	/**
	 * The day the person last became this station's cadre, from the directory's audit log (every
	 * assignment is audited there with its time); '' if the log has no such assignment.
	 */
	function cadreSince(personId: string, stationId: string): string {
		const rows = db
			.prepare(
				`SELECT at, action, json_extract(detail, '$.role') AS role FROM audit
				WHERE action IN ('team.assign', 'team.unassign') AND json_extract(detail, '$.personId') = ? AND json_extract(detail, '$.stationId') = ?
				ORDER BY id`
			)
			.all(personId, stationId) as { at: number; action: string; role: string | null }[];
		let since = 0;
		for (const r of rows) {
			const cadreNow = r.action === 'team.assign' && r.role === 'cadre';
			if (!cadreNow) since = 0;
			else if (!since) since = r.at;
		}
		return since ? toIsoDate(since) : '';
	}

	function records(person: Person, station: Station, today: string): CadreRecords {
		const cadre = person.name;
		const log = derived.visitLog(station.id);
		return {
			cadre,
			calendar: deps.calendar(),
			today,
			assignedOn: cadreSince(person.id, station.id),
			attendance: duty.attendanceOf(person.id, cadre),
			leave: duty.leaveRecordsOf(person.id, cadre),
			visits: log.visits,
			ties: log.ties,
			help: log.help,
			entries: derived.board(station.id).entries,
			optionalActions: duty.actionsOf(person.id)
		};
	}

	const header = (p: Person, s: Station) => ({
		person: { id: p.id, name: p.name, unit: p.unit, position: p.position },
		station: { id: s.id, name: s.name, streetName: s.streetName }
	});

	return {
		stationOf,
		list(): CadreListing[] {
			const rows = db
				.prepare("SELECT a.person_id AS personId, a.station_id AS stationId FROM assignments a JOIN people p ON p.id = a.person_id WHERE a.role = 'cadre' AND p.disabled = 0")
				.all() as { personId: string; stationId: string }[];
			return rows
				.flatMap(({ personId, stationId }) => {
					const p = directory.getPerson(personId);
					const s = directory.getStation(stationId);
					return p && s ? [{ personId, name: p.name, unit: p.unit, position: p.position, stationId, stationName: s.name, streetName: s.streetName }] : [];
				})
				.sort((a, b) => a.streetName.localeCompare(b.streetName, 'zh') || a.stationName.localeCompare(b.stationName, 'zh'));
		},
		month(person: Person, month: string, today: string) {
			const station = stationOf(person.id);
			if (!station) return null;
			return { ...header(person, station), file: cadreMonth(records(person, station, today), month) };
		},
		halfYear(person: Person, half: HalfYear, today: string) {
			const station = stationOf(person.id);
			if (!station) return null;
			return { ...header(person, station), file: cadreHalfYear(records(person, station, today), half) };
		}
	};
}

export type CadreFiles = ReturnType<typeof createCadreFiles>;
