// What the signed-in person may do with a station on this device. The server decides and enforces
// rights (docs/api.md); the app only mirrors them, so a read-only person never edits locally: such
// edits would sit in their IndexedDB and never sync.
export type Access = 'write' | 'read' | null;
export type DocKind = 'board' | 'visits' | 'contacts';

export interface StationRights {
	/** The server knows the station; a station only on this device is the device's to edit. */
	synced?: boolean;
	board?: Access;
	visits?: Access;
	/** Residents' contacts (reporters, proposers): the station's team only. */
	contacts?: Access;
	/** The board's copy on this device is a reader's, with the team's text masked: never edited. */
	boardCopy?: 'masked';
}

export function canEdit(station: StationRights, kind: DocKind): boolean {
	// A masked copy is a reader's until it is gone: an edit would save masked text over the team's.
	if (kind === 'board' && station.boardCopy === 'masked') return false;
	return !station.synced || station[kind] === 'write';
}

export function canSee(station: StationRights, kind: DocKind): boolean {
	return !station.synced || station[kind] === 'write' || station[kind] === 'read';
}
