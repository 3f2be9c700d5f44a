// The server's HTTP API as the app calls it (docs/api.md is the contract). Plain fetch, no state:
// the session module decides when to call and what to keep.
import type { Access } from '$lib/domain/access';
import type { StationKind } from '$lib/domain/station';

export type { Access };
export type StationAs = 'cadre' | 'assistant' | 'liaison' | 'lawyer' | 'office' | 'leader';

export interface Person {
	id: string;
	phone: string;
	name: string;
	role: 'office' | 'leader' | 'member';
	unit: string;
	position: string;
	disabled: boolean;
}

export interface Session {
	access: string;
	accessExpiresAt: number;
	refresh: string;
	person: Person;
}

export interface StationAccess {
	id: string;
	name: string;
	streetId: string;
	streetName: string;
	kind: StationKind;
	as: StationAs;
	board: Access;
	visits: Access;
	contacts: Access;
}

/** A refusal from the server (`status` 0: the network did not answer). */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string
	) {
		super(`${status} ${code}`);
	}
}

async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
	let res: Response;
	try {
		res = await fetch(path, {
			method,
			headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch {
		throw new ApiError(0, 'network');
	}
	if (res.status === 204) return undefined as T;
	const data = await res.json().catch(() => ({}));
	if (!res.ok) throw new ApiError(res.status, typeof data?.error === 'string' ? data.error : 'internal');
	return data as T;
}

export const api = {
	signIn: (phone: string, password: string) => call<Session>('POST', '/api/session', { phone, password }),
	refresh: (refresh: string) => call<Session>('POST', '/api/session/refresh', { refresh }),
	end: (refresh: string) => call<void>('POST', '/api/session/end', { refresh }),
	me: (token: string) => call<{ person: Person; stations: StationAccess[] }>('GET', '/api/me', undefined, token),
	/** The station cadre's contact card, for the notice whoever drafts it. */
	cadreCard: (stationId: string, token: string) =>
		call<{ name: string; unit: string; position: string; phone: string }>('GET', `/api/stations/${encodeURIComponent(stationId)}/cadre-card`, undefined, token)
};
