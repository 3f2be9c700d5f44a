// Everything the process serves, on one http.Server: the API, the sync relay and the SvelteKit
// app. Separate from main.ts so tests start the same thing on a port of their choosing.
import { createServer, type RequestListener, type Server } from 'node:http';
import * as Y from 'yjs';
import { initBoard } from '../src/lib/documents/board';
import { docNames, type StationKind } from '../src/lib/domain/station';
import { enforceAccess } from './accounts/access-enforcement';
import { Directory } from './accounts/directory';
import { TokenIssuer } from './accounts/tokens';
import type { Config } from './config';
import { answerUnparsable } from './http/client-error';
import { markServing } from './ops/server-lock';
import { openDb, type Db } from './db';
import { accountRoutes } from './http/api';
import { redisSignInThrottle } from './cluster/redis-sign-in-throttle';
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
import { securityHeaders } from './http/security-headers';
import { clientAddressResolver, CLIENT_ADDRESS_HEADER } from './http/client-address';
import { attachRelay, type Relay } from './relay/relay';
import { installPublicSource } from '../src/lib/server/bridge';
import { createPublicSource } from './public/public-source';
import { syncAuthorizer, syncRecheck } from './sync-auth';
import { accessTo } from './accounts/rights';
import { logPath, logSafe } from './util/log-safe';
import { PersonalDataMover } from './contacts/personal-data-mover';
import { rulesFor } from './documents/doc-rules';
import { boardReaderMask } from './documents/residents';
import { startCluster, type Cluster } from './cluster/cluster';
import { historyRecorderFor } from './history/entry-changes';
import { historyRoutes } from './http/history-api';

export interface App {
	server: Server;
	db: Db;
	directory: Directory;
	relay: Relay;
	/** The statistics cache being warmed in the background after the start. */
	warmUp: WarmUp;
	/** With YIXIAN_REDIS_URL: the link to the district's other server processes (server/cluster). */
	cluster: Cluster | null;
	/** Resolves when the process may serve (joined its cluster, if it has one). */
	ready: Promise<void>;
	close(): Promise<void>;
}

/** `web` serves everything that is not /api or /sync (the built SvelteKit app in production). */
export async function createApp(config: Config, web?: RequestListener): Promise<App> {
	const db = await openDb(config.dbFile, config.databaseUrl);
	// `admin restore` refuses while this mark names a live process (server/ops/server-lock.ts).
	const unmark = markServing(config.dataDir);
	const directory = await Directory.open(db, config.clock.now);
	const tokens = new TokenIssuer(config.tokenSecret, config.accessTtlSeconds);
	const server = createServer({
		// Slow-loris: a client dribbling its headers or body is answered 408 and closed. Node checks
		// these every `connectionsCheckingInterval` (30 s by default: too coarse for a 15 s timeout).
		headersTimeout: config.headersTimeoutMs,
		requestTimeout: config.requestTimeoutMs,
		connectionsCheckingInterval: 1000
	});
	server.keepAliveTimeout = config.keepAliveTimeoutMs;
	// A request Node cannot parse (a 60 KB link, a broken head) is answered and read to its end, not reset.
	answerUnparsable(server);
	// Every throttle counts clients the same way (YIXIAN_TRUSTED_PROXIES).
	const clientAddress = clientAddressResolver(config.trustedProxies);
	// Residents' personal data never stays in a board (docs/data-model.md): moved at start, and again
	// whenever an update puts some back.
	const mover = new PersonalDataMover(() => relay, db, console, (personId, stationId) => {
		const grants = directory.grants(personId, stationId);
		return grants !== null && accessTo('contacts', grants) === 'write';
	});
	// Several processes of one district: updates, presence and access events cross through Redis.
	const cluster = config.redisUrl ? startCluster({ redisUrl: config.redisUrl, prefix: config.redisPrefix, load: (name) => relay.log.load(name) }) : null;
	const relay: Relay = attachRelay(server, {
		clientAddress,
		dataFile: config.dbFile,
		// With YIXIAN_DATABASE_URL the documents' update log is in PostgreSQL too: nothing stays in dbFile.
		databaseUrl: config.databaseUrl,
		authorize: syncAuthorizer(directory, tokens),
		recheck: syncRecheck(directory),
		maxConnectionsPerAddress: config.maxConnectionsPerAddress,
		maxMessagesPerSecond: config.maxMessagesPerSecond,
		maxMessageBytes: config.maxMessageBytes,
		maxSendBufferBytes: config.maxSendBufferBytes,
		maxSyncRequestsPerSecond: config.maxSyncRequestsPerSecond,
		maxAwarenessStateBytes: config.maxAwarenessStateBytes,
		maxAwarenessClients: config.maxAwarenessClients,
		onRoomOpened: mover.roomOpened,
		rules: rulesFor,
		peers: cluster?.rooms,
		// What each committed update did to each ledger entry (server/history/*, docs/data-model.md).
		history: historyRecorderFor,
		// A board's readers outside its team get its text masked with the station's residents' names.
		readerMask: (docName) => boardReaderMask(docName, (name) => relay.load(name)),
		now: config.clock.now
	});
	await mover.migrateStored(directory.listStations().map((s) => s.id));
	// The public pages (SvelteKit routes under /p) read the server's copy of the boards.
	installPublicSource(createPublicSource(config.publicUrl, directory, relay));
	// The rater's page (/rate/[token]) reads and submits through the ratings on the server.
	const ratings = new Ratings(db, directory, config.clock.now);
	installRatingSource(createRatingSource(ratings));
	// Ended sessions and changed rights cut live connections at once, the CLI's changes within a second.
	const stopEnforcing = enforceAccess(directory, relay);
	cluster?.linkDirectory(directory);

	// Statistics: derived per station and warmed in the background, so the first district view after a restart is fast.
	const derived = new DerivedCache(relay, db);
	await derived.load();
	const warm = () => warmStatistics(() => directory.listStations().map((s) => s.id), derived);
	// Once across the processes of a district: they share the stored results (derived_stats).
	const warmUp = cluster ? cluster.warmOnce('stats-warm-up', warm) : warm();

	const auth = createAuth(directory, tokens);
	// Each feature adds its routes here (server/http/*-api.ts).
	const accounts = accountRoutes({
		directory,
		tokens,
		refreshDays: config.refreshDays,
		clientAddress,
		// Several processes count failed sign-ins together, or each would give a guesser its own tries.
		signInThrottle: cluster ? redisSignInThrottle(cluster.bus.redis, config.redisPrefix) : undefined,
		async initStation(stationId, info, adopting) {
			// An adopted station's board may be on its way from the device that made it; one that is
			// not there yet gets a first state, else every phone shows it "restoring" for good (a
			// device's board arriving later merges: categories are read without duplicates).
			if (adopting && (await relay.log.count(docNames(stationId).board)) > 0) return;
			const doc = new Y.Doc();
			initBoard(doc, { name: info.name, street: info.street, kind: info.kind as StationKind }, Date.now());
			await relay.log.append(docNames(stationId).board, Y.encodeStateAsUpdate(doc), 'server');
		}
	}, auth);
	const api = routeRequests([...accounts, ...ratingRoutes({ ratings, directory, publicUrl: config.publicUrl }, auth), ...calendarRoutes(createCalendarStore(db), auth), ...filesFeature({ db, directory, relay, derived, today: config.clock.today }, auth), ...escalationRoutes({ db, directory, docs: relay, today: config.clock.today, now: config.clock.now }, auth), ...stationContactRoutes(directory, auth), ...historyRoutes({ db, directory, relay }, auth)]);

	const secure = securityHeaders(config.publicUrl);
	server.on('request', (req, res) => {
		secure(req, res);
		api(req, res)
			.then((handled) => {
				if (handled) return;
				// SvelteKit's getClientAddress() reads this (main.ts sets ADDRESS_HEADER): the public forms' throttles.
				req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req);
				// A file streamed from disk that is gone when read (the build replaced under a running
				// server) ends this response, never the process: the static server leaves its read
				// error unheard.
				res.on('pipe', (source) =>
					source.on('error', (error) => {
						console.warn(`http: ${logSafe(req.method)} ${logPath(req.url)}: ${logSafe(error.message)}`);
						res.destroy();
					})
				);
				if (web) web(req, res);
				else send(res, 404, { error: 'not-found' });
			})
			.catch((error) => {
				console.error(`http: ${logSafe(req.method)} ${logPath(req.url)}: ${logSafe(error, 4000)}`);
				if (!res.headersSent) send(res, 500, { error: 'internal' });
			});
	});

	return {
		server,
		db,
		directory,
		relay,
		warmUp,
		cluster,
		ready: cluster ? cluster.ready : Promise.resolve(),
		async close() {
			stopEnforcing();
			warmUp.stop();
			await relay.close();
			await cluster?.close();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await derived.flushed();
			await db.close();
			unmark();
		}
	};
}
