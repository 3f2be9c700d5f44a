// The app's calls for an entry's history (docs/api.md, "Entry history"). Takes the token getter,
// so the session decides about refreshing. Status 0: the network did not answer.
import type { EntryHistoryAnswer } from '$lib/domain/entry-history';

export type { EntryHistoryAnswer };

export class HistoryApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string
	) {
		super(code);
	}
}

export function createHistoryApi(getToken: () => Promise<string | null>, fetcher: typeof fetch = (...a) => fetch(...a)) {
	async function call(method: string, path: string, body?: unknown): Promise<EntryHistoryAnswer> {
		const token = await getToken();
		if (!token) throw new HistoryApiError(401, 'not-signed-in');
		let res: Response;
		try {
			res = await fetcher(path, {
				method,
				headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
				body: body === undefined ? undefined : JSON.stringify(body)
			});
		} catch {
			throw new HistoryApiError(0, 'offline');
		}
		const json = await res.json().catch(() => ({}));
		if (!res.ok) throw new HistoryApiError(res.status, typeof json?.error === 'string' ? json.error : 'internal');
		return json as EntryHistoryAnswer;
	}
	const base = (stationId: string, entryId: string) => `/api/stations/${encodeURIComponent(stationId)}/entries/${encodeURIComponent(entryId)}`;
	return {
		history: (stationId: string, entryId: string) => call('GET', `${base(stationId, entryId)}/history`),
		restore: (stationId: string, entryId: string, version: number) => call('POST', `${base(stationId, entryId)}/restore`, { version })
	};
}
