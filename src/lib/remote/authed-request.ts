// One authenticated call to the server's API, the way every app client of it makes one: the bearer
// token from the session's getter (so the session decides about refreshing), a JSON body, and every
// refusal thrown as the client's own error class with the server's code and the fields it named.
// Status 0: the network did not answer.

/** A refusal from the server: its status (0: offline), its code, and for bad input the fields it named. */
export class RemoteApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		readonly fields: Record<string, string> = {}
	) {
		super(code);
	}
}

export type TokenGetter = () => Promise<string | null>;

/** An answer's JSON body; undefined for 204 No Content. */
export async function jsonOf<T>(res: Response): Promise<T> {
	return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}

/**
 * A client's calls: `request` resolves to the answer when it is 2xx, `json` to its body; any other
 * answer, a missing token or no network throws `refusal`.
 */
export function createAuthedRequest(getToken: TokenGetter, fetcher: typeof fetch, refusal: typeof RemoteApiError) {
	async function request(method: string, path: string, body?: unknown): Promise<Response> {
		const token = await getToken();
		if (!token) throw new refusal(401, 'not-signed-in');
		let res: Response;
		try {
			res = await fetcher(path, {
				method,
				headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
				body: body === undefined ? undefined : JSON.stringify(body)
			});
		} catch {
			throw new refusal(0, 'offline');
		}
		if (!res.ok) {
			const json = await res.json().catch(() => ({}));
			throw new refusal(res.status, typeof json?.error === 'string' ? json.error : 'internal', json?.fields ?? {});
		}
		return res;
	}
	const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => jsonOf<T>(await request(method, path, body));
	return { request, json };
}
