// The app's calls for an entry's history (docs/api.md, "Entry history"). Takes the token getter,
// so the session decides about refreshing. Status 0: the network did not answer.
import type { EntryHistoryAnswer } from '$lib/domain/entry-history';
import { createAuthedRequest, RemoteApiError, type TokenGetter } from './authed-request';

export type { EntryHistoryAnswer };

export class HistoryApiError extends RemoteApiError {}

export function createHistoryApi(getToken: TokenGetter, fetcher: typeof fetch = (...a) => fetch(...a)) {
	const { json } = createAuthedRequest(getToken, fetcher, HistoryApiError);
	const base = (stationId: string, entryId: string) => `/api/stations/${encodeURIComponent(stationId)}/entries/${encodeURIComponent(entryId)}`;
	return {
		history: (stationId: string, entryId: string) => json<EntryHistoryAnswer>('GET', `${base(stationId, entryId)}/history`),
		restore: (stationId: string, entryId: string, version: number) => json<EntryHistoryAnswer>('POST', `${base(stationId, entryId)}/restore`, { version })
	};
}
