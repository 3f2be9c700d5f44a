// Open tier-3 and tier-4 entries across stations, read from the server's copy of each board.
// Only what the people who decide need: no resident's name or phone ever leaves this file.
import type * as Y from 'yjs';
import { boardParts } from '../../src/lib/documents/board';
import { readableEntries, readableEntry } from '../../src/lib/documents/tolerant-read';
import { isOverdue, type EntryState, type Tier } from '../../src/lib/domain/ledger';
import { docNames } from '../../src/lib/domain/station';
import type { EscalatedEntry } from '../../src/lib/domain/escalation';
import type { Station } from '../accounts/directory';

export type { EscalatedEntry };


/** A document's current state (relay.load: SQLite or PostgreSQL). */
type LoadDoc = (docName: string) => Promise<Y.Doc>;

export function project(station: Station, entry: EntryState, today: string): EscalatedEntry {
	const recent = entry.timeline
		.filter((e) => e.type === 'note' || e.type === 'decided' || e.type === 'escalated')
		.slice(-5)
		.reverse()
		.map((e) => ({ at: e.at, by: e.by, type: e.type, text: e.type === 'decided' ? e.decision : 'text' in e ? e.text : '' }));
	const escalation = entry.timeline.filter((e) => e.type === 'escalated' && e.tier === entry.tier).at(-1);
	return {
		escalationNote: escalation && 'text' in escalation ? escalation.text : '',
		stationId: station.id,
		stationName: station.name,
		streetId: station.streetId,
		streetName: station.streetName,
		entryId: entry.id,
		content: entry.content,
		place: entry.place,
		category: entry.category,
		receivedOn: entry.receivedOn,
		tier: entry.tier,
		departments: entry.departments,
		responsible: entry.responsible,
		deadline: entry.deadline,
		overdue: isOverdue(entry, today),
		decision: entry.decision,
		recent
	};
}

/** Every open entry at exactly `tier` on the given stations' boards, oldest deadline first. */
export async function openEntriesAt(load: LoadDoc, stations: readonly Station[], tier: Tier, today: string, which: (entry: EntryState) => boolean = () => true): Promise<EscalatedEntry[]> {
	const found: EscalatedEntry[] = [];
	// One board at a time: a district's boards are not all held in memory at once.
	for (const station of stations) {
		for (const entry of readableEntries(await load(docNames(station.id).board))) {
			if (entry.status === 'open' && entry.tier === tier && which(entry)) found.push(project(station, entry, today));
		}
	}
	return found.sort((a, b) => (a.deadline || '9999').localeCompare(b.deadline || '9999') || a.stationName.localeCompare(b.stationName));
}

/** One entry of one station's board, or null. */
export async function findEntry(load: LoadDoc, stationId: string, entryId: string): Promise<EntryState | null> {
	const map = boardParts(await load(docNames(stationId).board)).entries.get(entryId);
	return map === undefined ? null : readableEntry(map, entryId);
}
