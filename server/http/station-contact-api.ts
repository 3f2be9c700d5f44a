// The station cadre's contact card (连心卡) for the duty-day notice: whoever on the team drafts the
// notice (often the assistant), the card on it is the cadre's. Team members and the office only:
// it carries a phone number.
import type { Directory } from '../accounts/directory';
import type { Auth } from './auth';
import { HttpError, send } from './json';
import type { Route } from './router';

export function stationContactRoutes(directory: Directory, auth: Auth): Route[] {
	return [
		['GET', /^\/api\/stations\/([0-9a-z]{6,32})\/cadre-card$/, async ({ req, res, params }) => {
			const person = await auth.signedIn(req);
			const grants = directory.grants(person.id, params[0]);
			if (!grants) throw new HttpError(404, 'not-found');
			if (person.role !== 'office' && grants.assignment === null) throw new HttpError(403, 'forbidden');
			const cadre = directory.activeTeamOf(params[0]).find((m) => m.role === 'cadre')?.person;
			if (!cadre) throw new HttpError(404, 'no-cadre');
			send(res, 200, { name: cadre.name, unit: cadre.unit, position: cadre.position, phone: cadre.phone });
		}]
	];
}
