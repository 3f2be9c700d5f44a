// Keeps residents' personal data out of the server's boards (issue 8; docs/data-model.md,
// "Residents' personal data"). Every stored board is migrated once (at the first start with this
// code; a table remembers which), a board is checked in full whenever a room opens it, and every
// transaction applied to an open board is checked for a personal field put back (an app of before
// the move, back online). What is found is written into contacts:<stationId>, then deleted from the
// board, both through the relay's own write path: stored, then sent to everyone connected.
import type * as Y from 'yjs';
import { findPersonalData, isEmpty, keepPersonalData, stripPersonalData, touchedPersonalRecords, type PersonalData } from '../../src/lib/documents/personal-data';
import { docNames } from '../../src/lib/domain/station';
import { parseDocName } from '../accounts/rights';
import type { Db } from '../db';
import type { Logger } from '../relay/types';

export interface DocWriter {
	load(docName: string): Promise<Y.Doc>;
	change(docName: string, change: (doc: Y.Doc) => void, sender: string): Promise<void>;
	log: { load(docName: string): Promise<Uint8Array[]> };
}

// Every personal key is written into an update as its UTF-8 bytes: a stored board none of whose
// updates holds one of these cannot hold personal data, and is not loaded (a district's boards
// take seconds to replay). An inbox item's `name`/`phone` are only looked for when there is an inbox.
const MARKERS = ['reporterName', 'reporterPhone', 'reporterPrivate', 'proposer'].map((k) => Buffer.from(k));
const INBOX = Buffer.from('inbox');
const PHONE = Buffer.from('phone');

function mayHold(updates: Uint8Array[]): boolean {
	const bytes = updates.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength));
	const has = (marker: Buffer) => bytes.some((b) => b.includes(marker));
	return MARKERS.some(has) || (has(INBOX) && has(PHONE));
}

/** The sender recorded in the update log for the move. */
export const MOVER = 'server:personal-data';

/** Whether a person may write a station's contacts document (the cadre, assistant, liaison). */
export type MayKeep = (personId: string, stationId: string) => boolean;

type RecordIds = { reporters: Set<string>; inbox: Set<string>; proposers: Set<string> };

export class PersonalDataMover {
	#scheduled = new Set<string>();
	/**
	 * By station: records whose personal fields a writer without the right to the contacts (a
	 * lawyer) put into the board. Taken out of the board like any other, never kept in the contacts.
	 */
	#untrusted = new Map<string, RecordIds>();
	/**
	 * By station: the move under way. Moves of one station run one after the other: one begun while
	 * another waited on its contacts write would find what that one had marked untrusted and taken
	 * the mark of, still on the board, unmarked, and keep it.
	 */
	#moving = new Map<string, Promise<unknown>>();

	constructor(
		private docs: () => DocWriter,
		private db: Db,
		private log: Logger = console,
		private mayKeep: MayKeep | null = null
	) {}

	/** Moves what a station's board holds, after any move of it under way; true when anything moved. Idempotent. */
	move(stationId: string): Promise<boolean> {
		const moving = (this.#moving.get(stationId) ?? Promise.resolve()).then(() => this.#moveNow(stationId));
		const settled = moving.catch(() => {});
		this.#moving.set(stationId, settled);
		void settled.then(() => this.#moving.get(stationId) === settled && this.#moving.delete(stationId));
		return moving;
	}

	async #moveNow(stationId: string): Promise<boolean> {
		const names = docNames(stationId);
		const docs = this.docs();
		const found = findPersonalData(await docs.load(names.board));
		const untrusted = this.#untrusted.get(stationId);
		this.#untrusted.delete(stationId);
		if (isEmpty(found)) return false;
		try {
			// Into the contacts first: a crash in between leaves a copy, never a loss; the next run finishes.
			const kept = untrusted ? without(found, untrusted) : found;
			if (!isEmpty(kept)) await docs.change(names.contacts, (d) => keepPersonalData(d, kept, MOVER), MOVER);
			await docs.change(names.board, (d) => stripPersonalData(d, found, MOVER), MOVER);
		} catch (error) {
			// Still on the board: the next move must know them for a lawyer's again.
			if (untrusted) this.#distrust(stationId, untrusted);
			throw error;
		}
		const moved = found.reporters.size + found.inbox.size + found.proposers.size;
		this.log.info(`personal data: moved ${moved} record(s) out of ${names.board}`);
		return true;
	}

	/** Every station's board not yet migrated: once per board, at start, before anything is served. */
	async migrateStored(stationIds: readonly string[]): Promise<void> {
		const done = new Set((await this.db.query<{ doc_name: string }>('SELECT doc_name FROM personal_data_moved')).map((r) => r.doc_name));
		for (const id of stationIds) {
			const name = docNames(id).board;
			if (done.has(name)) continue;
			try {
				if (mayHold(await this.docs().log.load(name))) await this.move(id);
				await this.db.run('INSERT INTO personal_data_moved (doc_name, at) VALUES (?, ?) ON CONFLICT DO NOTHING', [name, Date.now()]);
			} catch (error) {
				this.log.warn(`personal data: could not migrate ${name}: ${(error as Error).message}`);
			}
		}
	}

	/**
	 * The relay's hook: a board's room has loaded (nobody has its state yet). The relay holds its
	 * connections back until the returned promise settles, so none is sent what is being moved.
	 */
	roomOpened = async (docName: string, doc: Y.Doc): Promise<void> => {
		const parsed = parseDocName(docName);
		if (parsed?.kind !== 'board') return;
		doc.on('afterTransaction', (transaction: Y.Transaction) => {
			if (transaction.origin === 'server') return;
			const touched = touchedPersonalRecords(doc, transaction);
			if (touched.reporters.size + touched.inbox.size + touched.proposers.size === 0) return;
			// The relay applies a client's update with its connection as the origin (room.ts).
			const writer = (transaction.origin as { identity?: { userId?: string } } | null)?.identity?.userId;
			if (this.mayKeep && writer !== undefined && !this.mayKeep(writer, parsed.stationId)) this.#distrust(parsed.stationId, touched);
			this.#schedule(parsed.stationId);
		});
		await this.#run(parsed.stationId);
	};

	#distrust(stationId: string, touched: RecordIds): void {
		let ids = this.#untrusted.get(stationId);
		if (!ids) this.#untrusted.set(stationId, (ids = { reporters: new Set(), inbox: new Set(), proposers: new Set() }));
		for (const kind of ['reporters', 'inbox', 'proposers'] as const) for (const id of touched[kind]) ids[kind].add(id);
	}

	/** After the relay has forwarded the update that put the field back (same turn, never inside its transaction). */
	#schedule(stationId: string): void {
		if (this.#scheduled.has(stationId)) return;
		this.#scheduled.add(stationId);
		queueMicrotask(() => {
			this.#scheduled.delete(stationId);
			void this.#run(stationId);
		});
	}

	async #run(stationId: string): Promise<void> {
		try {
			await this.move(stationId);
		} catch (error) {
			this.log.warn(`personal data: could not move out of board:${stationId}: ${(error as Error).message}`);
		}
	}
}

/** `found` without the records in `ids`. */
function without(found: PersonalData, ids: RecordIds): PersonalData {
	const keep = <T>(map: Map<string, T>, drop: Set<string>) => new Map([...map].filter(([id]) => !drop.has(id)));
	return { reporters: keep(found.reporters, ids.reporters), inbox: keep(found.inbox, ids.inbox), proposers: keep(found.proposers, ids.proposers) };
}
