// The app's calls for escalation (docs/api.md, "Escalation"): the street leader's list and the
// office's dispatch meeting. Takes the token getter, so the session decides about refreshing.
import type { AgendaItemNow, EscalatedEntry, Meeting, MeetingSummary, ReferralView } from '$lib/domain/escalation';
import type { ReferralBody } from '$lib/domain/ledger';
import { createAuthedRequest, RemoteApiError, type TokenGetter } from './authed-request';

export type { AgendaItemNow, EscalatedEntry, Meeting, MeetingSummary, ReferralView };

/** A refusal from the server: its code, and for bad input the fields it named (status 0: offline). */
export class EscalationApiError extends RemoteApiError {}

/**
 * What to tell of a failed escalation call that names no field: offline, an entry whose timeline
 * holds all the server may add to it (`409 timeline-full`, docs/api.md), else a plain failure.
 */
export function escalationProblem(err: unknown): 'escalation.problem.offline' | 'escalation.problem.timelineFull' | 'escalation.problem.failed' {
	if (!(err instanceof EscalationApiError)) return 'escalation.problem.failed';
	return err.status === 0 ? 'escalation.problem.offline' : err.code === 'timeline-full' ? 'escalation.problem.timelineFull' : 'escalation.problem.failed';
}

export type EscalationApi = ReturnType<typeof createEscalationApi>;

export function createEscalationApi(getToken: TokenGetter, fetcher: typeof fetch = (...a) => fetch(...a)) {
	const { request, json } = createAuthedRequest(getToken, fetcher, EscalationApiError);

	return {
		coordination: () => json<{ streets: { id: string; name: string }[]; entries: EscalatedEntry[]; canNote: boolean }>('GET', '/api/coordination'),
		addNote: (stationId: string, entryId: string, text: string) =>
			json<{ at: number; by: string; text: string }>('POST', `/api/coordination/${stationId}/entries/${entryId}/notes`, { text }),
		dispatch: () => json<{ meetings: MeetingSummary[]; nextDate: string; pending: number }>('GET', '/api/dispatch'),
		openMeeting: (date: string) => json<Meeting>('POST', '/api/dispatch/meetings', { date }),
		meeting: (id: string) => json<{ meeting: Meeting; items: AgendaItemNow[] }>('GET', `/api/dispatch/meetings/${id}`),
		decide: (meetingId: string, itemId: string, input: { decision: string; department: string }) =>
			json<AgendaItemNow>('PUT', `/api/dispatch/meetings/${meetingId}/items/${itemId}`, input),
		saveMinutes: (meetingId: string, minutes: string) => json<Meeting>('PATCH', `/api/dispatch/meetings/${meetingId}`, { minutes }),
		closeMeeting: (meetingId: string, minutes: string) => json<Meeting>('POST', `/api/dispatch/meetings/${meetingId}/close`, { minutes }),
		refer: (meetingId: string, itemId: string, input: { body: ReferralBody; note: string }) =>
			json<ReferralView>('POST', `/api/dispatch/meetings/${meetingId}/items/${itemId}/referral`, input),
		referrals: () => json<{ today: string; open: ReferralView[]; settled: ReferralView[] }>('GET', '/api/dispatch/referrals'),
		settleReferral: (id: string, input: { outcome: string; department: string }) => json<ReferralView>('POST', `/api/dispatch/referrals/${id}/outcome`, input),
		minutesCsv: async (meetingId: string) => (await request('GET', `/api/dispatch/meetings/${meetingId}/minutes.csv`)).blob()
	};
}
