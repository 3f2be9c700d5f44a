// The district's calendar (src/lib/domain/calendar.ts), one setting for every station. Kept in a
// small key-value table of its own (db.ts's migrations belong to the directory); every change is
// written to the shared audit table.
import { DEFAULT_CALENDAR, validateCalendar, type CalendarSettings } from '../../src/lib/domain/calendar';
import type { Db } from '../db';

const KEY = 'calendar';
// Its own key, not a calendar field: validateCalendar (shared with the app's cache) stays as it is.
const DISTRICT = 'district';

export interface CalendarStore {
	/** The office's settings, or the defaults when none were ever saved (or the stored ones no longer validate). */
	get(): CalendarSettings;
	set(actor: string, settings: CalendarSettings): void;
	/** The district's name for the bulletin's issuer line (e.g. "城东区"); '' until the office sets it. */
	districtName(): string;
	setDistrictName(actor: string, name: string): void;
}

export function createCalendarStore(db: Db): CalendarStore {
	db.exec('CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
	const read = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
	const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
	const audit = db.prepare('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)');
	return {
		get() {
			const row = read.get(KEY);
			if (!row) return { ...DEFAULT_CALENDAR };
			const valid = validateCalendar(JSON.parse(row.value));
			return valid.ok ? valid.value : { ...DEFAULT_CALENDAR };
		},
		set(actor, settings) {
			db.transaction(() => {
				write.run(KEY, JSON.stringify(settings));
				audit.run(Date.now(), actor, 'calendar.set', JSON.stringify(settings));
			})();
		},
		districtName() {
			return read.get(DISTRICT)?.value ?? '';
		},
		setDistrictName(actor, name) {
			db.transaction(() => {
				write.run(DISTRICT, name);
				audit.run(Date.now(), actor, 'district.set', JSON.stringify({ name }));
			})();
		}
	};
}
