// Every route of /api (server/http/*.ts, wired in server/app.ts), as the fuzz suite calls it: who
// may call it, the path's ids, the query it reads and a valid body to mutate. routes.spec.ts checks
// that this list and the server's routes match, so a new route is fuzzed from the day it is added.
import fc from 'fast-check';
import type { FuzzWorld } from './fuzz-server';
import { halfYear, hostileString, idFrom, isoMonth, params, period } from './generators';

export const ROLES = ['office', 'leader', 'cadre', 'assistant', 'liaison', 'lawyer', 'anonymous'] as const;
export type Role = (typeof ROLES)[number];

export interface RouteSpec {
	method: string;
	/** With `:slot` for ids, filled from the world (see `slot`). */
	path: string;
	/** Who the server lets through: `office` routes answer 2xx to nobody else, no route but `anyone` to a stranger. */
	who: 'anyone' | 'signed-in' | 'office';
	/** Changes what the ids name: then only the world's victims and made-up ids go into the path. */
	writes?: boolean;
	query?: (w: FuzzWorld['ids']) => fc.Arbitrary<Record<string, string | undefined>>;
	body?: (w: FuzzWorld['ids']) => Record<string, unknown>;
	/** Roles drawn more often than the others (default: the office on office routes). */
	as?: Role[];
	/** Ids for a slot instead of the usual ones, to reach a deep path more often. */
	slots?: Record<string, (w: FuzzWorld['ids']) => string[]>;
	/**
	 * Inputs that once broke the server, tried before the generated ones in every run (fast-check's
	 * `examples`): the generators reach them too, but not in every bounded run.
	 */
	regressions?: (w: FuzzWorld['ids']) => { as: Exclude<Role, 'anonymous'>; path?: string; query?: string; body?: unknown }[];
	/** The body's free-text fields and who may write them (the control-character property). */
	text?: { fields: string[]; as: Exclude<Role, 'anonymous'> };
}

const scope = (w: FuzzWorld['ids']) =>
	fc.oneof(
		{ arbitrary: fc.constantFrom('district', `station:${w.stationA}`, `station:${w.stationB}`, `station:${w.stationC}`, `street:${w.streetEast}`, `street:${w.streetWest}`), weight: 6 },
		{ arbitrary: fc.constantFrom('station:', 'street:nope00', 'planet:earth', `station:${w.stationA}:x`, 'district:'), weight: 1 },
		{ arbitrary: hostileString, weight: 1 }
	);

/** scope, from and to; from and to drawn together (see `period`), each left out now and then. */
const statsQuery = (w: FuzzWorld['ids']) =>
	fc
		.tuple(fc.option(scope(w), { freq: 8, nil: undefined }), period, fc.nat({ max: 9 }))
		.map(([scope, { from, to }, drop]) => ({ scope, from: drop === 0 ? undefined : from, to: drop === 1 ? undefined : to }));

export const ROUTES: RouteSpec[] = [
	// Accounts and sessions (server/http/api.ts)
	{ method: 'POST', path: '/api/session', who: 'anyone', body: () => ({ phone: '13800000001', password: 'wrong-password' }) },
	{ method: 'POST', path: '/api/session/refresh', who: 'anyone', body: () => ({ refresh: 'r'.repeat(43) }) },
	{ method: 'POST', path: '/api/session/end', who: 'anyone', body: () => ({ refresh: 'r'.repeat(43) }) },
	{ method: 'GET', path: '/api/me', who: 'signed-in' },
	// The station cadre's card for a notice (server/http/station-contact-api.ts): the team and the office
	{ method: 'GET', path: '/api/stations/:station/cadre-card', who: 'signed-in' },
	{ method: 'GET', path: '/api/admin/directory', who: 'office' },
	{ method: 'POST', path: '/api/admin/streets', who: 'office', body: () => ({ name: '新街道' }), text: { fields: ['name'], as: 'office' } },
	{ method: 'POST', path: '/api/admin/stations', who: 'office', body: (w) => ({ name: '新社区', streetId: w.victimStreet, kind: 'community' }), text: { fields: ['name'], as: 'office' } },
	{ method: 'PATCH', path: '/api/admin/stations/:station', who: 'office', writes: true, body: (w) => ({ name: '受试社区', streetId: w.victimStreet, kind: 'community' }), text: { fields: ['name'], as: 'office' } },
	{ method: 'POST', path: '/api/admin/people', who: 'office', body: () => ({ phone: '13600000001', name: '新人', role: 'member', unit: '区民政局', position: '科员', password: 'a-long-password' }), text: { fields: ['name', 'unit', 'position'], as: 'office' } },
	{ method: 'PATCH', path: '/api/admin/people/:person', who: 'office', writes: true, body: () => ({ name: '受试人', unit: '单位', position: '职务' }), text: { fields: ['name', 'unit', 'position'], as: 'office' } },
	{ method: 'POST', path: '/api/admin/people/:person/password', who: 'office', writes: true, body: () => ({ password: 'another-password' }) },
	{ method: 'PUT', path: '/api/admin/stations/:station/team/:person', who: 'office', writes: true, body: () => ({ role: 'assistant' }) },
	{ method: 'DELETE', path: '/api/admin/stations/:station/team/:person', who: 'office', writes: true },
	{ method: 'PUT', path: '/api/admin/streets/:street/leaders/:person', who: 'office', writes: true, regressions: (w) => [{ as: 'office', path: `/api/admin/streets/nostreet00/leaders/${w.victimPerson}` }] },
	{ method: 'DELETE', path: '/api/admin/streets/:street/leaders/:person', who: 'office', writes: true },
	// Ratings (server/http/ratings-api.ts)
	{ method: 'GET', path: '/api/admin/ratings/rounds', who: 'office' },
	{ method: 'POST', path: '/api/admin/ratings/rounds', who: 'office', body: () => ({ halfYear: '2025-H1', closesOn: '2025-07-15' }) },
	{ method: 'GET', path: '/api/admin/ratings/rounds/:round', who: 'office' },
	{ method: 'POST', path: '/api/admin/ratings/rounds/:round/close', who: 'office', writes: true },
	{ method: 'POST', path: '/api/admin/ratings/rounds/:round/links', who: 'office', body: (w) => ({ stationId: w.stationA, group: 'resident-representative', count: 1 }) },
	{ method: 'GET', path: '/api/admin/ratings/rounds/:round/results', who: 'office' },
	{ method: 'GET', path: '/api/admin/ratings/rounds/:round/results.csv', who: 'office' },
	{ method: 'GET', path: '/api/admin/ratings/years/:year', who: 'office' },
	// Calendar and the district's name (server/http/calendar-api.ts)
	{ method: 'GET', path: '/api/calendar', who: 'signed-in' },
	{ method: 'PUT', path: '/api/calendar', who: 'office', body: () => ({ dutyDay: 10, dutyDayPart: 'morning', announceDaysBefore: 2, dispatchDay: 25 }) },
	{ method: 'GET', path: '/api/district', who: 'signed-in' },
	{ method: 'PUT', path: '/api/district', who: 'office', body: () => ({ name: '示范区' }), text: { fields: ['name'], as: 'office' } },
	// Duty day, leave, the cadre's file (server/http/files-api.ts)
	{ method: 'GET', path: '/api/duty/me', who: 'signed-in' },
	{ method: 'POST', path: '/api/duty/attendance', who: 'signed-in' },
	{ method: 'POST', path: '/api/duty/leave', who: 'signed-in', body: () => ({ date: '2099-01-10', reason: '出差' }), text: { fields: ['reason'], as: 'cadre' } },
	{ method: 'GET', path: '/api/duty/leave', who: 'office' },
	{ method: 'POST', path: '/api/duty/leave/:leave/decision', who: 'office', body: () => ({ decision: 'approved', note: '同意' }), text: { fields: ['note'], as: 'office' } },
	{ method: 'DELETE', path: '/api/duty/leave/:leave', who: 'signed-in', as: ['cadre'], writes: true },
	{ method: 'GET', path: '/api/files', who: 'office' },
	{ method: 'GET', path: '/api/files/:person', who: 'signed-in', as: ['office', 'cadre'], slots: { person: (w) => [w.cadre, w.cadreC, w.office] }, query: () => params({ month: isoMonth, half: halfYear }), regressions: (w) => [{ as: 'office', path: `/api/files/${w.cadre}`, query: '?half=0000-H1' }] },
	{ method: 'POST', path: '/api/files/:person/actions', who: 'signed-in', body: () => ({ date: '2025-03-01', text: '组织议事会' }), text: { fields: ['text'], as: 'cadre' } },
	{ method: 'DELETE', path: '/api/files/:person/actions/:action', who: 'signed-in' },
	// Statistics, exports, bulletins (server/http/stats-api.ts, bulletin-api.ts)
	{ method: 'GET', path: '/api/stats/scopes', who: 'signed-in' },
	{ method: 'GET', path: '/api/stats', who: 'signed-in', as: ['office', 'cadre', 'leader'], query: statsQuery, regressions: (w) => [{ as: 'cadre', query: `?scope=station:${w.stationA}&from=9999-12-01&to=9999-12-31` }] },
	{ method: 'GET', path: '/api/exports/ledger.csv', who: 'signed-in', query: statsQuery },
	{ method: 'GET', path: '/api/bulletins', who: 'office' },
	{ method: 'POST', path: '/api/bulletins', who: 'office', body: () => ({ from: '2025-01-01', to: '2025-03-31', title: '简报' }), regressions: () => [{ as: 'office', body: { from: '9999-12-01', to: '9999-12-31' } }, { as: 'office', query: '?&=&=', body: null }], text: { fields: ['title'], as: 'office' } },
	{ method: 'GET', path: '/api/bulletins/:bulletin', who: 'office' },
	{ method: 'PUT', path: '/api/bulletins/:bulletin', who: 'office', body: () => ({ title: '简报', body: '正文' }), text: { fields: ['title', 'body'], as: 'office' } },
	{ method: 'DELETE', path: '/api/bulletins/:bulletin', who: 'office', writes: true },
	// An entry's history (server/http/history-api.ts)
	{ method: 'GET', path: '/api/stations/:station/entries/:entry/history', who: 'signed-in', as: ['office', 'cadre', 'leader'] },
	{ method: 'POST', path: '/api/stations/:station/entries/:entry/restore', who: 'office', writes: true, body: () => ({ version: 1 }) },
	// Escalation (server/http/coordination-api.ts, dispatch-api.ts)
	{ method: 'GET', path: '/api/coordination', who: 'signed-in' },
	{ method: 'POST', path: '/api/coordination/:station/entries/:entry/notes', who: 'signed-in', as: ['leader'], body: () => ({ text: '已协调住建局' }), text: { fields: ['text'], as: 'leader' } },
	{ method: 'GET', path: '/api/dispatch', who: 'office' },
	{ method: 'POST', path: '/api/dispatch/meetings', who: 'office', body: () => ({ date: '2025-03-25' }) },
	{ method: 'GET', path: '/api/dispatch/meetings/:meeting', who: 'office' },
	{ method: 'PATCH', path: '/api/dispatch/meetings/:meeting', who: 'office', body: () => ({ minutes: '会议纪要' }), text: { fields: ['minutes'], as: 'office' } },
	{ method: 'PUT', path: '/api/dispatch/meetings/:meeting/items/:entry', who: 'office', body: () => ({ decision: '由住建局牵头', department: '住建局' }), text: { fields: ['decision', 'department'], as: 'office' } },
	{ method: 'POST', path: '/api/dispatch/meetings/:meeting/close', who: 'office', writes: true, body: () => ({ minutes: '会议纪要' }) },
	{ method: 'GET', path: '/api/dispatch/meetings/:meeting/minutes.csv', who: 'office' },
	// Referrals on (server/http/referrals-api.ts)
	{ method: 'POST', path: '/api/dispatch/meetings/:meeting/items/:entry/referral', who: 'office', body: () => ({ body: 'standing-committee', note: '提交区委常委会研究' }), text: { fields: ['note'], as: 'office' } },
	{ method: 'GET', path: '/api/dispatch/referrals', who: 'office' },
	{ method: 'POST', path: '/api/dispatch/referrals/:referral/outcome', who: 'office', body: () => ({ outcome: '常委会研究决定由区住建局牵头', department: '区住建局' }), text: { fields: ['outcome', 'department'], as: 'office' } }
];

/** The ids a path slot is filled with: what exists (read) or what the fuzz may change (write). */
export function slot(name: string, w: FuzzWorld['ids'], writes: boolean): fc.Arbitrary<string> {
	switch (name) {
		case 'station':
			return idFrom(writes ? [w.victimStation] : [w.stationA, w.stationB, w.stationC, w.victimStation]);
		case 'street':
			return idFrom(writes ? [w.victimStreet] : [w.streetEast, w.streetWest, w.victimStreet]);
		case 'person':
			return idFrom(writes ? [w.victimPerson] : [w.office, w.cadre, w.cadreC, w.assistant, w.leader, w.liaison, w.lawyer, w.victimPerson]);
		case 'entry':
			return idFrom([w.tier3, w.tier4]);
		case 'round':
			return idFrom([w.round]);
		case 'meeting':
			return idFrom([w.meeting]);
		case 'bulletin':
			return idFrom([w.bulletin]);
		case 'year':
			return fc.oneof(fc.constantFrom('0000', '0001', '2025', '9999'), fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')), fc.stringMatching(/^\d{1,6}$/));
		default:
			return idFrom([]);
	}
}

/** The route's path with every slot filled. */
export function pathOf(route: RouteSpec, w: FuzzWorld['ids']): fc.Arbitrary<string> {
	const parts = route.path.split('/').map((part) => {
		if (!part.startsWith(':')) return fc.constant(part);
		const name = part.slice(1);
		return route.slots?.[name] ? idFrom(route.slots[name](w)) : slot(name, w, !!route.writes);
	});
	return fc.tuple(...parts).map((p) => p.join('/'));
}
