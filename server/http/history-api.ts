// An entry's history (docs/api.md, "Entry history"): whoever may read the board reads it; the
// frontline office may restore an entry's facts to an earlier version, written by the server
// through the relay like a client's update (checked against the board's rules, stored, sent to
// everyone connected) and recorded in the history as the office person's change.
import { z } from 'zod';
import { residentsOf } from '../documents/residents';
import { updateFacts, type EditableFacts } from '../../src/lib/documents/board';
import type { EntryHistoryAnswer } from '../../src/lib/domain/entry-history';
import { docNames } from '../../src/lib/domain/station';
import type { Directory, Person } from '../accounts/directory';
import { accessTo } from '../accounts/rights';
import type { Db } from '../db';
import { audit } from '../escalation/audit';
import { entryHistory, entryOf, factsToRestore } from '../history/entry-history';
import { RefusedWrite, type Relay } from '../relay/relay';
import type { Auth } from './auth';
import { HttpError, readBody, send } from './json';
import type { Route } from './router';

const restore = z.object({ version: z.number().int().positive() });
const ENTRY = /^\/api\/stations\/([0-9a-z]{6,32})\/entries\/([0-9a-z]{6,32})\/history$/;
const RESTORE = /^\/api\/stations\/([0-9a-z]{6,32})\/entries\/([0-9a-z]{6,32})\/restore$/;

export interface HistoryDeps {
	db: Db;
	directory: Directory;
	relay: Pick<Relay, 'load' | 'change' | 'log'>;
}

export function historyRoutes({ db, directory, relay }: HistoryDeps, auth: Auth): Route[] {
	/** The board's reader, the entry on the server's board, and whether the reader is on the team. */
	async function reading(person: Person, stationId: string, entryId: string) {
		const grants = directory.getStation(stationId) ? directory.grants(person.id, stationId) : null;
		if (!grants || !accessTo('board', grants)) throw new HttpError(directory.getStation(stationId) ? 403 : 404, directory.getStation(stationId) ? 'forbidden' : 'not-found');
		const names = docNames(stationId);
		const entry = entryOf(await relay.load(names.board), entryId);
		if (!entry) throw new HttpError(404, 'not-found');
		return { names, entry, team: accessTo('contacts', grants) !== null };
	}

	async function answer(person: Person, stationId: string, entryId: string): Promise<EntryHistoryAnswer> {
		const { names, entry, team } = await reading(person, stationId, entryId);
		const view = entryHistory({
			entry,
			rows: await relay.log.entryHistory(names.board, entryId),
			nameOf: (actor) => directory.getPerson(actor)?.name ?? null,
			// Outside the team (leader, lawyer, office), names and numbers typed into text are masked.
			mask: team ? null : await residentsOf((name) => relay.load(name), stationId)
		});
		return { entryId, canRestore: person.role === 'office', ...view };
	}

	return [
		['GET', ENTRY, async ({ req, res, params }) => {
			const person = await auth.signedIn(req);
			send(res, 200, await answer(person, params[0], params[1]));
		}],
		['POST', RESTORE, async ({ req, res, params }) => {
			const person = await auth.signedIn(req);
			const [stationId, entryId] = params;
			const { names, entry } = await reading(person, stationId, entryId);
			if (person.role !== 'office') throw new HttpError(403, 'forbidden');
			const { version } = await readBody(req, restore);
			const rows = await relay.log.entryHistory(names.board, entryId);
			if (!rows.some((r) => r.updateId === version && r.kind !== 'event')) throw new HttpError(404, 'no-such-version');
			const patch = factsToRestore(entry, rows, version) as Partial<EditableFacts>;
			if (Object.keys(patch).length === 0) throw new HttpError(409, 'unchanged');
			try {
				await relay.change(names.board, (doc) => updateFacts(doc, entryId, patch), `office:${person.id}`, { check: true, note: `restored:${version}` });
			} catch (error) {
				if (error instanceof RefusedWrite) throw new HttpError(409, 'refused');
				throw error;
			}
			await audit(db, person.id, 'entry.restore', { stationId, entryId, version, fields: Object.keys(patch) });
			send(res, 200, await answer(person, stationId, entryId));
		}]
	];
}
