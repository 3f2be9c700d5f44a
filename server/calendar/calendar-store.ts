// The district's calendar (src/lib/domain/calendar.ts), one setting for every station. Kept in a
// small key-value table (`settings`); every change is written to the shared audit table.
import { DEFAULT_CALENDAR, validateCalendar, type CalendarSettings } from '../../src/lib/domain/calendar';
import type { Db } from '../db';

const KEY = 'calendar';
// Its own key, not a calendar field: validateCalendar (shared with the app's cache) stays as it is.
const DISTRICT = 'district';

export interface CalendarStore {
	/** The office's settings, or the defaults when none were ever saved (or the stored ones no longer validate). */
	get(): Promise<CalendarSettings>;
	set(actor: string, settings: CalendarSettings): Promise<void>;
	/** The district's name for the bulletin's issuer line (e.g. "城东区"); '' until the office sets it. */
	districtName(): Promise<string>;
	setDistrictName(actor: string, name: string): Promise<void>;
}

export function createCalendarStore(db: Db): CalendarStore {
	const read = async (key: string) => (await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))?.value;
	const write = (actor: string, key: string, value: string, action: string, detail: string) =>
		db.transaction(async (tx) => {
			await tx.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
			await tx.run('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)', [Date.now(), actor, action, detail]);
		});
	return {
		async get() {
			const value = await read(KEY);
			if (value === undefined) return { ...DEFAULT_CALENDAR };
			const valid = validateCalendar(JSON.parse(value));
			return valid.ok ? valid.value : { ...DEFAULT_CALENDAR };
		},
		async set(actor, settings) {
			const json = JSON.stringify(settings);
			await write(actor, KEY, json, 'calendar.set', json);
		},
		async districtName() {
			return (await read(DISTRICT)) ?? '';
		},
		async setDistrictName(actor, name) {
			await write(actor, DISTRICT, name, 'district.set', JSON.stringify({ name }));
		}
	};
}
