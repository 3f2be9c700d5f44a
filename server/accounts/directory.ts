// The district's directory: streets, stations, people, who is on which team, who leads which
// street; plus sessions (server/accounts/sessions.ts) and the audit log of every change.
// Read on every request and at every websocket upgrade, so reads come from an in-memory snapshot
// (server/accounts/directory-snapshot.ts), loaded at the start and reloaded after every write —
// this process's own before the write returns, other processes' within a second (`pollForeign`).
// Writes go to the storage first: the snapshot never shows what is not persisted.
import { EventEmitter } from 'node:events';
import { newId } from '../../src/lib/domain/ids';
import { isUniqueViolation, type Queryable, type Storage } from '../storage/open';
import { loadSnapshot, type Snapshot, type PersonRow } from './directory-snapshot';
import { DirectoryError, type Person, type Station, type StationAccess, type Street } from './directory-types';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import { AccessFeed, type AccessEvent } from './access-events';
import { accessTo, type Grants, type PersonRole, type StationRole } from './rights';
import { Sessions } from './sessions';

export { DirectoryError, type Person, type Station, type StationAccess, type Street };

type Ended = Extract<AccessEvent, { kind: 'sessions-ended' }>;

/**
 * Emits 'access-changed' (personId) whenever what a person may open could have changed, and
 * 'sessions-ended' when sessions of a person ended (all of them, or one). Both also for changes
 * another process (the admin CLI, another server process) made, once `pollForeign` has seen them.
 */
export class Directory extends EventEmitter<{
	'access-changed': [personId: string];
	'sessions-ended': [ended: Ended];
	/** An access event of this process's own making, for the other server processes (server/cluster). */
	recorded: [event: AccessEvent];
}> {
	readonly sessions: Sessions;
	readonly #feed: AccessFeed;
	#snapshot: Snapshot;
	/** The newest audit row the snapshot has seen: every directory change writes one. */
	#seenAudit = 0;

	private constructor(
		private db: Storage,
		/** The clock audit entries are stamped with (the cadre's file reads assignments' times from them). */
		private now: () => number,
		snapshot: Snapshot,
		feed: AccessFeed
	) {
		super();
		this.#snapshot = snapshot;
		this.#feed = feed;
		this.sessions = new Sessions(db, (ended) => this.#notify({ kind: 'sessions-ended', ...ended }));
	}

	/** The directory of a migrated storage, its snapshot loaded. */
	static async open(db: Storage, now: () => number = Date.now): Promise<Directory> {
		const seen = await latestAudit(db);
		const directory = new Directory(db, now, await loadSnapshot(db), await AccessFeed.open(db));
		directory.#seenAudit = seen;
		return directory;
	}

	/** Reads the directory again (after a write; when another process changed it). */
	async reload(): Promise<void> {
		// The audit id is read before the rows: the snapshot holds at least what it names. Two
		// reloads may overlap (a write's, another process's change): the older never replaces the newer.
		const seen = await latestAudit(this.db);
		const snapshot = await loadSnapshot(this.db);
		if (seen < this.#seenAudit) return;
		this.#snapshot = snapshot;
		this.#seenAudit = seen;
	}

	#reloading: Promise<void> | null = null;

	/**
	 * Brings the snapshot up to date with changes other processes committed (one indexed query;
	 * a reload only when the audit log moved, shared by every caller waiting meanwhile). The
	 * request paths call it before checking rights: what the admin CLI or another server process
	 * changed holds from the next request on.
	 */
	async fresh(): Promise<void> {
		if ((await latestAudit(this.db)) <= this.#seenAudit) return;
		this.#reloading ??= this.reload().finally(() => (this.#reloading = null));
		await this.#reloading;
	}

	/** Recorded for other processes, and told to this one's listeners. */
	async #notify(event: AccessEvent) {
		await this.#feed.record(event);
		this.#tell(event);
		this.emit('recorded', event);
	}

	/**
	 * An access event another server process made (server/cluster/access-link.ts). It published the
	 * event after committing the change: on shared storage the snapshot is brought up to date first,
	 * so a re-check of the person's connections sees the change.
	 */
	async tellPeerEvent(event: AccessEvent): Promise<void> {
		await this.fresh().catch(() => undefined);
		this.#tell(event);
	}

	#tell(event: AccessEvent) {
		if (event.kind === 'sessions-ended') this.emit('sessions-ended', event);
		else this.emit('access-changed', event.personId);
	}

	/**
	 * Acts on changes other processes made since the last call: reloads the snapshot when the audit
	 * log moved, then tells the access events they recorded. (With several server processes the
	 * events will also arrive over Redis and call this at once: the hook for it.)
	 */
	async pollForeign(): Promise<void> {
		await this.fresh();
		for (const event of await this.#feed.foreign()) this.#tell(event);
	}

	async #audit(db: Queryable, actor: string, action: string, detail: object) {
		await db.run('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)', [this.now(), actor, action, JSON.stringify(detail)]);
	}

	/** A write and its audit row in one transaction, then the snapshot reloaded. */
	async #write<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
		try {
			return await this.db.transaction(fn);
		} finally {
			await this.reload();
		}
	}

	async #unique<T>(fn: () => Promise<T>, code: 'phone-taken' | 'name-taken' | 'id-taken', message: string): Promise<T> {
		try {
			return await fn();
		} catch (error) {
			if (isUniqueViolation(error)) throw new DirectoryError(code, message);
			throw error;
		}
	}

	// ——— streets and stations

	listStreets(): Street[] {
		return [...this.#snapshot.streets.values()].sort(byName);
	}

	async createStreet(actor: string, name: string): Promise<Street> {
		const street = { id: newId(), name };
		await this.#unique(
			() =>
				this.#write(async (tx) => {
					await tx.run('INSERT INTO streets (id, name, created_at) VALUES (?, ?, ?)', [street.id, name, Date.now()]);
					await this.#audit(tx, actor, 'street.create', street);
				}),
			'name-taken',
			`street ${name} exists`
		);
		return street;
	}

	listStations(): Station[] {
		return [...this.#snapshot.stationList];
	}

	getStation(id: string): Station | undefined {
		return this.#snapshot.stations.get(id);
	}

	/** `id` adopts a station first created offline on a device, so its documents sync as they are. */
	async createStation(actor: string, input: { id?: string; name: string; streetId: string; kind: string }): Promise<Station> {
		if (!this.#snapshot.streets.has(input.streetId)) throw new DirectoryError('not-found', 'no such street');
		const id = input.id ?? newId(12);
		await this.#unique(
			() =>
				this.#write(async (tx) => {
					await tx.run('INSERT INTO stations (id, street_id, name, kind, created_at) VALUES (?, ?, ?, ?, ?)', [id, input.streetId, input.name, input.kind, Date.now()]);
					await this.#audit(tx, actor, 'station.create', { id, ...input });
				}),
			'id-taken',
			`station ${id} exists`
		);
		return this.getStation(id)!;
	}

	async updateStation(actor: string, id: string, patch: { name?: string; streetId?: string; kind?: string }): Promise<Station> {
		const station = this.getStation(id);
		if (!station) throw new DirectoryError('not-found', 'no such station');
		const next = { name: patch.name ?? station.name, streetId: patch.streetId ?? station.streetId, kind: patch.kind ?? station.kind };
		if (!this.#snapshot.streets.has(next.streetId)) throw new DirectoryError('not-found', 'no such street');
		await this.#write(async (tx) => {
			await tx.run('UPDATE stations SET name = ?, street_id = ?, kind = ? WHERE id = ?', [next.name, next.streetId, next.kind, id]);
			await this.#audit(tx, actor, 'station.update', { id, ...patch });
		});
		if (next.streetId !== station.streetId) for (const p of this.#leadersOf(station.streetId)) await this.#notify({ kind: 'access-changed', personId: p });
		return this.getStation(id)!;
	}

	// ——— people

	listPeople(): Person[] {
		return [...this.#snapshot.peopleList];
	}

	getPerson(id: string): Person | undefined {
		return this.#snapshot.people.get(id);
	}

	async createPerson(actor: string, input: { phone: string; name: string; role: PersonRole; unit?: string; position?: string; password: string }): Promise<Person> {
		const hash = await hashPassword(input.password);
		const id = newId();
		const now = Date.now();
		await this.#unique(
			() =>
				this.#write(async (tx) => {
					await tx.run('INSERT INTO people (id, phone, name, role, unit, position, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
						id,
						input.phone,
						input.name,
						input.role,
						input.unit ?? '',
						input.position ?? '',
						hash,
						now,
						now
					]);
					await this.#audit(tx, actor, 'person.create', { id, phone: input.phone, name: input.name, role: input.role });
				}),
			'phone-taken',
			`phone ${input.phone} is taken`
		);
		return this.getPerson(id)!;
	}

	async updatePerson(actor: string, id: string, patch: Partial<Pick<Person, 'name' | 'role' | 'unit' | 'position' | 'disabled'>>): Promise<Person> {
		const person = this.getPerson(id);
		if (!person) throw new DirectoryError('not-found', 'no such person');
		const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
		const next = { ...person, ...given };
		await this.#write(async (tx) => {
			await tx.run('UPDATE people SET name = ?, role = ?, unit = ?, position = ?, disabled = ?, updated_at = ? WHERE id = ?', [
				next.name,
				next.role,
				next.unit,
				next.position,
				next.disabled ? 1 : 0,
				Date.now(),
				id
			]);
			await this.#audit(tx, actor, 'person.update', { id, ...patch });
		});
		// Disabling signs the person out everywhere; enabling again does not bring those sessions back.
		if (next.disabled && !person.disabled) await this.sessions.endAll(id, 'disabled');
		if (patch.disabled !== undefined || patch.role !== undefined) await this.#notify({ kind: 'access-changed', personId: id });
		return this.getPerson(id)!;
	}

	async setPassword(actor: string, id: string, password: string): Promise<void> {
		if (!this.getPerson(id)) throw new DirectoryError('not-found', 'no such person');
		const hash = await hashPassword(password);
		await this.#write(async (tx) => {
			await tx.run('UPDATE people SET password_hash = ?, updated_at = ? WHERE id = ?', [hash, Date.now(), id]);
			await this.#audit(tx, actor, 'person.password', { id });
		});
		// A reset password signs the person out everywhere.
		await this.sessions.endAll(id, 'password-reset');
	}

	/** The person for a phone and password, or null; costs the same whether the phone exists or not. */
	async authenticate(phone: string, password: string): Promise<Person | null> {
		const row = await this.db.get<PersonRow>('SELECT * FROM people WHERE phone = ?', [phone]);
		const ok = await verifyPassword(password, row?.password_hash ?? (await DUMMY_HASH));
		if (row && ok) await this.fresh();
		// The snapshot says whether the person is (still) enabled, as every other check does.
		return row && ok ? (this.getPerson(row.id) ?? null) : null;
	}

	// ——— teams and street leaders

	async assign(actor: string, personId: string, stationId: string, role: StationRole): Promise<void> {
		if (!this.getPerson(personId) || !this.getStation(stationId)) throw new DirectoryError('not-found', 'no such person or station');
		await this.#write(async (tx) => {
			await tx.run('INSERT INTO assignments (person_id, station_id, role) VALUES (?, ?, ?) ON CONFLICT (person_id, station_id) DO UPDATE SET role = excluded.role', [personId, stationId, role]);
			await this.#audit(tx, actor, 'team.assign', { personId, stationId, role });
		});
		await this.#notify({ kind: 'access-changed', personId });
	}

	async unassign(actor: string, personId: string, stationId: string): Promise<void> {
		await this.#write(async (tx) => {
			const { changes } = await tx.run('DELETE FROM assignments WHERE person_id = ? AND station_id = ?', [personId, stationId]);
			if (!changes) throw new DirectoryError('not-found', 'not on that team');
			await this.#audit(tx, actor, 'team.unassign', { personId, stationId });
		});
		await this.#notify({ kind: 'access-changed', personId });
	}

	teamOf(stationId: string): { person: Person; role: StationRole }[] {
		return this.#snapshot.teams.get(stationId) ?? [];
	}

	/**
	 * The team as it serves now: a disabled person (one who has left) keeps their place on the team
	 * until the office changes it, but is no one's cadre: not on the notices' card, not rated, not
	 * counted in the station's visit target or service figures.
	 */
	activeTeamOf(stationId: string): { person: Person; role: StationRole }[] {
		return this.teamOf(stationId).filter((m) => !m.person.disabled);
	}

	/** Every assignment with this role, by person then station. */
	assignmentsAs(role: StationRole): { personId: string; stationId: string }[] {
		const out: { personId: string; stationId: string }[] = [];
		for (const [personId, stations] of this.#snapshot.assignments)
			for (const [stationId, r] of stations) if (r === role) out.push({ personId, stationId });
		return out.sort((a, b) => compareIds(a.personId, b.personId) || compareIds(a.stationId, b.stationId));
	}

	async setLeader(actor: string, personId: string, streetId: string, leads: boolean): Promise<void> {
		if (!this.getPerson(personId)) throw new DirectoryError('not-found', 'no such person');
		if (!this.#snapshot.streets.has(streetId)) throw new DirectoryError('not-found', 'no such street');
		await this.#write(async (tx) => {
			if (leads) await tx.run('INSERT INTO street_leaders (person_id, street_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [personId, streetId]);
			else await tx.run('DELETE FROM street_leaders WHERE person_id = ? AND street_id = ?', [personId, streetId]);
			await this.#audit(tx, actor, leads ? 'street.lead' : 'street.unlead', { personId, streetId });
		});
		await this.#notify({ kind: 'access-changed', personId });
	}

	#leadersOf(streetId: string): string[] {
		return this.leadersOf(streetId).map((l) => l.personId);
	}

	leadersOf(streetId: string): { personId: string; name: string }[] {
		return this.#snapshot.leaders.get(streetId) ?? [];
	}

	// ——— rights

	grants(personId: string, stationId: string): Grants | null {
		const person = this.getPerson(personId);
		const station = this.getStation(stationId);
		if (!person || !station) return null;
		const role = this.#snapshot.assignments.get(personId)?.get(stationId) ?? null;
		const leads = this.#snapshot.leads.get(personId)?.has(station.streetId) ?? false;
		return { role: person.role, disabled: person.disabled, assignment: role, leadsStreet: leads };
	}

	/** Every station the person may open, with what they may do there. */
	stationsFor(personId: string): StationAccess[] {
		const person = this.getPerson(personId);
		if (!person || person.disabled) return [];
		const assigned = this.#snapshot.assignments.get(personId);
		const leads = this.#snapshot.leads.get(personId);
		const candidates = person.role === 'office' ? this.listStations() : this.listStations().filter((s) => assigned?.has(s.id) || leads?.has(s.streetId));
		return candidates.flatMap((s) => {
			const g = this.grants(personId, s.id)!;
			const board = accessTo('board', g);
			if (!board) return [];
			return [{ ...s, as: g.assignment ?? (g.leadsStreet && person.role !== 'office' ? 'leader' : 'office'), board, visits: accessTo('visits', g), contacts: accessTo('contacts', g) }];
		});
	}
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function latestAudit(db: Queryable): Promise<number> {
	return (await db.get<{ id: number }>('SELECT coalesce(max(id), 0) AS "id" FROM audit'))!.id;
}
