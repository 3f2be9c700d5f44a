// Escalation that reaches the people who decide (docs/api.md, "Escalation"): the street leader's
// list of coordinated (tier 3) entries, and the frontline office's dispatch meeting (tier 4).
// Both read the boards on the server, so a leader's phone never loads every board.
import type { Directory } from '../accounts/directory';
import type { Db } from '../db';
import type { DocAccess } from '../public/public-source';
import { DispatchMeetings } from '../escalation/meetings';
import { Referrals } from '../escalation/referrals';
import type { Auth } from './auth';
import type { Route } from './router';
import { coordinationRoutes } from './coordination-api';
import { dispatchRoutes } from './dispatch-api';
import { referralRoutes } from './referrals-api';

export interface EscalationDeps {
	db: Db;
	directory: Directory;
	docs: DocAccess;
	/** Today in the district (YYYY-MM-DD); tests pass a fixed day. */
	today?: () => string;
	/** The server's clock (server/clock.ts), for the instants the office's steps carry. */
	now?: () => number;
}

export function escalationRoutes(deps: EscalationDeps, auth: Auth): Route[] {
	// Their tables are made by the migrations (server/storage/migrations).
	const meetings = new DispatchMeetings(deps.db);
	const referrals = new Referrals(deps.db);
	return [...coordinationRoutes(deps, auth), ...dispatchRoutes(deps, meetings, auth, referrals), ...referralRoutes(deps, meetings, referrals, auth)];
}
