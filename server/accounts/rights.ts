// Who may read or write which document. Pure: the directory gathers the facts, this decides.
import type { PersonRole, StationRole } from '../../src/lib/domain/roles';

export { PERSON_ROLES, STATION_ROLES, type PersonRole, type StationRole } from '../../src/lib/domain/roles';
export type Access = 'write' | 'read' | null;
export type DocKind = 'board' | 'visits' | 'contacts';
export interface Grants {
	role: PersonRole;
	disabled: boolean;
	/** The person's role on this station's team, if any. */
	assignment: StationRole | null;
	/** The person leads the street this station belongs to. */
	leadsStreet: boolean;
}

/**
 * - the station's cadre, assistant and liaison write its board, its visit log and its contacts;
 * - a lawyer writes the board only (the visit log and the contacts hold residents' personal data);
 * - the street's leader reads the board; the frontline office reads the board and the visit log;
 * - residents' contacts (reporters, the contact left with a report, proposers) are the team's
 *   alone: the office settles cases through the team and never needs a resident's phone
 *   (architecture.md, principle 2; docs/data-model.md);
 * - a disabled person gets nothing.
 */
export function accessTo(kind: DocKind, g: Grants): Access {
	if (g.disabled) return null;
	if (kind === 'contacts') return g.assignment && g.assignment !== 'lawyer' ? 'write' : null;
	if (g.assignment === 'lawyer') return kind === 'board' ? 'write' : g.role === 'office' ? 'read' : null;
	if (g.assignment) return 'write';
	if (g.role === 'office') return 'read';
	if (g.leadsStreet && kind === 'board') return 'read';
	return null;
}

/** `board:<stationId>` / `visits:<stationId>` / `contacts:<stationId>` (docs/data-model.md), or null for any other name. */
export function parseDocName(name: string): { kind: DocKind; stationId: string } | null {
	const m = /^(board|visits|contacts):([0-9a-z]{6,32})$/.exec(name);
	return m ? { kind: m[1] as DocKind, stationId: m[2] } : null;
}
