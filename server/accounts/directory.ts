// The district's directory: streets, stations, people, who is on which team, who leads which
// street; plus sessions (server/accounts/sessions.ts) and the audit log of every change.
import { EventEmitter } from 'node:events';
import { newId } from '../../src/lib/domain/ids';
import type { Db } from '../db';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import { AccessFeed, type AccessEvent } from './access-events';
import { accessTo, type Access, type Grants, type PersonRole, type StationRole } from './rights';
import { Sessions } from './sessions';

export interface Street {
	id: string;
	name: string;
}

export interface Station {
	id: string;
	streetId: string;
	streetName: string;
	name: string;
	kind: string;
}

export interface Person {
	id: string;
	phone: string;
	name: string;
	role: PersonRole;
	unit: string;
	position: string;
	disabled: boolean;
}

export interface StationAccess extends Station {
	/** The person's role on the team, or how they see it ('office', 'leader'). */
	as: StationRole | 'office' | 'leader';
	board: Access;
	visits: Access;
	contacts: Access;
}

export class DirectoryError extends Error {
	constructor(
		readonly code: 'not-found' | 'phone-taken' | 'name-taken' | 'id-taken' | 'invalid',
		message: string
	) {
		super(message);
	}
}

interface PersonRow {
	id: string;
	phone: string;
	name: string;
	role: PersonRole;
	unit: string;
	position: string;
	disabled: number;
	password_hash: string;
}

const toPerson = (r: PersonRow): Person => ({
	id: r.id,
	phone: r.phone,
	name: r.name,
	role: r.role,
	unit: r.unit,
	position: r.position,
	disabled: !!r.disabled
});

const STATION_SELECT = `SELECT s.id, s.street_id AS streetId, st.name AS streetName, s.name, s.kind
	FROM stations s JOIN streets st ON st.id = s.street_id`;

type Ended = Extract<AccessEvent, { kind: 'sessions-ended' }>;

/**
 * Emits 'access-changed' (personId) whenever what a person may open could have changed, and
 * 'sessions-ended' when sessions of a person ended (all of them, or one). Both also for changes
 * another process (the admin CLI) made to the same file, once `pollForeign` has seen them.
 */
export class Directory extends EventEmitter<{
	'access-changed': [personId: string];
	'sessions-ended': [ended: Ended];
	/** An access event of this process's own making, for the other server processes (server/cluster). */
	recorded: [event: AccessEvent];
}> {
	readonly sessions: Sessions;
	readonly #feed: AccessFeed;

	constructor(
		private db: Db,
		/** The clock audit entries are stamped with (the cadre's file reads assignments' times from them). */
		private now: () => number = Date.now
	) {
		super();
		this.#feed = new AccessFeed(db);
		this.sessions = new Sessions(db, (ended) => this.#notify({ kind: 'sessions-ended', ...ended }));
	}

	/** Recorded for other processes, and told to this one's listeners. */
	#notify(event: AccessEvent) {
		this.#feed.record(event);
		this.#tell(event);
		this.emit('recorded', event);
	}

	/** An access event another server process made (server/cluster/access-link.ts). */
	tellPeerEvent(event: AccessEvent): void {
		this.#tell(event);
	}

	#tell(event: AccessEvent) {
		if (event.kind === 'sessions-ended') this.emit('sessions-ended', event);
		else this.emit('access-changed', event.personId);
	}

	/** Acts on changes other processes (the admin CLI) made since the last call. */
	pollForeign(): void {
		for (const event of this.#feed.foreign()) this.#tell(event);
	}

	#audit(actor: string, action: string, detail: object) {
		this.db.prepare('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)').run(this.now(), actor, action, JSON.stringify(detail));
	}

	#unique<T>(fn: () => T, code: 'phone-taken' | 'name-taken' | 'id-taken', message: string): T {
		try {
			return fn();
		} catch (error) {
			if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new DirectoryError(code, message);
			throw error;
		}
	}

	// ——— streets and stations

	listStreets(): Street[] {
		return this.db.prepare('SELECT id, name FROM streets ORDER BY name').all() as Street[];
	}

	createStreet(actor: string, name: string): Street {
		const street = { id: newId(), name };
		this.#unique(() => this.db.prepare('INSERT INTO streets (id, name, created_at) VALUES (?, ?, ?)').run(street.id, name, Date.now()), 'name-taken', `street ${name} exists`);
		this.#audit(actor, 'street.create', street);
		return street;
	}

	listStations(): Station[] {
		return this.db.prepare(`${STATION_SELECT} ORDER BY st.name, s.name`).all() as Station[];
	}

	getStation(id: string): Station | undefined {
		return this.db.prepare(`${STATION_SELECT} WHERE s.id = ?`).get(id) as Station | undefined;
	}

	/** `id` adopts a station first created offline on a device, so its documents sync as they are. */
	createStation(actor: string, input: { id?: string; name: string; streetId: string; kind: string }): Station {
		if (!this.db.prepare('SELECT 1 FROM streets WHERE id = ?').get(input.streetId)) throw new DirectoryError('not-found', 'no such street');
		const id = input.id ?? newId(12);
		this.#unique(
			() => this.db.prepare('INSERT INTO stations (id, street_id, name, kind, created_at) VALUES (?, ?, ?, ?, ?)').run(id, input.streetId, input.name, input.kind, Date.now()),
			'id-taken',
			`station ${id} exists`
		);
		this.#audit(actor, 'station.create', { id, ...input });
		return this.getStation(id)!;
	}

	updateStation(actor: string, id: string, patch: { name?: string; streetId?: string; kind?: string }): Station {
		const station = this.getStation(id);
		if (!station) throw new DirectoryError('not-found', 'no such station');
		const next = { name: patch.name ?? station.name, streetId: patch.streetId ?? station.streetId, kind: patch.kind ?? station.kind };
		if (!this.db.prepare('SELECT 1 FROM streets WHERE id = ?').get(next.streetId)) throw new DirectoryError('not-found', 'no such street');
		this.db.prepare('UPDATE stations SET name = ?, street_id = ?, kind = ? WHERE id = ?').run(next.name, next.streetId, next.kind, id);
		this.#audit(actor, 'station.update', { id, ...patch });
		if (next.streetId !== station.streetId) for (const p of this.#leadersOf(station.streetId)) this.#notify({ kind: 'access-changed', personId: p });
		return this.getStation(id)!;
	}

	// ——— people

	listPeople(): Person[] {
		return (this.db.prepare('SELECT * FROM people ORDER BY name').all() as PersonRow[]).map(toPerson);
	}

	getPerson(id: string): Person | undefined {
		const row = this.db.prepare('SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined;
		return row && toPerson(row);
	}

	async createPerson(actor: string, input: { phone: string; name: string; role: PersonRole; unit?: string; position?: string; password: string }): Promise<Person> {
		const hash = await hashPassword(input.password);
		const id = newId();
		const now = Date.now();
		this.#unique(
			() =>
				this.db
					.prepare('INSERT INTO people (id, phone, name, role, unit, position, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
					.run(id, input.phone, input.name, input.role, input.unit ?? '', input.position ?? '', hash, now, now),
			'phone-taken',
			`phone ${input.phone} is taken`
		);
		this.#audit(actor, 'person.create', { id, phone: input.phone, name: input.name, role: input.role });
		return this.getPerson(id)!;
	}

	updatePerson(actor: string, id: string, patch: Partial<Pick<Person, 'name' | 'role' | 'unit' | 'position' | 'disabled'>>): Person {
		const person = this.getPerson(id);
		if (!person) throw new DirectoryError('not-found', 'no such person');
		const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
		const next = { ...person, ...given };
		this.db
			.prepare('UPDATE people SET name = ?, role = ?, unit = ?, position = ?, disabled = ?, updated_at = ? WHERE id = ?')
			.run(next.name, next.role, next.unit, next.position, next.disabled ? 1 : 0, Date.now(), id);
		// Disabling signs the person out everywhere; enabling again does not bring those sessions back.
		if (next.disabled && !person.disabled) this.sessions.endAll(id, 'disabled');
		this.#audit(actor, 'person.update', { id, ...patch });
		if (patch.disabled !== undefined || patch.role !== undefined) this.#notify({ kind: 'access-changed', personId: id });
		return this.getPerson(id)!;
	}

	async setPassword(actor: string, id: string, password: string): Promise<void> {
		if (!this.getPerson(id)) throw new DirectoryError('not-found', 'no such person');
		const hash = await hashPassword(password);
		this.db.prepare('UPDATE people SET password_hash = ?, updated_at = ? WHERE id = ?').run(hash, Date.now(), id);
		// A reset password signs the person out everywhere.
		this.sessions.endAll(id, 'password-reset');
		this.#audit(actor, 'person.password', { id });
	}

	/** The person for a phone and password, or null; costs the same whether the phone exists or not. */
	async authenticate(phone: string, password: string): Promise<Person | null> {
		const row = this.db.prepare('SELECT * FROM people WHERE phone = ?').get(phone) as PersonRow | undefined;
		const ok = await verifyPassword(password, row?.password_hash ?? (await DUMMY_HASH));
		return row && ok ? toPerson(row) : null;
	}

	// ——— teams and street leaders

	assign(actor: string, personId: string, stationId: string, role: StationRole): void {
		if (!this.getPerson(personId) || !this.getStation(stationId)) throw new DirectoryError('not-found', 'no such person or station');
		this.db.prepare('INSERT INTO assignments (person_id, station_id, role) VALUES (?, ?, ?) ON CONFLICT (person_id, station_id) DO UPDATE SET role = excluded.role').run(personId, stationId, role);
		this.#audit(actor, 'team.assign', { personId, stationId, role });
		this.#notify({ kind: 'access-changed', personId });
	}

	unassign(actor: string, personId: string, stationId: string): void {
		const { changes } = this.db.prepare('DELETE FROM assignments WHERE person_id = ? AND station_id = ?').run(personId, stationId);
		if (!changes) throw new DirectoryError('not-found', 'not on that team');
		this.#audit(actor, 'team.unassign', { personId, stationId });
		this.#notify({ kind: 'access-changed', personId });
	}

	teamOf(stationId: string): { person: Person; role: StationRole }[] {
		const rows = this.db.prepare('SELECT p.*, a.role AS team_role FROM assignments a JOIN people p ON p.id = a.person_id WHERE a.station_id = ? ORDER BY a.role, p.name').all(stationId) as (PersonRow & { team_role: StationRole })[];
		return rows.map((r) => ({ person: toPerson(r), role: r.team_role }));
	}

	setLeader(actor: string, personId: string, streetId: string, leads: boolean): void {
		if (!this.getPerson(personId)) throw new DirectoryError('not-found', 'no such person');
		if (!this.db.prepare('SELECT 1 FROM streets WHERE id = ?').get(streetId)) throw new DirectoryError('not-found', 'no such street');
		if (leads) this.db.prepare('INSERT OR IGNORE INTO street_leaders (person_id, street_id) VALUES (?, ?)').run(personId, streetId);
		else this.db.prepare('DELETE FROM street_leaders WHERE person_id = ? AND street_id = ?').run(personId, streetId);
		this.#audit(actor, leads ? 'street.lead' : 'street.unlead', { personId, streetId });
		this.#notify({ kind: 'access-changed', personId });
	}

	#leadersOf(streetId: string): string[] {
		return this.leadersOf(streetId).map((l) => l.personId);
	}

	leadersOf(streetId: string): { personId: string; name: string }[] {
		return this.db.prepare('SELECT p.id AS personId, p.name FROM street_leaders l JOIN people p ON p.id = l.person_id WHERE l.street_id = ? ORDER BY p.name').all(streetId) as { personId: string; name: string }[];
	}

	// ——— rights

	grants(personId: string, stationId: string): Grants | null {
		const person = this.getPerson(personId);
		const station = this.getStation(stationId);
		if (!person || !station) return null;
		const a = this.db.prepare('SELECT role FROM assignments WHERE person_id = ? AND station_id = ?').get(personId, stationId) as { role: StationRole } | undefined;
		const leads = !!this.db.prepare('SELECT 1 FROM street_leaders WHERE person_id = ? AND street_id = ?').get(personId, station.streetId);
		return { role: person.role, disabled: person.disabled, assignment: a?.role ?? null, leadsStreet: leads };
	}

	/** Every station the person may open, with what they may do there. */
	stationsFor(personId: string): StationAccess[] {
		const person = this.getPerson(personId);
		if (!person || person.disabled) return [];
		const candidates =
			person.role === 'office'
				? this.listStations()
				: (this.db
						.prepare(
							`${STATION_SELECT} WHERE s.id IN (SELECT station_id FROM assignments WHERE person_id = ?)
							 OR s.street_id IN (SELECT street_id FROM street_leaders WHERE person_id = ?) ORDER BY st.name, s.name`
						)
						.all(personId, personId) as Station[]);
		return candidates.flatMap((s) => {
			const g = this.grants(personId, s.id)!;
			const board = accessTo('board', g);
			if (!board) return [];
			return [{ ...s, as: g.assignment ?? (g.leadsStreet && person.role !== 'office' ? 'leader' : 'office'), board, visits: accessTo('visits', g), contacts: accessTo('contacts', g) }];
		});
	}
}
