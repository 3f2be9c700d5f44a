// What statistics, files and exports need from each station's documents, derived once per stored
// state: replaying 2,000 timelines is the expensive part, so it is redone only when the relay's
// store has a newer update for that document (its lastId moved). Repeated views cost a lookup.
import * as Y from 'yjs';
import { boardParts, readEntry, readIdea, readMeta } from '../../src/lib/documents/board';
import { visitLogParts } from '../../src/lib/documents/visit-log';
import type { IdeaState } from '../../src/lib/domain/ideas';
import type { EntryState } from '../../src/lib/domain/ledger';
import { docNames } from '../../src/lib/domain/station';
import type { Help, Tie, Visit } from '../../src/lib/domain/visits';
import type { Db } from '../db';
import type { Relay } from '../relay/relay';
import { pack, unpack, type PackedStation, type StatsInput } from './stats-projection';

export interface BoardDerived {
	name: string;
	entries: EntryState[];
	ideas: IdeaState[];
}

export interface VisitsDerived {
	visits: Visit[];
	ties: Tie[];
	help: Help[];
}

function deriveBoard(doc: Y.Doc): BoardDerived {
	const { entries, ideas } = boardParts(doc);
	return { name: readMeta(doc).name, entries: [...entries.values()].map(readEntry), ideas: [...ideas.values()].map(readIdea) };
}

type DocSource = Pick<Relay, 'read'> & { store: Pick<Relay['store'], 'lastId' | 'load'> };

export class DerivedCache {
	#boards = new Map<string, { lastId: number; value: BoardDerived }>();
	#visits = new Map<string, { lastId: number; value: VisitsDerived }>();
	#stats = new Map<string, { key: string; value: StatsInput }>();

	constructor(
		private docs: DocSource,
		private db?: Db
	) {
		db?.exec('CREATE TABLE IF NOT EXISTS derived_stats (station_id TEXT PRIMARY KEY, state TEXT NOT NULL, data TEXT NOT NULL)');
	}

	/**
	 * What statistics need of a station, kept in memory and in SQLite under the lastIds of both
	 * its documents: after a restart the district view unpacks stored rows instead of replaying.
	 */
	stats(stationId: string): StatsInput {
		return this.#statsFrom(stationId, (name) => this.docs.read(name));
	}

	/**
	 * The same, for the warm-up at startup: the documents are loaded from the store and dropped
	 * after deriving, so warming a district does not push the relay's recent snapshots out.
	 */
	warm(stationId: string): void {
		const opened: Y.Doc[] = [];
		try {
			this.#statsFrom(stationId, (name) => {
				const doc = new Y.Doc();
				doc.transact(() => this.docs.store.load(name).forEach((u) => Y.applyUpdate(doc, u)));
				opened.push(doc);
				return doc;
			});
		} finally {
			opened.forEach((doc) => doc.destroy());
		}
	}

	#statsFrom(stationId: string, read: (docName: string) => Y.Doc): StatsInput {
		const names = docNames(stationId);
		const key = `${this.docs.store.lastId(names.board)}:${this.docs.store.lastId(names.visits)}`;
		const hit = this.#stats.get(stationId);
		if (hit && hit.key === key) return hit.value;
		const row = this.db?.prepare('SELECT data FROM derived_stats WHERE station_id = ? AND state = ?').get(stationId, key) as { data: string } | undefined;
		let value: StatsInput;
		if (row) value = unpack(JSON.parse(row.data) as PackedStation);
		else {
			// Derived here without keeping the full entries: a district's would not fit in memory.
			const board = this.#boards.get(names.board)?.value ?? deriveBoard(read(names.board));
			const visits = this.#visits.get(names.visits)?.value.visits ?? [...visitLogParts(read(names.visits)).visits.values()];
			const packed = pack({ ...board, visits });
			this.db?.prepare('INSERT INTO derived_stats (station_id, state, data) VALUES (?, ?, ?) ON CONFLICT (station_id) DO UPDATE SET state = excluded.state, data = excluded.data').run(stationId, key, JSON.stringify(packed));
			value = unpack(packed);
		}
		this.#stats.set(stationId, { key, value });
		return value;
	}

	#get<T>(cache: Map<string, { lastId: number; value: T }>, docName: string, derive: () => T): T {
		const lastId = this.docs.store.lastId(docName);
		const hit = cache.get(docName);
		if (hit && hit.lastId === lastId) return hit.value;
		const value = derive();
		cache.set(docName, { lastId, value });
		return value;
	}

	board(stationId: string): BoardDerived {
		const name = docNames(stationId).board;
		return this.#get(this.#boards, name, () => deriveBoard(this.docs.read(name)));
	}

	visitLog(stationId: string): VisitsDerived {
		const name = docNames(stationId).visits;
		return this.#get(this.#visits, name, () => {
			const { visits, ties, help } = visitLogParts(this.docs.read(name));
			return { visits: [...visits.values()], ties: [...ties.values()], help: [...help.values()] };
		});
	}
}
