// A board update as a reader outside the station's team receives it (a street leader, the office):
// the same Yjs structure, every item with the id it has on the server, and the text the team typed
// masked (docs/sync-protocol.md, "What readers receive"). Because the ids are the server's, masked
// updates merge with each other in any order and across reconnects exactly as the originals do,
// and a reader's stored copy stays a consistent (masked) copy of the board. A reader never writes,
// so nothing masked can come back into the document.
//
// Only a value's content is changed, never its length in Yjs clocks: a map or array value (plain
// JSON, ContentAny) is one clock per value whatever its text, and a Y.Text run (which a board does
// not use) keeps its length, each character replaced.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Masks the residents' names and numbers in a text (`redact` with the station's list). */
export type Mask = (text: string) => string;

/**
 * Keys whose text the team types: an entry's `content` and `place`, a timeline event's `text`,
 * `reason`, `note`, `decision` (the dispatch meeting's), `responsible`, `department` and an
 * escalation's `departments` (names, but typed: a name or a phone may be in them; a list, each one masked), an idea's `title`, `detail` and its
 * history's `note`, a resident's report's `content`, `place` and `reason`, a notice's `title`,
 * `place` and `topics`.
 */
export const FREE_TEXT_KEYS: ReadonlySet<string> = new Set(['content', 'place', 'text', 'reason', 'note', 'decision', 'responsible', 'department', 'departments', 'title', 'detail', 'topics']);

/**
 * Keys of schema 1 that held a resident's name or phone as a field (docs/data-model.md): an old
 * app may still write them, and the server moves them out right after (personal-data.ts). A reader
 * connected at that moment receives them masked whole.
 */
const PERSONAL_KEYS: ReadonlyMap<string, string> = new Map([
	['reporterName', '某某'],
	['reporterPhone', '***'],
	['proposer', '某某']
]);
/** In a report (the board's root `inbox`, schema 1): the contact the resident left. */
const REPORT_CONTACT_KEYS: ReadonlyMap<string, string> = new Map([
	['name', '某某'],
	['phone', '***']
]);

/**
 * The update with its text masked; the same bytes when nothing in it needed masking. `doc` is the
 * document the update is already part of (the room's): a value that replaced another is encoded
 * without its key (Yjs finds it from the value it replaced), so the key is read there.
 */
export function maskUpdate(update: Uint8Array, mask: Mask, doc: Y.Doc): Uint8Array {
	const { structs, ds } = Y.decodeUpdate(update);
	const reports = doc.share.get('inbox') ?? null;
	let changed = false;
	for (const struct of structs) {
		if (!(struct instanceof Y.Item)) continue;
		const masked = maskedContent(struct.content, placeOf(struct, doc, reports), mask);
		if (masked) (struct.content = masked), (changed = true);
	}
	return changed ? encodeUpdate(runsOf(structs).map((run) => ({ structs: run, start: 0, offset: 0 })), ds) : update;
}

/**
 * What a client with `stateVector` lacks of the document (all of it without one), with its text
 * masked: what `maskUpdate(Y.encodeStateAsUpdate(doc, stateVector))` gives, written straight from
 * the document as Yjs writes a diff (decoding a busy board's whole update again would cost twice
 * the masking: 300 ms for 5,000 entries).
 */
export function maskedState(doc: Y.Doc, mask: Mask, stateVector?: Uint8Array): Uint8Array {
	const known = stateVector ? Y.decodeStateVector(stateVector) : new Map<number, number>();
	const reports = doc.share.get('inbox') ?? null;
	const runs: Run[] = [];
	for (const [client, structs] of [...doc.store.clients.entries()].sort((a, b) => b[0] - a[0])) {
		const last = structs[structs.length - 1];
		const clock = Math.max(known.get(client) ?? 0, structs[0].id.clock);
		if (last.id.clock + last.length <= clock) continue;
		const start = Y.findIndexSS(structs, clock);
		runs.push({ structs, start, offset: clock - structs[start].id.clock });
	}
	return encodeUpdate(runs, Y.createDeleteSetFromStructStore(doc.store), (item) => maskedContent(item.content, placeOf(item, doc, reports), mask));
}

/** Where a value sits: its key in a map (null in an array), and whether it is a report (the root `inbox`). */
interface Place {
	key: string | null;
	inReports: boolean;
}
/** A value the document has collected as garbage (deleted, so nothing of it is needed), or does not hold. */
const UNKNOWN: Place = { key: null, inReports: false };

function placeOf(item: Y.Item, doc: Y.Doc, reports: Y.AbstractType<Y.YEvent<any>> | null): Place {
	let held: unknown = item.parent instanceof Y.AbstractType ? item : null;
	if (!held) {
		try {
			held = Y.getItem(doc.store, item.id);
		} catch {
			/* not in the document: read from the update below */
		}
	}
	if (held instanceof Y.Item) return { key: held.parentSub, inReports: reports !== null && held.parent === reports };
	// Not in the document (an update not applied to it): where the update itself says, if it does.
	if (!held && (item.parentSub !== null || item.parent !== null)) return { key: item.parentSub, inReports: (item.parent as unknown) === 'inbox' };
	return UNKNOWN;
}

/** A content's masked copy, or null when nothing in it needs masking. */
function maskedContent(content: Content, place: Place, mask: Mask): Content | null {
	// Kinds a board never holds (the rules refuse them, server/documents/doc-rules.ts), masked as the
	// value they stand for in case one was stored before: an embed as a value, a format mark's value
	// as its key's.
	if (content instanceof Y.ContentEmbed) {
		const masked = maskValue(content.embed, place.key, mask, place.inReports);
		return masked === content.embed ? null : new Y.ContentEmbed(masked as object);
	}
	if (content instanceof Y.ContentFormat) {
		const masked = maskValue(content.value, content.key, mask, place.inReports);
		return masked === content.value ? null : new Y.ContentFormat(content.key, masked as object);
	}
	if (content instanceof Y.ContentString) {
		// Not a board's type: masked whole, one character for one, so that its clocks stay.
		return /[^*]/.test(content.str) ? new Y.ContentString('*'.repeat(content.str.length)) : null;
	}
	const json = content instanceof Y.ContentJSON;
	if (!json && !(content instanceof Y.ContentAny)) return null;
	let changed = false;
	const arr = content.arr.map((value: unknown) => {
		const masked = place === UNKNOWN ? null : maskValue(value, place.key, mask, place.inReports);
		if (masked !== value) changed = true;
		return masked;
	});
	if (!changed) return null;
	return json ? new Y.ContentJSON(arr) : new Y.ContentAny(arr);
}

/** A value under `key` (a map's key, or a plain object's field): masked if it is the team's text. */
function maskValue(value: unknown, key: string | null, mask: Mask, inReports: boolean): unknown {
	if (typeof value === 'string') {
		if (key === null) return value;
		const whole = PERSONAL_KEYS.get(key);
		if (whole !== undefined) return value === '' ? value : whole;
		if (!FREE_TEXT_KEYS.has(key)) return value;
		const masked = mask(value);
		return masked === value ? value : masked;
	}
	// A list of the team's texts (an escalation's departments): each one masked.
	if (Array.isArray(value) && key !== null && FREE_TEXT_KEYS.has(key)) {
		const each = value.map((item: unknown) => (typeof item === 'string' ? maskValue(item, key, mask, false) : item));
		return each.some((item, i) => item !== value[i]) ? each : value;
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) return value;
	let copy: Record<string, unknown> | null = null;
	for (const [field, inner] of Object.entries(value as Record<string, unknown>)) {
		const contact = inReports ? REPORT_CONTACT_KEYS.get(field) : undefined;
		const masked = contact !== undefined && typeof inner === 'string' && inner !== '' ? contact : maskValue(inner, field, mask, false);
		if (masked === inner) continue;
		copy ??= { ...(value as Record<string, unknown>) };
		copy[field] = masked;
	}
	return copy ?? value;
}

type Struct = Y.Item | Y.GC | Y.Skip;
/** One client's structs from `start`, the first of them from `offset` clocks in (a diff). */
interface Run {
	structs: Struct[];
	start: number;
	offset: number;
}
type Content = Y.Item['content'];

/** A decoded update's structs as runs of one client each (a decoded update lists each client's together, in clock order). */
function runsOf(structs: Struct[]): Struct[][] {
	const runs: Struct[][] = [];
	for (const struct of structs) {
		const run = runs[runs.length - 1];
		if (run && run[0].id.client === struct.id.client) run.push(struct);
		else runs.push([struct]);
	}
	return runs;
}

/**
 * Writes runs of structs and a delete set in Yjs' update format (v1), as Yjs itself does
 * (encoding.js, writeStructs); an item `swap` gives a content for is written with that content
 * instead (its own is put back after).
 */
function encodeUpdate(runs: Run[], ds: ReturnType<typeof Y.decodeUpdate>['ds'], swap?: (item: Y.Item) => Content | null): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	encoding.writeVarUint(encoder.restEncoder, runs.length);
	for (const { structs, start, offset } of runs) {
		encoding.writeVarUint(encoder.restEncoder, structs.length - start);
		encoder.writeClient(structs[start].id.client);
		encoding.writeVarUint(encoder.restEncoder, structs[start].id.clock + offset);
		for (let i = start; i < structs.length; i++) {
			const struct = structs[i];
			const from = i === start ? offset : 0;
			const masked = swap && struct instanceof Y.Item ? swap(struct) : null;
			if (!masked) {
				struct.write(encoder, from);
				continue;
			}
			const own = (struct as Y.Item).content;
			(struct as Y.Item).content = masked;
			try {
				struct.write(encoder, from);
			} finally {
				(struct as Y.Item).content = own;
			}
		}
	}
	encoding.writeVarUint(encoder.restEncoder, ds.clients.size);
	for (const [client, items] of [...ds.clients.entries()].sort((a, b) => b[0] - a[0])) {
		encoder.resetDsCurVal();
		encoding.writeVarUint(encoder.restEncoder, client);
		encoding.writeVarUint(encoder.restEncoder, items.length);
		for (const item of items) {
			encoder.writeDsClock(item.clock);
			encoder.writeDsLen(item.len);
		}
	}
	return encoder.toUint8Array();
}
