// Wires the cadre's file, leave and attendance, statistics, exports and bulletins (issue 4,
// items 1 (leave), 3, 5, 6) into the server: their tables are created here, once, at startup.
import type { Directory } from '../accounts/directory';
import { createCalendarStore } from '../calendar/calendar-store';
import type { Db } from '../db';
import type { Auth } from '../http/auth';
import { bulletinRoutes } from '../http/bulletin-api';
import { filesRoutes } from '../http/files-api';
import type { Route } from '../http/router';
import { statsRoutes } from '../http/stats-api';
import type { Relay } from '../relay/relay';
import { BulletinDrafts } from '../stats/bulletin-drafts';
import { DerivedCache } from '../stats/derived-cache';
import { createCadreFiles } from './cadre-files';
import { DutyRecords } from './duty-records';

export interface FilesFeatureDeps {
	db: Db;
	directory: Directory;
	relay: Pick<Relay, 'load' | 'log'>;
	/** The statistics cache, when the caller warms it (server/stats/warm-up.ts); one is made otherwise. */
	derived?: DerivedCache;
	/** The server's calendar day; tests move it. */
	today?(): string;
}

export function filesFeature(deps: FilesFeatureDeps, auth: Auth): Route[] {
	const { db, directory } = deps;
	const calendarStore = createCalendarStore(db);
	const calendar = () => calendarStore.get();
	const duty = new DutyRecords(db);
	const derived = deps.derived ?? new DerivedCache(deps.relay, db);
	const files = createCadreFiles({ db, directory, duty, derived, calendar });
	const today = deps.today;
	// The cadres taking part count those who checked in on a duty day (service figures).
	const attended = (stationId: string, p: { from: string; to: string }) => duty.attendedAt(stationId, p.from, p.to);
	return [
		...filesRoutes({ directory, duty, files, calendar, today }, auth),
		...statsRoutes({ directory, derived, today, attended }, auth),
		...bulletinRoutes({ directory, derived, drafts: new BulletinDrafts(db), today, attended }, auth)
	];
}
