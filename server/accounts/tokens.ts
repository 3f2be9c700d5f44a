// Access tokens: short-lived JWTs (HS256, jose) naming the person. Rights are never in the token:
// the server looks them up on every request and upgrade, so a removal takes effect at once.
import { errors, jwtVerify, SignJWT } from 'jose';

export interface AccessClaims {
	personId: string;
	name: string;
}

export type TokenProblem = 'missing' | 'expired' | 'invalid';

export class TokenIssuer {
	constructor(
		private secret: Uint8Array,
		private ttlSeconds: number
	) {}

	async issue(claims: AccessClaims): Promise<{ token: string; expiresAt: number }> {
		const expiresAt = Math.floor(Date.now() / 1000) + this.ttlSeconds;
		const token = await new SignJWT({ name: claims.name })
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
			return { personId: payload.sub, name: String(payload.name ?? '') };
		} catch (error) {
			return error instanceof errors.JWTExpired ? 'expired' : 'invalid';
		}
	}
}
