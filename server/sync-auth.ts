// The relay's auth hook: the access token travels as the `token` query parameter (the stock
// y-websocket provider's `params`), the right is looked up for this very document.
import type { IncomingMessage } from 'node:http';
import type { Directory } from './accounts/directory';
import { accessTo, parseDocName } from './accounts/rights';
import type { TokenIssuer } from './accounts/tokens';
import { CloseCode, type Authorize, type Identity, type Rejection } from './relay/types';

const refuse = (code: number, reason: string): Rejection => ({ reject: { code, reason } });

/**
 * The relay's second look once a connection is open (RelayOptions.recheck): a session that ended,
 * or a person disabled, while the upgrade waited for the session's check closes it as the event
 * would have (access-enforcement.ts), had the connection been open then. (The rights are read
 * after the upgrade's last wait: nothing can change them in between.)
 */
export function syncRecheck(directory: Directory): (identity: Identity) => Promise<Rejection | null> {
	return async (identity) => {
		if (directory.getPerson(identity.userId)?.disabled) return refuse(CloseCode.unauthenticated, 'account disabled');
		if (identity.sessionId && !(await directory.sessions.alive(identity.sessionId, identity.userId))) return refuse(CloseCode.unauthenticated, 'session ended');
		return null;
	};
}

export function syncAuthorizer(directory: Directory, tokens: TokenIssuer): Authorize {
	return async (request: IncomingMessage, docName: string) => {
		const token = new URL(request.url ?? '/', 'http://relay').searchParams.get('token');
		const claims = await tokens.verify(token);
		if (claims === 'missing') return refuse(CloseCode.unauthenticated, 'not signed in');
		if (claims === 'expired') return refuse(CloseCode.unauthenticated, 'token expired');
		if (claims === 'invalid') return refuse(CloseCode.unauthenticated, 'invalid token');
		await directory.fresh();
		// Disabled first, as the API says it (a disable also ends the sessions): the app then drops the stations' data.
		if (directory.getPerson(claims.personId)?.disabled) return refuse(CloseCode.unauthenticated, 'account disabled');
		if (!(await directory.sessions.alive(claims.sessionId, claims.personId))) return refuse(CloseCode.unauthenticated, 'session ended');
		const doc = parseDocName(docName);
		if (!doc) return refuse(CloseCode.unknownDocument, 'unknown document');
		const grants = directory.grants(claims.personId, doc.stationId);
		if (!grants) return refuse(CloseCode.unknownDocument, 'unknown station');
		if (grants.disabled) return refuse(CloseCode.unauthenticated, 'account disabled');
		const access = accessTo(doc.kind, grants);
		if (!access) return refuse(CloseCode.forbidden, 'no right to this document');
		const person = directory.getPerson(claims.personId)!;
		// A board's readers (a street leader, the office) are outside the team that types its text: they get it masked.
		const masked = doc.kind === 'board' && access === 'read';
		return { userId: person.id, name: person.name, canWrite: access === 'write', sessionId: claims.sessionId, masked };
	};
}
