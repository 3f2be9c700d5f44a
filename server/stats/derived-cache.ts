// What statistics, files and exports need from each station's documents, derived once per stored
// state: replaying 2,000 timelines is the expensive part, so it is redone only when the relay's
// store has a newer update for that document (its lastId moved). Repeated views cost a lookup.
// Asynchronous throughout: the documents may be in PostgreSQL (relay.load, relay.log).
import * as Y from 'yjs';
import { readableRecords } from '../../src/lib/documents/tolerant-read';
import { docNames } from '../../src/lib/domain/station';
import type { Help, Tie, Visit } from '../../src/lib/domain/visits';
import type { Db } from '../db';
import type { Relay } from '../relay/relay';
import type { Derive } from './derive-pool';
import { residentsOf } from '../documents/residents';
import { deriveBoard, type BoardDerived } from './derive-station';
import { pack, PACK_VERSION, unpack, type PackedStation, type StatsInput } from './stats-projection';

export type { BoardDerived } from './derive-station';

export interface VisitsDerived {
	visits: Visit[];
	ties: Tie[];
	help: Help[];
}

type DocSource = Pick<Relay, 'load'> & { log: Pick<Relay['log'], 'lastId' | 'load'> };

export class DerivedCache {
	#boards = new Map<string, { lastId: number; value: BoardDerived }>();
	#visits = new Map<string, { lastId: number; value: VisitsDerived }>();
	#stats = new Map<string, { key: string; value: StatsInput }>();

	/** Stored rows read at the start (`load`), by station: what the last run derived. */
	#stored = new Map<string, { key: string; data: string }>();
	/** Writes to the storage, one after the other; the cache never waits for them. */
	#writes: Promise<void> = Promise.resolve();

	constructor(
		private docs: DocSource,
		private db?: Db,
		private log: Pick<Console, 'warn'> = console
	) {}

	/** Reads what the last run derived (one query), so the district view after a restart unpacks instead of replaying. */
	async load(): Promise<void> {
		if (!this.db) return;
		for (const r of await this.db.query<{ station_id: string; state: string; data: string }>('SELECT station_id, state, data FROM derived_stats'))
			this.#stored.set(r.station_id, { key: r.state, data: r.data });
	}

	/** Resolves once every derived row so far is stored. */
	flushed(): Promise<void> {
		return this.#writes;
	}

	/**
	 * What statistics need of a station, kept in memory and in SQLite under the lastIds of both
	 * its documents: after a restart the district view unpacks stored rows instead of replaying.
	 */
	stats(stationId: string): Promise<StatsInput> {
		return this.#statsFrom(stationId, (name) => this.docs.load(name));
	}

	/**
	 * The same, for the warm-up at startup: the documents are loaded from the store and dropped
	 * after deriving, so warming a district does not push the relay's recent snapshots out.
	 * Given `derive` (the warm-up's worker), the replay happens off the main thread: here only the
	 * stored bytes are read and the packed result stored.
	 */
	async warm(stationId: string, derive?: Derive): Promise<void> {
		if (derive) return this.#warmWith(stationId, derive);
		const opened: Y.Doc[] = [];
		try {
			await this.#statsFrom(stationId, async (name) => {
				const doc = new Y.Doc();
				const updates = await this.docs.log.load(name);
				doc.transact(() => updates.forEach((u) => Y.applyUpdate(doc, u)));
				opened.push(doc);
				return doc;
			});
		} finally {
			opened.forEach((doc) => doc.destroy());
		}
	}

	async #warmWith(stationId: string, derive: Derive): Promise<void> {
		const names = docNames(stationId);
		const key = await this.#key(names);
		if (this.#known(stationId, key)) return;
		const [board, visits] = await Promise.all([this.docs.log.load(names.board), this.docs.log.load(names.visits)]);
		const json = await derive(board, visits);
		// Stored under the state it was derived from: a change made meanwhile moves the key, and
		// the next view derives that station again.
		this.#keep(stationId, key, JSON.parse(json) as PackedStation, json);
	}

	async #key(names: { board: string; visits: string }): Promise<string> {
		return (await this.#state(names)).key;
	}

	/** The documents' stored states (their lastIds), and the key statistics are kept under. */
	async #state(names: { board: string; visits: string }): Promise<{ key: string; board: number; visits: number }> {
		const [board, visits] = await Promise.all([this.docs.log.lastId(names.board), this.docs.log.lastId(names.visits)]);
		// The packed layout's version first: a row packed by older code is derived again, never misread.
		return { key: `v${PACK_VERSION}:${board}:${visits}`, board, visits };
	}

	/** What `cache` derived of a document, only while the document is stored as it was then. */
	#current<T>(cache: Map<string, { lastId: number; value: T }>, docName: string, lastId: number): T | undefined {
		const hit = cache.get(docName);
		return hit && hit.lastId === lastId ? hit.value : undefined;
	}

	/** The station's stats for this key from memory or SQLite, put in memory; undefined when neither has it. */
	#known(stationId: string, key: string): StatsInput | undefined {
		const hit = this.#stats.get(stationId);
		if (hit && hit.key === key) return hit.value;
		const row = this.#stored.get(stationId);
		if (!row || row.key !== key) return undefined;
		this.#stored.delete(stationId);
		const value = unpack(JSON.parse(row.data) as PackedStation);
		this.#stats.set(stationId, { key, value });
		return value;
	}

	#keep(stationId: string, key: string, packed: PackedStation, json = JSON.stringify(packed)): StatsInput {
		const db = this.db;
		if (db)
			this.#writes = this.#writes
				.then(() => db.run('INSERT INTO derived_stats (station_id, state, data) VALUES (?, ?, ?) ON CONFLICT (station_id) DO UPDATE SET state = excluded.state, data = excluded.data', [stationId, key, json]))
				.then(
					() => {},
					(error) => this.log.warn(`statistics: could not store derived ${stationId}: ${(error as Error).message}`)
				);
		this.#stored.delete(stationId);
		const value = unpack(packed);
		this.#stats.set(stationId, { key, value });
		return value;
	}

	async #statsFrom(stationId: string, read: (docName: string) => Promise<Y.Doc>): Promise<StatsInput> {
		const names = docNames(stationId);
		// Read before the documents: a change made meanwhile moves the key, and the next view derives again.
		const state = await this.#state(names);
		const { key } = state;
		const known = this.#known(stationId, key);
		if (known) return known;
		// Derived here without keeping the full entries: a district's would not fit in memory. What an
		// export or a file derived is reused only while its document has not changed since (it was
		// reused whatever its age, and stored under the newer key: statistics stayed behind the ledger
		// until the next change, across restarts too).
		const board = this.#current(this.#boards, names.board, state.board) ?? deriveBoard(await read(names.board));
		const log = this.#current(this.#visits, names.visits, state.visits);
		const visitsDoc = log ? null : await read(names.visits);
		const visits = log?.visits ?? readableRecords(visitsDoc!, 'visits');
		const help = log?.help ?? readableRecords(visitsDoc!, 'help');
		return this.#keep(stationId, key, pack({ ...board, visits, help }));
	}

	async #get<T>(cache: Map<string, { lastId: number; value: T }>, docName: string, derive: (doc: Y.Doc) => T): Promise<T> {
		const lastId = await this.docs.log.lastId(docName);
		const hit = this.#current(cache, docName, lastId);
		if (hit) return hit;
		const value = derive(await this.docs.load(docName));
		cache.set(docName, { lastId, value });
		return value;
	}

	board(stationId: string): Promise<BoardDerived> {
		return this.#get(this.#boards, docNames(stationId).board, deriveBoard);
	}

	/** The station's residents' contacts (team-only data): for the team's export. */
	contacts(stationId: string): Promise<Y.Doc> {
		return this.docs.load(docNames(stationId).contacts);
	}

	/** The residents' names and numbers the station's team holds, to mask text leaving the team (residents.ts). */
	residents(stationId: string): Promise<string[]> {
		return residentsOf((name) => this.docs.load(name), stationId);
	}

	visitLog(stationId: string): Promise<VisitsDerived> {
		return this.#get(this.#visits, docNames(stationId).visits, (doc) => {
			return { visits: readableRecords(doc, 'visits'), ties: readableRecords(doc, 'ties'), help: readableRecords(doc, 'help') };
		});
	}
}
