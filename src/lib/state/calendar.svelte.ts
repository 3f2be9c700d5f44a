// The district calendar as the app sees it: the office's settings from GET /api/calendar, cached in
// Dexie (settings 'calendar') so reminders and drafts work offline; the defaults until first heard.
import { deviceDb, readDevice } from '$lib/device/device-db-loader';
import { DEFAULT_CALENDAR, validateCalendar, type CalendarSettings } from '$lib/domain/calendar';
import { session } from './session.svelte';

export class CalendarRefusal extends Error {
	constructor(
		/** 0: the server could not be reached. */
		readonly status: number,
		readonly code: string,
		readonly fields: Record<string, string> = {}
	) {
		super(code);
	}
}

async function request(method: 'GET' | 'PUT', body?: CalendarSettings): Promise<unknown> {
	const token = await session.accessToken();
	if (!token) throw new CalendarRefusal(401, 'not-signed-in');
	let res: Response;
	try {
		res = await fetch('/api/calendar', {
			method,
			headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined
		});
	} catch {
		throw new CalendarRefusal(0, 'offline');
	}
	const json = await res.json().catch(() => ({}));
	if (!res.ok) throw new CalendarRefusal(res.status, json.error ?? 'internal', json.fields ?? {});
	return json;
}

class DistrictCalendar {
	current = $state<CalendarSettings>({ ...DEFAULT_CALENDAR });
	/** The server has answered at least once on this device (else these are the defaults). */
	fromServer = $state(false);
	#loading: Promise<void> | null = null;

	/** The cached copy at once, then the server's when signed in and online. */
	load(): Promise<void> {
		return (this.#loading ??= this.#load().finally(() => (this.#loading = null)));
	}

	/** Never fails: what cannot be read (the device's storage being cleared or reopened) is asked of the server. */
	async #load() {
		try {
			// Read as the app starts (the due card): without Dexie (readDevice), like the other settings.
			const row = await readDevice<{ value: unknown } | undefined>('settings', (s) => s.get('calendar'), (db) => db.settings.get('calendar'));
			const cached = row && validateCalendar(row.value as Record<string, unknown>);
			if (cached?.ok) {
				this.current = cached.value;
				this.fromServer = true;
			}
		} catch (error) {
			console.warn('Reading the cached calendar failed', error);
		}
		if (!session.active) return;
		try {
			await this.#keep(await request('GET'));
		} catch {
			// Offline or signed out: the cached copy (or the defaults) stands.
		}
	}

	/** The office's change; throws CalendarRefusal with the fields the server named. */
	async save(next: CalendarSettings) {
		await this.#keep(await request('PUT', next));
	}

	async #keep(value: unknown) {
		const valid = validateCalendar(value as Record<string, unknown>);
		if (!valid.ok) return;
		this.current = valid.value;
		this.fromServer = true;
		await (await deviceDb()).settings.put({ key: 'calendar', value: valid.value });
	}
}

export const districtCalendar = new DistrictCalendar();
