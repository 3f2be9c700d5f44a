// Who signed out of this device last: their own name and number (a cadre's, on every contact card,
// never a resident's). Their unsent changes stay on the device until they sign in again, and the
// sign-in page asks before another person's sign-in deletes them (session.previous). Forgotten at
// the next sign-in and by an erase of the device.
const KEY = 'yixian:signed-out';

export interface SignedOut {
	name: string;
	phone: string;
}

export function rememberSignedOut({ name, phone }: SignedOut): void {
	try {
		localStorage.setItem(KEY, JSON.stringify({ name, phone }));
	} catch {
		// Storage refused: the sign-in page then asks nothing, as before.
	}
}

export function signedOut(): SignedOut | null {
	try {
		const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<SignedOut> | null;
		return saved && typeof saved.name === 'string' && typeof saved.phone === 'string' ? { name: saved.name, phone: saved.phone } : null;
	} catch {
		return null;
	}
}

export function forgetSignedOut(): void {
	try {
		localStorage.removeItem(KEY);
	} catch {
		// (nothing kept)
	}
}
