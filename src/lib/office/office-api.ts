// The frontline office's calls to /api/admin (docs/api.md). Takes the token getter rather than
// importing the session, so it can be tested and wired without it. Every refusal becomes an
// OfficeApiError carrying the server's code and, for bad input, the fields it named.
import type { StationKind } from '$lib/domain/station';
import type { PersonRole, StationRole as TeamRole } from '$lib/domain/roles';
import type { Person } from '$lib/remote/api';
import { createAuthedRequest, jsonOf, RemoteApiError, type TokenGetter } from '$lib/remote/authed-request';

export type { Person };
// The same lists the server decides rights from.
export { PERSON_ROLES, STATION_ROLES as TEAM_ROLES, type PersonRole, type StationRole as TeamRole } from '$lib/domain/roles';

export interface Street {
	id: string;
	name: string;
	/** Who leads the street. The directory does not send it yet; the screens show it once it does. */
	leaders?: { personId: string; name: string }[];
}

export interface TeamMember {
	personId: string;
	name: string;
	role: TeamRole;
}

export interface Station {
	id: string;
	name: string;
	streetId: string;
	streetName: string;
	kind: StationKind;
	team: TeamMember[];
}

export interface Directory {
	streets: Street[];
	stations: Station[];
	people: Person[];
}

export interface NewPerson {
	phone: string;
	name: string;
	role: PersonRole;
	unit?: string;
	position?: string;
	password: string;
}

export type StationInput = { name: string; streetId: string; kind: StationKind };

/** A refusal from /api/admin: the HTTP status (0 when the server could not be reached), the code, the fields it named. */
export class OfficeApiError extends RemoteApiError {}

export type OfficeApi = ReturnType<typeof createOfficeApi>;

/**
 * One authenticated call under /api/admin; every refusal an OfficeApiError. Other office features
 * (ratings, …) build their clients on it. `blob` answers a file (an export) instead of JSON.
 */
export function createOfficeCall(getToken: TokenGetter, fetcher: typeof fetch = fetch) {
	const { request } = createAuthedRequest(getToken, fetcher, OfficeApiError);
	return async function call<T>(method: string, path: string, body?: unknown, answer: 'json' | 'blob' = 'json'): Promise<T> {
		const res = await request(method, `/api/admin${path}`, body);
		return answer === 'blob' && res.status !== 204 ? ((await res.blob()) as T) : jsonOf<T>(res);
	};
}

export function createOfficeApi(getToken: TokenGetter, fetcher: typeof fetch = fetch) {
	const call = createOfficeCall(getToken, fetcher);

	return {
		directory: () => call<Directory>('GET', '/directory'),
		addStreet: (name: string) => call<Street>('POST', '/streets', { name }),
		/** `id` adopts a station first created on a device. */
		addStation: (input: StationInput & { id?: string }) => call<Station>('POST', '/stations', input),
		updateStation: (id: string, patch: Partial<StationInput>) => call<Station>('PATCH', `/stations/${id}`, patch),
		addPerson: (input: NewPerson) => call<Person>('POST', '/people', input),
		updatePerson: (id: string, patch: Partial<Omit<Person, 'id' | 'phone'>>) => call<Person>('PATCH', `/people/${id}`, patch),
		resetPassword: (id: string, password: string) => call<void>('POST', `/people/${id}/password`, { password }),
		/** Adds the person to the station's team, or changes their role there. */
		assign: (stationId: string, personId: string, role: TeamRole) => call<void>('PUT', `/stations/${stationId}/team/${personId}`, { role }),
		/** The server also cuts the person's live connections to the station. */
		unassign: (stationId: string, personId: string) => call<void>('DELETE', `/stations/${stationId}/team/${personId}`),
		setLeader: (streetId: string, personId: string, leads: boolean) =>
			call<void>(leads ? 'PUT' : 'DELETE', `/streets/${streetId}/leaders/${personId}`)
	};
}
