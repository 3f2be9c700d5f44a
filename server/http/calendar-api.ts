// The district calendar under /api (docs/api.md): everyone signed in reads it (the app caches it
// for offline reminders); only the frontline office changes it.
import { validateCalendar } from '../../src/lib/domain/calendar';
import type { CalendarStore } from '../calendar/calendar-store';
import type { Auth } from './auth';
import { HttpError, readJson, send } from './json';
import type { Route } from './router';

export function calendarRoutes(store: CalendarStore, auth: Auth): Route[] {
	return [
		['GET', /^\/api\/calendar$/, async ({ req, res }) => {
			await auth.signedIn(req);
			send(res, 200, store.get());
		}],
		['PUT', /^\/api\/calendar$/, async ({ req, res }) => {
			const actor = await auth.office(req);
			const body = await readJson(req);
			const valid = validateCalendar(body && typeof body === 'object' ? (body as Record<string, unknown>) : {});
			if (!valid.ok) throw new HttpError(400, 'invalid-input', Object.fromEntries(valid.errors.map((e) => [e.field, e.code])));
			store.set(actor.id, valid.value);
			send(res, 200, valid.value);
		}]
	];
}
