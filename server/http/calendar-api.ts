// The district calendar under /api (docs/api.md): everyone signed in reads it (the app caches it
// for offline reminders); only the frontline office changes it.
import { validateCalendar } from '../../src/lib/domain/calendar';
import type { CalendarStore } from '../calendar/calendar-store';
import type { Auth } from './auth';
import { z } from 'zod';
import { HttpError, readBody, readJson, send } from './json';
import type { Route } from './router';
import { optionalLine } from './schemas';

// A trailing 一线办 typed by habit is dropped (the sheet adds it), then up to 20 characters; '' means "区".
const district = z.object({ name: z.string().transform((n) => n.trim().replace(/\s*一线办$/, '')).pipe(optionalLine(20)) });

export function calendarRoutes(store: CalendarStore, auth: Auth): Route[] {
	return [
		['GET', /^\/api\/calendar$/, async ({ req, res }) => {
			await auth.signedIn(req);
			send(res, 200, await store.get());
		}],
		['PUT', /^\/api\/calendar$/, async ({ req, res }) => {
			const actor = await auth.office(req);
			const body = await readJson(req);
			const valid = validateCalendar(body && typeof body === 'object' ? (body as Record<string, unknown>) : {});
			if (!valid.ok) throw new HttpError(400, 'invalid-input', Object.fromEntries(valid.errors.map((e) => [e.field, e.code])));
			await store.set(actor.id, valid.value);
			send(res, 200, valid.value);
		}],
		// The district's name (bulletin issuer line "<name>一线办"): read by anyone signed in, set by the office.
		['GET', /^\/api\/district$/, async ({ req, res }) => {
			await auth.signedIn(req);
			send(res, 200, { name: await store.districtName() });
		}],
		['PUT', /^\/api\/district$/, async ({ req, res }) => {
			const actor = await auth.office(req);
			const body = await readBody(req, district);
			await store.setDistrictName(actor.id, body.name);
			send(res, 200, { name: body.name });
		}]
	];
}
