// What the documents' worker tells the page of each kind of document (hosted-doc.ts): its keyed
// collections, each value as the views read it (an entry's state derived from its timeline, a
// notice, a visit…), and its small values recomputed whole. Runs in the worker only: it brings Yjs
// and the documents' readers; the page holds what these give, as plain objects.
import type * as Y from 'yjs';
import { boardParts, readCategories, readEntry, readIdea, readMeta } from '$lib/documents/board';
import { contactsParts, NO_REPORTER, type Reporter } from '$lib/documents/contacts';
import { dutyDaysOf, readDutyDays } from '$lib/documents/duty-days';
import { inboxOf } from '$lib/documents/inbox';
import { noticesOf, readNotice } from '$lib/documents/notices';
import { visitLogParts } from '$lib/documents/visit-log';
import type { EntryState } from '$lib/domain/ledger';
import { toEntryRow } from '$lib/domain/ledger-query';

/** A keyed collection: its Y.Map and how a value is read for the page. */
export interface MapShape {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any map of a document
	map(doc: Y.Doc): Y.Map<any>;
	read(value: unknown, key: string): unknown;
	/**
	 * What the page holds of every value, when not the whole of it: the worker keeps what `read`
	 * gives and tells the page this, and the whole value only of the keys a view watches (a records
	 * message's `whole`: docs-protocol.ts). A board's entries: the page holds their rows (issue 11).
	 */
	row?(full: unknown): unknown;
	/**
	 * With `row`: the page is told no value at the load, only the rows of the keys each change puts
	 * (and which it deletes); its views ask the worker for what they show (a board's ledger:
	 * hosted-list.ts, issue 11), so what the page holds does not grow with the collection.
	 */
	windowed?: boolean;
	/**
	 * The page is told no value of it, at the load or a change, but the whole values of the keys its
	 * views watch: a station's reporters (residents' personal data, and one per entry: the entry page
	 * shows one at a time), so what the page holds of them does not grow with the ledger.
	 */
	watchedOnly?: boolean;
}

/** A small value: the types it is read from, and how. */
interface ValueShape {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any shared type of a document
	types(doc: Y.Doc): Y.AbstractType<any>[];
	read(doc: Y.Doc): unknown;
}

export interface DocShape {
	maps: Record<string, MapShape>;
	values: Record<string, ValueShape>;
}

const same = (value: unknown) => value;

const SHAPES: Record<string, DocShape> = {
	board: {
		maps: {
			entries: { map: (doc) => boardParts(doc).entries, read: (value) => readEntry(value as Y.Map<unknown>), row: (entry) => toEntryRow(entry as EntryState), windowed: true },
			ideas: { map: (doc) => boardParts(doc).ideas, read: (value) => readIdea(value as Y.Map<unknown>) },
			notices: { map: noticesOf, read: (value) => readNotice(value as Y.Map<unknown>) },
			inbox: { map: inboxOf, read: same }
		},
		values: {
			meta: { types: (doc) => [boardParts(doc).meta], read: readMeta },
			/** Whether the board holds anything yet (a device that never had it shows "restoring"). */
			started: { types: (doc) => [boardParts(doc).meta], read: (doc) => boardParts(doc).meta.size > 0 },
			categories: { types: (doc) => [boardParts(doc).categories], read: readCategories },
			dutyDays: { types: (doc) => [dutyDaysOf(doc)], read: readDutyDays }
		}
	},
	contacts: {
		maps: {
			reporters: { map: (doc) => contactsParts(doc).reporters, read: (value) => ({ ...NO_REPORTER, ...(value as Reporter) }), watchedOnly: true },
			inbox: { map: (doc) => contactsParts(doc).inbox, read: same },
			proposers: { map: (doc) => contactsParts(doc).proposers, read: same }
		},
		values: {}
	},
	visits: {
		maps: {
			visits: { map: (doc) => visitLogParts(doc).visits, read: same },
			ties: { map: (doc) => visitLogParts(doc).ties, read: same },
			help: { map: (doc) => visitLogParts(doc).help, read: same }
		},
		values: {}
	}
};

const NONE: DocShape = { maps: {}, values: {} };

/** The shape of a document by its name (`board:<station>`, `contacts:…`, `visits:…`). */
export const shapeOf = (name: string): DocShape => SHAPES[name.split(':')[0]] ?? NONE;
