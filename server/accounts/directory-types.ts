// What the directory holds, as the rest of the server reads it (server/accounts/directory.ts keeps
// it; directory-snapshot.ts loads it), and the refusals its writes give.
import type { Access, PersonRole, StationRole } from './rights';

export interface Street {
	id: string;
	name: string;
}

export interface Station {
	id: string;
	streetId: string;
	streetName: string;
	name: string;
	kind: string;
}

export interface Person {
	id: string;
	phone: string;
	name: string;
	role: PersonRole;
	unit: string;
	position: string;
	disabled: boolean;
}

export interface StationAccess extends Station {
	/** The person's role on the team, or how they see it ('office', 'leader'). */
	as: StationRole | 'office' | 'leader';
	board: Access;
	visits: Access;
	contacts: Access;
}

export class DirectoryError extends Error {
	constructor(
		readonly code: 'not-found' | 'phone-taken' | 'name-taken' | 'id-taken' | 'invalid',
		message: string
	) {
		super(message);
	}
}
