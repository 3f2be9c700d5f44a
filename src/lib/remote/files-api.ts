// The app's calls for duty days, leave, the cadre's file, statistics, exports and bulletins
// (server/http/files-api.ts, stats-api.ts, bulletin-api.ts). The session supplies a fresh token;
// every refusal becomes a FilesApiError with the server's code and the fields it named.
import type { ServiceCounts } from '$lib/domain/service';
import type { CadreHalfYear, CadreMonth } from '$lib/domain/cadre-file';
import type { IdeaCounts, LedgerCounts, LedgerRates } from '$lib/domain/statistics';
import type { Tier } from '$lib/domain/ledger';
import { session } from '$lib/state/session.svelte';
import { createAuthedRequest, RemoteApiError } from './authed-request';

export class FilesApiError extends RemoteApiError {}

const { request, json } = createAuthedRequest(() => session.accessToken(), (...a) => fetch(...a), FilesApiError);

export interface Leave {
	id: string;
	personId: string;
	stationId: string;
	date: string;
	reason: string;
	decision: 'pending' | 'approved' | 'refused';
	decisionNote: string;
	decidedAt: number;
	createdAt: number;
	personName?: string;
	stationName?: string;
}

export interface DutyMe {
	station: { id: string; name: string };
	today: string;
	dutyDay: { date: string; part: string; isToday: boolean };
	checkedIn: boolean;
	upcoming: string[];
	leave: Leave[];
}

export interface StoredAction {
	id: string;
	date: string;
	text: string;
	createdAt: number;
}

interface FileHeader {
	person: { id: string; name: string; unit: string; position: string };
	station: { id: string; name: string; streetName: string };
	actions: StoredAction[];
}
export type MonthFile = FileHeader & { file: CadreMonth };
export type HalfYearFile = FileHeader & { file: CadreHalfYear };

export interface CadreListing {
	personId: string;
	name: string;
	stationId: string;
	stationName: string;
	streetName: string;
}

export interface Scopes {
	district: boolean;
	streets: { id: string; name: string }[];
	stations: { id: string; name: string; streetName: string }[];
}

export interface StationFigures {
	id: string;
	name: string;
	streetName: string;
	collected: number;
	solved: number;
	open: number;
	overdue: number;
	resolution: number | null;
	households: number;
	visitTarget: number;
	cards: number;
	helpTimes: number;
	cadres: number;
}

/** The seed's service figures (service.ts), as counts: never who. */
export type ServiceFigures = Omit<ServiceCounts, 'cadreIds'> & { cadres: number };

export interface ScopeStatistics {
	scope: { kind: string; id: string; name: string };
	period: { from: string; to: string };
	/** The server's calendar day when it counted (the 累计 is as of the earlier of it and the period's end). */
	today: string;
	ledger: LedgerCounts;
	rates: LedgerRates;
	averageDays: Record<Tier, number | null>;
	visits: { visitors: number; met: number; households: number; people: number; visits: number; target: number };
	ideas: IdeaCounts;
	service: ServiceFigures;
	/** The same from the first record up to the period's end (累计). */
	serviceToDate: ServiceFigures;
	stations: StationFigures[];
}

export interface Bulletin {
	id: string;
	title: string;
	from: string;
	to: string;
	body: string;
	updatedAt: number;
}

export const filesApi = {
	dutyMe: () => json<DutyMe>('GET', '/api/duty/me'),
	checkIn: () => json<{ date: string; at: number }>('POST', '/api/duty/attendance'),
	askLeave: (date: string, reason: string) => json<Leave>('POST', '/api/duty/leave', { date, reason }),
	/** The cadre's own request, while pending (409 already-decided after the office's decision). */
	withdrawLeave: (id: string) => json<void>('DELETE', `/api/duty/leave/${id}`),
	leaveList: () => json<{ leave: Leave[] }>('GET', '/api/duty/leave'),
	decideLeave: (id: string, decision: 'approved' | 'refused', note: string) => json<Leave>('POST', `/api/duty/leave/${id}/decision`, { decision, note }),
	cadres: () => json<{ cadres: CadreListing[] }>('GET', '/api/files'),
	month: (personId: string, month: string) => json<MonthFile>('GET', `/api/files/${personId}?month=${month}`),
	halfYear: (personId: string, half: string) => json<HalfYearFile>('GET', `/api/files/${personId}?half=${half}`),
	addAction: (personId: string, date: string, text: string) => json<StoredAction>('POST', `/api/files/${personId}/actions`, { date, text }),
	scopes: () => json<Scopes>('GET', '/api/stats/scopes'),
	stats: (scope: string, from: string, to: string) => json<ScopeStatistics>('GET', `/api/stats?scope=${scope}&from=${from}&to=${to}`),
	/** The CSV as a Blob: the download needs the token, so it cannot be a plain link. */
	ledgerCsv: async (scope: string, from?: string, to?: string) =>
		(await request('GET', `/api/exports/ledger.csv?scope=${scope}${from && to ? `&from=${from}&to=${to}` : ''}`)).blob(),
	bulletins: () => json<{ bulletins: Bulletin[] }>('GET', '/api/bulletins'),
	bulletin: (id: string) => json<Bulletin>('GET', `/api/bulletins/${id}`),
	generateBulletin: (from: string, to: string) => json<Bulletin>('POST', '/api/bulletins', { from, to }),
	saveBulletin: (id: string, title: string, body: string) => json<Bulletin>('PUT', `/api/bulletins/${id}`, { title, body }),
	deleteBulletin: (id: string) => json<void>('DELETE', `/api/bulletins/${id}`),
	/** The district's name for the bulletin's issuer line; '' until the office sets it. */
	districtName: () => json<{ name: string }>('GET', '/api/district'),
	setDistrictName: (name: string) => json<{ name: string }>('PUT', '/api/district', { name })
};
