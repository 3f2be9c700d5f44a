// The office's calls to /api/admin/ratings (docs/api.md, "Ratings"), on the office's caller.
import type { HalfYear } from '$lib/domain/half-year';
import type { RaterGroup } from '$lib/domain/rating';
import type { IssuedLinks, Round, RoundDetail, RoundResults, YearResults } from '$lib/remote/ratings';
import { createOfficeCall } from './office-api';

export type RatingsApi = ReturnType<typeof createRatingsApi>;

export function createRatingsApi(getToken: () => Promise<string | null>, fetcher: typeof fetch = fetch) {
	const call = createOfficeCall(getToken, fetcher);
	return {
		rounds: () => call<{ rounds: Round[]; today: string }>('GET', '/ratings/rounds'),
		open: (input: { halfYear: HalfYear | ''; closesOn: string }) => call<Round>('POST', '/ratings/rounds', input),
		round: (id: string) => call<RoundDetail>('GET', `/ratings/rounds/${id}`),
		close: (id: string) => call<Round>('POST', `/ratings/rounds/${id}/close`),
		/** The URLs come back once: the server keeps only their hashes. */
		issue: (id: string, input: { stationId: string; group: RaterGroup; count: number }) => call<IssuedLinks>('POST', `/ratings/rounds/${id}/links`, input),
		results: (id: string) => call<RoundResults>('GET', `/ratings/rounds/${id}/results`),
		exportCsv: (id: string) => call<Blob>('GET', `/ratings/rounds/${id}/results.csv`, undefined, 'blob'),
		year: (year: number) => call<YearResults>('GET', `/ratings/years/${year}`)
	};
}
