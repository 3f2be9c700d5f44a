// Accounts under /api: sign-in and sessions, the signed-in person's stations, and the frontline
// office's directory screens. Every call checks its token and its right (docs/api.md).
import type { ServerResponse } from 'node:http';
import type { Directory, Person } from '../accounts/directory';
import { MemorySignInThrottle, type SignInThrottle } from '../accounts/sign-in-throttle';
import type { TokenIssuer } from '../accounts/tokens';
import { RateLimiter } from '../util/rate-limit';
import type { ClientAddress } from './client-address';
import type { Auth } from './auth';
import { HttpError, readBody, send } from './json';
import type { Route } from './router';
import * as s from './schemas';

export interface ApiDeps {
	directory: Directory;
	tokens: TokenIssuer;
	refreshDays: number;
	/** The client behind the request, for the sign-in throttle (server/http/client-address.ts). */
	clientAddress: ClientAddress;
	/** Failed sign-ins, counted across the district's processes (with Redis); else in this process. */
	signInThrottle?: SignInThrottle;
	/** Writes a new station's initial board document (its meta and default categories). */
	/** Writes a new station's first board state; `adopting` (an id given): only when no device has sent its board yet. */
	initStation(stationId: string, info: { name: string; street: string; kind: string }, adopting: boolean): Promise<void>;
}

export function accountRoutes(deps: ApiDeps, auth: Auth): Route[] {
	const { directory, tokens } = deps;
	const { signedIn, office } = auth;
	// Failed attempts slow down per phone and address and per address (server/accounts/sign-in-throttle.ts);
	// every attempt, right or wrong, also counts against a generous flood limit per address.
	// Shared by the district's processes when there are several (deps.signInThrottle).
	const throttle = deps.signInThrottle ?? new MemorySignInThrottle();
	const attemptsByAddress = new RateLimiter(1, 60);

	async function session(person: Person, sessionId: string, refresh: string) {
		const access = await tokens.issue({ personId: person.id, name: person.name, sessionId });
		return { access: access.token, accessExpiresAt: access.expiresAt, refresh, person };
	}

	const routes: Route[] = [
		['POST', /^\/api\/session$/, async ({ req, res }) => {
			const body = await readBody(req, s.signIn);
			const address = deps.clientAddress(req);
			if (!attemptsByAddress.take(address)) throw tooMany(res, 1000);
			const allowed = await throttle.attempt(address, body.phone);
			if (!allowed.ok) throw tooMany(res, allowed.retryAfterMs);
			const person = await directory.authenticate(body.phone, body.password);
			if (!person) throw new HttpError(401, 'invalid-credentials');
			await throttle.succeeded(address, body.phone);
			if (person.disabled) throw new HttpError(403, 'disabled');
			const started = await directory.sessions.start(person.id, deps.refreshDays);
			send(res, 200, await session(person, started.sessionId, started.refresh));
		}],
		['POST', /^\/api\/session\/refresh$/, async ({ req, res }) => {
			const body = await readBody(req, s.refresh);
			const next = await directory.sessions.rotate(body.refresh, deps.refreshDays);
			// What another process (the admin CLI, another server) changed holds from this request on.
			await directory.fresh();
			// A device of a disabled person is told so (it then deletes the stations' documents it holds).
			const owner = directory.getPerson(next?.personId ?? (await directory.sessions.ownerOf(body.refresh)) ?? '');
			if (owner?.disabled) throw new HttpError(401, 'account-disabled');
			const person = next && owner;
			if (!next || !person) throw new HttpError(401, 'session-ended');
			send(res, 200, await session(person, next.sessionId, next.refresh));
		}],
		['POST', /^\/api\/session\/end$/, async ({ req, res }) => {
			await directory.sessions.endByRefresh((await readBody(req, s.refresh)).refresh);
			send(res, 204);
		}],
		['GET', /^\/api\/me$/, async ({ req, res }) => {
			const person = await signedIn(req);
			send(res, 200, { person, stations: directory.stationsFor(person.id) });
		}],
		['GET', /^\/api\/admin\/directory$/, async ({ req, res }) => {
			await office(req);
			const stations = directory.listStations().map((st) => ({
				...st,
				team: directory.teamOf(st.id).map((m) => ({ personId: m.person.id, name: m.person.name, role: m.role }))
			}));
			const streets = directory.listStreets().map((st) => ({ ...st, leaders: directory.leadersOf(st.id) }));
			send(res, 200, { streets, stations, people: directory.listPeople() });
		}],
		['POST', /^\/api\/admin\/streets$/, async ({ req, res }) => {
			const actor = await office(req);
			send(res, 201, await directory.createStreet(actor.id, (await readBody(req, s.street)).name));
		}],
		['POST', /^\/api\/admin\/stations$/, async ({ req, res }) => {
			const actor = await office(req);
			const body = await readBody(req, s.newStation);
			const station = await directory.createStation(actor.id, body);
			// A station adopted from a device already has its board; a new one gets its first state here.
			await deps.initStation(station.id, { name: station.name, street: station.streetName, kind: station.kind }, Boolean(body.id));
			send(res, 201, station);
		}],
		['PATCH', /^\/api\/admin\/stations\/([0-9a-z]+)$/, async ({ req, res, params }) => {
			const actor = await office(req);
			send(res, 200, await directory.updateStation(actor.id, params[0], await readBody(req, s.stationPatch)));
		}],
		['POST', /^\/api\/admin\/people$/, async ({ req, res }) => {
			const actor = await office(req);
			const body = await readBody(req, s.newPerson);
			send(res, 201, await directory.createPerson(actor.id, body));
		}],
		['PATCH', /^\/api\/admin\/people\/([0-9a-z]+)$/, async ({ req, res, params }) => {
			const actor = await office(req);
			const body = await readBody(req, s.personPatch);
			if (params[0] === actor.id && (body.disabled || (body.role && body.role !== 'office'))) throw new HttpError(400, 'cannot-demote-self');
			send(res, 200, await directory.updatePerson(actor.id, params[0], body));
		}],
		['POST', /^\/api\/admin\/people\/([0-9a-z]+)\/password$/, async ({ req, res, params }) => {
			const actor = await office(req);
			await directory.setPassword(actor.id, params[0], (await readBody(req, s.newPassword)).password);
			send(res, 204);
		}],
		['PUT', /^\/api\/admin\/stations\/([0-9a-z]+)\/team\/([0-9a-z]+)$/, async ({ req, res, params }) => {
			const actor = await office(req);
			await directory.assign(actor.id, params[1], params[0], (await readBody(req, s.teamRole)).role);
			send(res, 204);
		}],
		['DELETE', /^\/api\/admin\/stations\/([0-9a-z]+)\/team\/([0-9a-z]+)$/, async ({ req, res, params }) => {
			const actor = await office(req);
			await directory.unassign(actor.id, params[1], params[0]);
			send(res, 204);
		}],
		['PUT', /^\/api\/admin\/streets\/([0-9a-z]+)\/leaders\/([0-9a-z]+)$/, async ({ req, res, params }) => {
			const actor = await office(req);
			await directory.setLeader(actor.id, params[1], params[0], true);
			send(res, 204);
		}],
		['DELETE', /^\/api\/admin\/streets\/([0-9a-z]+)\/leaders\/([0-9a-z]+)$/, async ({ req, res, params }) => {
			const actor = await office(req);
			await directory.setLeader(actor.id, params[1], params[0], false);
			send(res, 204);
		}]
	];

	return routes;
}

/** 429 saying how long to wait (Retry-After, whole seconds). */
function tooMany(res: ServerResponse, retryAfterMs: number): HttpError {
	res.setHeader('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
	return new HttpError(429, 'too-many-attempts');
}
