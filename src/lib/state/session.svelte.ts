// Who is signed in on this device, kept in Dexie so it survives reloads and days offline.
// An expired access token never stops the app: it works on local data and refreshes the token
// when the network is back. Only a refused refresh ends the session, and even then no local
// data is touched: the person signs in again and their edits sync afterwards.
import { forgetAllRows } from '$lib/device/boot-frame';
import { forgetSignedOut, rememberSignedOut, signedOut, type SignedOut } from '$lib/device/signed-out';
import { forgetDrafts } from './drafts';
import type { StoredSession } from '$lib/device/device-db';
import { deviceDb, readDevice } from '$lib/device/device-db-loader';
import { inBackground } from '$lib/device/in-background';
import { api, ApiError, type Person, type Session as ServerSession } from '$lib/remote/api';

/** Refresh a little before the access token expires, so a websocket never opens with a dying token. */
const EARLY_MS = 60_000;
const REFRESH_LOCK = 'yixian-session-refresh';

class Session {
	#current = $state<StoredSession | null>(null);
	loaded = $state(false);
	#refreshing: Promise<string | null> | null = null;

	get person(): Person | null {
		return this.#current?.person ?? null;
	}

	/** The server refused our refresh token (expired, revoked, password reset): sign in again. */
	get ended(): boolean {
		return this.#current?.ended === true;
	}

	/** The server said the person's account is disabled: the device keeps none of the server's stations. */
	get disabled(): boolean {
		return this.#current?.disabled === true;
	}

	/** Changes that were still unsent when the account's data was deleted (said in the banner). */
	get lostChanges(): number {
		return this.#current?.lostChanges ?? 0;
	}

	/**
	 * The person whose changes the device holds while nobody is signed in: the one whose session
	 * ended, or who signed out last. null when signed in or not known.
	 */
	get previous(): SignedOut | null {
		if (this.#current) return this.ended ? { name: this.#current.person.name, phone: this.#current.person.phone } : null;
		return signedOut();
	}

	/** Signed in with a session the server has not ended: documents may sync. */
	get active(): boolean {
		return this.#current !== null && !this.ended;
	}

	async load() {
		this.#current = (await readDevice<StoredSession | undefined>('session', (s) => s.get('current'), (db) => db.session.get('current'))) ?? null;
		this.loaded = true;
	}

	/** Signs in; throws ApiError (401 invalid-credentials, 403 disabled, 429 too-many-attempts, 0 network). */
	async signIn(phone: string, password: string): Promise<Person> {
		const session = await api.signIn(phone, password);
		await this.#keep(session);
		forgetSignedOut();
		return session.person;
	}

	/** Signs this device out. The documents stay on the device; only the session is cleared. */
	async signOut() {
		const refresh = this.#current?.refresh;
		const person = this.#current?.person;
		if (person) rememberSignedOut(person);
		this.#current = null;
		forgetAllRows(); // what the ledger showed is not painted to whoever picks the phone up next
		forgetDrafts(); // nor what was typed and not saved
		await (await deviceDb()).session.delete('current');
		if (refresh) await api.end(refresh).catch(() => {}); // offline: the refresh token simply expires
	}

	/** Writes the session again (the device's storage was cleared under the open page). */
	async storeAgain() {
		if (this.#current) await (await deviceDb()).session.put($state.snapshot(this.#current) as StoredSession);
	}

	updatePerson(person: Person) {
		if (!this.#current) return;
		this.#current = { ...this.#current, person };
		inBackground(deviceDb().then((db) => db.session.update('current', { person })), 'Storing the person’s name');
	}

	/**
	 * A token for the server, refreshed first when it is expired or about to be and the device is
	 * online. Offline it is the stored one, however old: the caller's request fails as any offline
	 * request does and is retried later. null when signed out or the session ended.
	 */
	async accessToken(): Promise<string | null> {
		const current = this.#current;
		if (!current || current.ended) return null;
		if (current.accessExpiresAt - Date.now() > EARLY_MS || !navigator.onLine) return current.access;
		return (await this.refresh()) ?? current.access;
	}

	/**
	 * Trades the refresh token for a new session now (e.g. the relay said 4401). null when it
	 * could not: offline (try later) or refused (then `ended` is set).
	 */
	refresh(): Promise<string | null> {
		// One refresh at a time, across tabs too: the server rotates the refresh token, so a second
		// concurrent use of the old one would be refused and end the session.
		this.#refreshing ??= this.#withLock(() => this.#refreshOnce()).finally(() => (this.#refreshing = null));
		return this.#refreshing;
	}

	async #refreshOnce(): Promise<string | null> {
		const held = this.#current;
		const stored = await (await deviceDb()).session.get('current');
		if (!stored || stored.ended || !held) return null;
		// Another tab refreshed while we waited for the lock: use its session.
		if (stored.refresh !== held.refresh && stored.accessExpiresAt - Date.now() > EARLY_MS) {
			this.#current = stored;
			return stored.access;
		}
		try {
			const session = await api.refresh(stored.refresh);
			await this.#keep(session);
			return session.access;
		} catch (error) {
			if (error instanceof ApiError && error.status === 401) await this.#end(error.code === 'account-disabled');
			return null;
		}
	}

	async #withLock(fn: () => Promise<string | null>): Promise<string | null> {
		return navigator.locks ? await navigator.locks.request(REFRESH_LOCK, fn) : fn();
	}

	async #keep(session: ServerSession) {
		const row: StoredSession = { id: 'current', ...session };
		this.#current = row;
		await (await deviceDb()).session.put(row);
	}

	/** The server said `401 account-disabled` (GET /api/me or a refresh): the session is over for good. */
	markDisabled(): Promise<void> {
		return this.#end(true);
	}

	/** Records how many unsent changes went with the deleted data (once: a later drop finds none). */
	async noteLost(count: number) {
		if (!this.#current || count === 0) return;
		const lostChanges = this.lostChanges + count;
		this.#current = { ...this.#current, lostChanges };
		await (await deviceDb()).session.update('current', { lostChanges });
	}

	async #end(disabled = false) {
		if (!this.#current) return;
		const change = disabled ? { ended: true, disabled: true as const } : { ended: true };
		this.#current = { ...this.#current, ...change };
		await (await deviceDb()).session.update('current', change);
	}
}

export const session = new Session();
