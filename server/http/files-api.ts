// The cadre's side of the duty day and the cadre's file (issue 4, items 1 and 3): check in on the
// duty day (到岗), ask for leave (驻点日请假), the office's decision, optional actions, and the file
// itself — the cadre sees their own, the office anyone's. Every call checks its token and right.
import { z } from 'zod';
import { dutyDate, shiftMonth, type CalendarSettings } from '../../src/lib/domain/calendar';
import { monthOf, toIsoDate } from '../../src/lib/domain/dates';
import type { HalfYear } from '../../src/lib/domain/half-year';
import { halfYearProblem, monthProblem, TEXT_LIMITS } from '../../src/lib/domain/input';
import type { Directory, Person } from '../accounts/directory';
import type { CadreFiles } from '../files/cadre-files';
import { DutyError, type DutyRecords, type Leave } from '../files/duty-records';
import type { Auth } from './auth';
import { HttpError, readBody, send } from './json';
import type { Route } from './router';
import { day, text } from './schemas';

export interface FilesDeps {
	directory: Directory;
	duty: DutyRecords;
	files: CadreFiles;
	calendar(): Promise<CalendarSettings>;
	/** The server's calendar day (tests move it). */
	today?(): string;
}

const leaveRequest = z.object({ date: day, reason: text(500) });
/** Leave is asked for the duty days of this month and the next two: those the cadre's card offers. */
const LEAVE_MONTHS = 3;
const leaveDecision = z.object({ decision: z.enum(['approved', 'refused']), note: text(500, false).optional() });
const optionalAction = z.object({ date: day, text: text(TEXT_LIMITS.note) });

const dutyError = (e: unknown): never => {
	if (e instanceof DutyError) throw new HttpError(e.code === 'not-found' ? 404 : 409, e.code);
	throw e;
};

export function filesRoutes(deps: FilesDeps, auth: Auth): Route[] {
	const { directory, duty, files } = deps;
	const today = deps.today ?? (() => toIsoDate(Date.now()));

	/** The signed-in person and the station they are the cadre of, or 403. */
	async function cadre(req: Parameters<Auth['signedIn']>[0]) {
		const person = await auth.signedIn(req);
		const station = files.stationOf(person.id);
		if (!station) throw new HttpError(403, 'not-a-cadre');
		return { person, station };
	}

	/** The office reads every file; a cadre only their own. */
	async function fileReader(req: Parameters<Auth['signedIn']>[0], personId: string): Promise<Person> {
		const caller = await auth.signedIn(req);
		if (caller.id !== personId && caller.role !== 'office') throw new HttpError(403, 'forbidden');
		const person = directory.getPerson(personId);
		if (!person) throw new HttpError(404, 'not-found');
		return person;
	}

	const withNames = (l: Leave) => ({ ...l, personName: directory.getPerson(l.personId)?.name ?? '', stationName: directory.getStation(l.stationId)?.name ?? '' });

	return [
		// What the cadre's duty-day card shows: this month's duty day, whether checked in, the next duty days to ask leave for.
		['GET', /^\/api\/duty\/me$/, async ({ req, res }) => {
			const { person, station } = await cadre(req);
			const calendar = await deps.calendar();
			const now = today();
			const date = dutyDate(calendar, monthOf(now));
			const attended = new Set((await duty.attendanceOf(person.id, person.name)).map((a) => a.date));
			const upcoming = Array.from({ length: LEAVE_MONTHS }, (_, i) => dutyDate(calendar, shiftMonth(monthOf(now), i))).filter((d) => d >= now && !attended.has(d));
			send(res, 200, {
				station: { id: station.id, name: station.name },
				today: now,
				dutyDay: { date, part: calendar.dutyDayPart, isToday: date === now },
				checkedIn: attended.has(date),
				upcoming,
				leave: await duty.leaveOf(person.id)
			});
		}],
		['POST', /^\/api\/duty\/attendance$/, async ({ req, res }) => {
			const { person, station } = await cadre(req);
			const now = today();
			// Recorded on the day only: the file is evidence for the review, not a form filled afterwards.
			if (dutyDate(await deps.calendar(), monthOf(now)) !== now) throw new HttpError(409, 'not-duty-day');
			send(res, 200, await duty.checkIn(person.id, station.id, now));
		}],
		['POST', /^\/api\/duty\/leave$/, async ({ req, res }) => {
			const { person, station } = await cadre(req);
			const body = await readBody(req, leaveRequest);
			const calendar = await deps.calendar();
			if (body.date !== dutyDate(calendar, monthOf(body.date))) throw new HttpError(400, 'invalid-input', { date: 'not-duty-day' });
			if (body.date < today()) throw new HttpError(400, 'invalid-input', { date: 'past' });
			// One of the duty days GET /api/duty/me offers, not one years ahead.
			if (monthOf(body.date) > shiftMonth(monthOf(today()), LEAVE_MONTHS - 1)) throw new HttpError(400, 'invalid-input', { date: 'too-far' });
			// Attending wins over leave in the file: leave for a day already attended would only mislead.
			if ((await duty.attendanceOf(person.id, person.name)).some((a) => a.date === body.date)) throw new HttpError(409, 'already-attended');
			try {
				send(res, 201, await duty.askLeave(person.id, station.id, body.date, body.reason));
			} catch (e) {
				dutyError(e);
			}
		}],
		// Withdrawn by the cadre who asked, while pending: a decided request stays (409 already-decided).
		['DELETE', /^\/api\/duty\/leave\/([0-9a-z]+)$/, async ({ req, res, params }) => {
			const { person } = await cadre(req);
			try {
				await duty.withdrawLeave(person.id, params[0]);
			} catch (e) {
				dutyError(e);
			}
			send(res, 204);
		}],
		['GET', /^\/api\/duty\/leave$/, async ({ req, res }) => {
			await auth.office(req);
			send(res, 200, { leave: (await duty.listLeave()).map(withNames) });
		}],
		['POST', /^\/api\/duty\/leave\/([0-9a-z]+)\/decision$/, async ({ req, res, params }) => {
			const actor = await auth.office(req);
			const body = await readBody(req, leaveDecision);
			try {
				send(res, 200, withNames(await duty.decideLeave(actor.id, params[0], body.decision, body.note ?? '')));
			} catch (e) {
				dutyError(e);
			}
		}],
		['GET', /^\/api\/files$/, async ({ req, res }) => {
			await auth.office(req);
			send(res, 200, { cadres: files.list() });
		}],
		// ?month=YYYY-MM (default: this month) or ?half=YYYY-H1|H2.
		['GET', /^\/api\/files\/([0-9a-z]+)$/, async ({ req, res, params }) => {
			const person = await fileReader(req, params[0]);
			const q = new URL(req.url ?? '/', 'http://api').searchParams;
			const now = today();
			const half = q.get('half');
			const month = q.get('month') ?? monthOf(now);
			// Bounded years: a file is computed month by month, and only the app's years have any.
			const problem = half !== null ? halfYearProblem(half) : monthProblem(month);
			if (problem) throw new HttpError(400, 'invalid-input', half !== null ? { half: problem } : { month: problem });
			const file = half !== null ? await files.halfYear(person, half as HalfYear, now) : await files.month(person, month, now);
			if (!file) throw new HttpError(404, 'not-a-cadre');
			send(res, 200, { ...file, actions: await duty.actionsOf(person.id) });
		}],
		['POST', /^\/api\/files\/([0-9a-z]+)\/actions$/, async ({ req, res, params }) => {
			const { person } = await cadre(req);
			// Optional actions are the cadre's own account of their work: nobody else writes them.
			if (person.id !== params[0]) throw new HttpError(403, 'forbidden');
			const body = await readBody(req, optionalAction);
			// An account of what was done: dated today at the latest.
			if (body.date > today()) throw new HttpError(400, 'invalid-input', { date: 'in-future' });
			send(res, 201, await duty.addAction(person.id, body.date, body.text));
		}],
		['DELETE', /^\/api\/files\/([0-9a-z]+)\/actions\/([0-9a-z]+)$/, async ({ req, res, params }) => {
			const { person } = await cadre(req);
			if (person.id !== params[0]) throw new HttpError(403, 'forbidden');
			try {
				await duty.removeAction(person.id, params[1]);
			} catch (e) {
				dutyError(e);
			}
			send(res, 204);
		}]
	];
}
