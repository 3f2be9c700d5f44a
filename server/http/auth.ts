// Who is calling: the access token names the person, the directory says what they are now.
import type { IncomingMessage } from 'node:http';
import type { Directory, Person } from '../accounts/directory';
import type { TokenIssuer } from '../accounts/tokens';
import { HttpError } from './json';

export interface Auth {
	/** The signed-in, enabled person, or a 401. */
	signedIn(req: IncomingMessage): Promise<Person>;
	/** A member of the frontline office, or a 401/403. */
	office(req: IncomingMessage): Promise<Person>;
}

export function createAuth(directory: Directory, tokens: TokenIssuer): Auth {
	async function signedIn(req: IncomingMessage): Promise<Person> {
		// The scheme in any case, one or more spaces, then one token (RFC 9110, 11.4).
		const bearer = /^bearer +(\S+)$/i.exec(req.headers.authorization ?? '');
		const claims = await tokens.verify(bearer ? bearer[1] : null);
		if (typeof claims === 'string') throw new HttpError(401, claims === 'expired' ? 'token-expired' : 'not-signed-in');
		// What another process (the admin CLI, another server) changed holds from this request on.
		await directory.fresh();
		const person = directory.getPerson(claims.personId);
		if (!person) throw new HttpError(401, 'not-signed-in');
		// Said plainly, so the app deletes the stations' documents this device still holds (docs/api.md).
		if (person.disabled) throw new HttpError(401, 'account-disabled');
		// Signed out, password reset, disabled since, or a stolen refresh token was replayed.
		if (!(await directory.sessions.alive(claims.sessionId, person.id))) throw new HttpError(401, 'session-ended');
		return person;
	}
	return {
		signedIn,
		async office(req) {
			const person = await signedIn(req);
			if (person.role !== 'office') throw new HttpError(403, 'forbidden');
			return person;
		}
	};
}
