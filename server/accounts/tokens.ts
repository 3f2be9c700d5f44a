// Access tokens: short-lived JWTs (HS256, jose) naming the person and their session (`sid`).
// Rights are never in the token: the server looks them up on every request and upgrade, so a
// removal takes effect at once; and it checks the session is still on, so a password reset, a
// disable or a sign-out ends the token too (server/accounts/sessions.ts).
import { errors, jwtVerify, SignJWT } from 'jose';

export interface AccessClaims {
	personId: string;
	name: string;
	/** The session (server/accounts/sessions.ts) the token belongs to; '' in tokens made before sessions. */
	sessionId: string;
}

export type TokenProblem = 'missing' | 'expired' | 'invalid';

export class TokenIssuer {
	constructor(
		private secret: Uint8Array,
		private ttlSeconds: number
	) {}

	async issue(claims: AccessClaims): Promise<{ token: string; expiresAt: number }> {
		const expiresAt = Math.floor(Date.now() / 1000) + this.ttlSeconds;
		const token = await new SignJWT({ name: claims.name, sid: claims.sessionId })
			.setProtectedHeader({ alg: 'HS256' })
			.setSubject(claims.personId)
			.setIssuedAt()
			.setExpirationTime(expiresAt)
			.setAudience('yixian')
			.sign(this.secret);
		return { token, expiresAt: expiresAt * 1000 };
	}

	async verify(token: string | null | undefined): Promise<AccessClaims | TokenProblem> {
		if (!token) return 'missing';
		try {
			const { payload } = await jwtVerify(token, this.secret, { algorithms: ['HS256'], audience: 'yixian' });
			if (typeof payload.sub !== 'string') return 'invalid';
			return { personId: payload.sub, name: String(payload.name ?? ''), sessionId: typeof payload.sid === 'string' ? payload.sid : '' };
		} catch (error) {
			return error instanceof errors.JWTExpired ? 'expired' : 'invalid';
		}
	}
}
