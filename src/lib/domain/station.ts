// A station (驻点): one community, village, business building, enterprise or commercial street.
import { check, optionalText, requireText, type Result, type RuleError } from './result';

export const STATION_KINDS = ['community', 'village', 'building', 'enterprise', 'street'] as const;
export type StationKind = (typeof STATION_KINDS)[number];

export interface StationInfo {
	name: string;
	street: string;
	kind: StationKind;
}

export function validateStation(input: Partial<StationInfo>): Result<StationInfo> {
	const errors: RuleError[] = [];
	const name = requireText(errors, 'name', input.name, 60);
	const street = optionalText(errors, 'street', input.street, 60);
	const kind = (input.kind ?? 'community') as StationKind;
	if (!STATION_KINDS.includes(kind)) errors.push({ field: 'kind', code: 'invalid' });
	return check(errors, () => ({ name, street, kind }));
}

/**
 * Yjs document names. A station's board, its visit log and its residents' contacts have different
 * readers, so they are different documents (docs/data-model.md).
 */
export const docNames = (stationId: string) => ({
	board: `board:${stationId}`,
	visits: `visits:${stationId}`,
	contacts: `contacts:${stationId}`
});
