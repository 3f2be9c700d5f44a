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
	calendar(): Promise<CalendarSettings>;
}

export function createCadreFiles(deps: CadreFileDeps) {
	const { db, directory, duty, derived } = deps;

	/** The station the person is the cadre of (a cadre serves one station: the first, if ever more). */
	function stationOf(personId: string): Station | undefined {
		const first = directory.assignmentsAs('cadre').find((a) => a.personId === personId);
		return first && directory.getStation(first.stationId);
	}

	/**
	 * The day the person last became this station's cadre, from the directory's audit log (every
	 * assignment is audited there with its time); '' if the log has no such assignment.
	 */
	async function cadreSince(personId: string, stationId: string): Promise<string> {
		// The directory writes { personId, stationId, … } in that order: LIKE narrows (an id's `_` matches any one character), the JSON decides
		// (portable: SQLite and PostgreSQL read JSON differently).
		const rows = await db.query<{ at: number; action: string; detail: string }>(
			`SELECT at, action, detail FROM audit WHERE action IN ('team.assign', 'team.unassign') AND detail LIKE ? ORDER BY id`,
			[`%${JSON.stringify({ personId, stationId }).slice(1, -1)}%`]
		);
		let since = 0;
		for (const r of rows) {
			const detail = JSON.parse(r.detail) as { personId?: string; stationId?: string; role?: string };
			if (detail.personId !== personId || detail.stationId !== stationId) continue;
			const cadreNow = r.action === 'team.assign' && detail.role === 'cadre';
			if (!cadreNow) since = 0;
			else if (!since) since = r.at;
		}
		return since ? toIsoDate(since) : '';
	}

	async function records(person: Person, station: Station, today: string): Promise<CadreRecords> {
		const cadre = person.name;
		const log = await derived.visitLog(station.id);
		return {
			cadre,
			calendar: await deps.calendar(),
			today,
			assignedOn: await cadreSince(person.id, station.id),
			attendance: await duty.attendanceOf(person.id, cadre),
			leave: await duty.leaveRecordsOf(person.id, cadre),
			visits: log.visits,
			ties: log.ties,
			help: log.help,
			entries: (await derived.board(station.id)).entries,
			optionalActions: await duty.actionsOf(person.id)
		};
	}

	const header = (p: Person, s: Station) => ({
		person: { id: p.id, name: p.name, unit: p.unit, position: p.position },
		station: { id: s.id, name: s.name, streetName: s.streetName }
	});

	return {
		stationOf,
		list(): CadreListing[] {
			return directory
				.assignmentsAs('cadre')
				.filter((a) => directory.getPerson(a.personId)?.disabled === false)
				.flatMap(({ personId, stationId }) => {
					const p = directory.getPerson(personId);
					const s = directory.getStation(stationId);
					return p && s ? [{ personId, name: p.name, unit: p.unit, position: p.position, stationId, stationName: s.name, streetName: s.streetName }] : [];
				})
				.sort((a, b) => a.streetName.localeCompare(b.streetName, 'zh') || a.stationName.localeCompare(b.stationName, 'zh'));
		},
		async month(person: Person, month: string, today: string) {
			const station = stationOf(person.id);
			if (!station) return null;
			return { ...header(person, station), file: cadreMonth(await records(person, station, today), month) };
		},
		async halfYear(person: Person, half: HalfYear, today: string) {
			const station = stationOf(person.id);
			if (!station) return null;
			return { ...header(person, station), file: cadreHalfYear(await records(person, station, today), half) };
		}
	};
}

export type CadreFiles = ReturnType<typeof createCadreFiles>;
