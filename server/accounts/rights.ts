// Who may read or write which document. Pure: the directory gathers the facts, this decides.
export type PersonRole = 'office' | 'leader' | 'member';
export type StationRole = 'cadre' | 'assistant' | 'liaison' | 'lawyer';
export type Access = 'write' | 'read' | null;
export type DocKind = 'board' | 'visits';

export const PERSON_ROLES: readonly PersonRole[] = ['office', 'leader', 'member'];
export const STATION_ROLES: readonly StationRole[] = ['cadre', 'assistant', 'liaison', 'lawyer'];

export interface Grants {
	role: PersonRole;
	disabled: boolean;
	/** The person's role on this station's team, if any. */
	assignment: StationRole | null;
	/** The person leads the street this station belongs to. */
	leadsStreet: boolean;
}

/**
 * - the station's cadre, assistant and liaison write its board and its visit log;
 * - a lawyer writes the board only (the visit log holds residents' personal data);
 * - the street's leader reads the board; the frontline office reads everything;
 * - a disabled person gets nothing.
 */
export function accessTo(kind: DocKind, g: Grants): Access {
	if (g.disabled) return null;
	if (g.assignment === 'lawyer') return kind === 'board' ? 'write' : g.role === 'office' ? 'read' : null;
	if (g.assignment) return 'write';
	if (g.role === 'office') return 'read';
	if (g.leadsStreet && kind === 'board') return 'read';
	return null;
}

/** `board:<stationId>` / `visits:<stationId>` (docs/data-model.md), or null for any other name. */
export function parseDocName(name: string): { kind: DocKind; stationId: string } | null {
	const m = /^(board|visits):([0-9a-z]{6,32})$/.exec(name);
	return m ? { kind: m[1] as DocKind, stationId: m[2] } : null;
}
