// Everything the process serves, on one http.Server: the API, the sync relay and the SvelteKit
// app. Separate from main.ts so tests start the same thing on a port of their choosing.
import { createServer, type RequestListener, type Server } from 'node:http';
import * as Y from 'yjs';
import { initBoard } from '../src/lib/documents/board';
import { docNames, type StationKind } from '../src/lib/domain/station';
import { Directory } from './accounts/directory';
import { TokenIssuer } from './accounts/tokens';
import type { Config } from './config';
import { openDb, type Db } from './db';
import { accountRoutes } from './http/api';
import { escalationRoutes } from './http/escalation-api';
import { stationContactRoutes } from './http/station-contact-api';
import { ratingRoutes } from './http/ratings-api';
import { Ratings } from './ratings/ratings';
import { createRatingSource } from './ratings/rating-source';
import { installRatingSource } from '../src/lib/server/rating-bridge';
import { calendarRoutes } from './http/calendar-api';
import { createCalendarStore } from './calendar/calendar-store';
import { createAuth } from './http/auth';
import { routeRequests } from './http/router';
import { filesFeature } from './files/files-feature';
import { DerivedCache } from './stats/derived-cache';
import { warmStatistics, type WarmUp } from './stats/warm-up';
import { send } from './http/json';
import { attachRelay, type Relay } from './relay/relay';
import { installPublicSource } from '../src/lib/server/bridge';
import { createPublicSource } from './public/public-source';
import { syncAuthorizer } from './sync-auth';

export interface App {
	server: Server;
	db: Db;
	directory: Directory;
	relay: Relay;
	/** The statistics cache being warmed in the background after the start. */
	warmUp: WarmUp;
	close(): Promise<void>;
}

/** `web` serves everything that is not /api or /sync (the built SvelteKit app in production). */
export function createApp(config: Config, web?: RequestListener): App {
	const db = openDb(config.dbFile);
	const directory = new Directory(db, config.clock.now);
	const tokens = new TokenIssuer(config.tokenSecret, config.accessTtlSeconds);
	const server = createServer();
	const relay = attachRelay(server, {
		dataFile: config.dbFile,
		authorize: syncAuthorizer(directory, tokens),
		maxConnectionsPerAddress: config.maxConnectionsPerAddress,
		maxMessagesPerSecond: config.maxMessagesPerSecond
	});
	// The public pages (SvelteKit routes under /p) read the server's copy of the boards.
	installPublicSource(createPublicSource(config.publicUrl, directory, relay));
	// The rater's page (/rate/[token]) reads and submits through the ratings on the server.
	const ratings = new Ratings(db, directory, config.clock.now);
	installRatingSource(createRatingSource(ratings));
	// A person removed from a team, disabled or moved loses their live connections at once.
	directory.on('access-changed', (personId) => relay.disconnectUser(personId));

	// Statistics: derived per station and warmed in the background, so the first district view after a restart is fast.
	const derived = new DerivedCache(relay, db);
	const warmUp = warmStatistics(() => directory.listStations().map((s) => s.id), derived);

	const auth = createAuth(directory, tokens);
	// Each feature adds its routes here (server/http/*-api.ts).
	const accounts = accountRoutes({
		directory,
		tokens,
		refreshDays: config.refreshDays,
		initStation(stationId, info) {
			const doc = new Y.Doc();
			initBoard(doc, { name: info.name, street: info.street, kind: info.kind as StationKind }, Date.now());
			relay.store.append(docNames(stationId).board, Y.encodeStateAsUpdate(doc), 'server');
		}
	}, auth);
	const api = routeRequests([...accounts, ...ratingRoutes({ ratings, directory, publicUrl: config.publicUrl }, auth), ...calendarRoutes(createCalendarStore(db), auth), ...filesFeature({ db, directory, relay, derived, today: config.clock.today }, auth), ...escalationRoutes({ db, directory, docs: relay, today: config.clock.today }, auth), ...stationContactRoutes(directory, auth)]);

	server.on('request', (req, res) => {
		api(req, res)
			.then((handled) => {
				if (handled) return;
				if (web) web(req, res);
				else send(res, 404, { error: 'not-found' });
			})
			.catch((error) => {
				console.error(error);
				if (!res.headersSent) send(res, 500, { error: 'internal' });
			});
	});

	return {
		server,
		db,
		directory,
		relay,
		warmUp,
		async close() {
			warmUp.stop();
			await relay.close();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			db.close();
		}
	};
}
