// The dispatch meeting (调度会), run by the frontline office: the agenda is every open tier-4 entry
// of the district; each decision is written back into its entry's timeline. Office only.
import { z } from 'zod';
import { nextDispatchDate } from '../../src/lib/domain/calendar';
import { createCalendarStore } from '../calendar/calendar-store';
import { toIsoDate } from '../../src/lib/domain/dates';
import { awaitsDecision } from '../../src/lib/domain/escalation';
import { decide, DECISION_LIMITS, type EntryState } from '../../src/lib/domain/ledger';
import type { AgendaItem, DispatchMeetings } from '../escalation/meetings';
import { maskItem, masksFor } from '../escalation/masking';
import { minutesCsv } from '../escalation/minutes-csv';
import type { Referrals } from '../escalation/referrals';
import { findEntry, openEntriesAt } from '../escalation/open-entries';
import type { Auth } from './auth';
import { appendStep } from './entry-step';
import type { EscalationDeps } from './escalation-api';
import { HttpError, readBody, send } from './json';
import type { Route } from './router';
import { day, documentText, line, text } from './schemas';

const MINUTES_MAX = 20_000;
const openMeeting = z.object({ date: day.optional() });
const decision = z.object({
	decision: text(DECISION_LIMITS.decision),
	department: line(DECISION_LIMITS.department)
});
const minutes = z.object({ minutes: z.string().pipe(documentText(MINUTES_MAX)) });
const closing = z.object({ minutes: z.string().pipe(documentText(MINUTES_MAX)).optional() });

const ID = '([0-9a-z]{6,32})';
const meetingPath = (rest = '') => new RegExp(`^/api/dispatch/meetings/${ID}${rest}$`);

export function dispatchRoutes(deps: EscalationDeps, meetings: DispatchMeetings, auth: Auth, referrals?: Referrals): Route[] {
	const { directory, docs } = deps;
	const today = deps.today ?? (() => toIsoDate(Date.now()));
	// The calendar's dispatch day (the 25th unless the office set another); a meeting may be opened for any date.
	const calendar = createCalendarStore(deps.db);
	const nextDate = async () => nextDispatchDate(await calendar.get(), today());
	// Open tier-4 entries the meeting has still to decide (a decided one is its department's to carry out).
	const agenda = () => openEntriesAt(docs.load, directory.listStations(), 4, today(), awaitsDecision);

	/**
	 * Each item with where its entry stands now on the board (it may have been solved since), its
	 * text masked (the office holds no station's residents' contacts: escalation/masking.ts).
	 */
	async function withCurrent(item: AgendaItem, maskOf = masksFor(docs.load)) {
		const entry = directory.getStation(item.stationId) ? await findEntry(docs.load, item.stationId, item.entryId) : null;
		const referral = await referrals?.latestOf(item.stationId, item.entryId);
		return maskItem({
			...item,
			current: entry && { status: entry.status, tier: entry.tier, responsible: entry.responsible },
			// The entry's latest referral on (区委常委会 / 区政府常务会), from whichever meeting made it.
			referral: referral ? { id: referral.id, body: referral.body, note: referral.note, referredOn: referral.referredOn, outcome: referral.outcome, settledOn: referral.settledOn } : null
		}, await maskOf(item.stationId));
	}

	return [
		['GET', /^\/api\/dispatch$/, async ({ req, res }) => {
			await auth.office(req);
			const list = await Promise.all(
				(await meetings.list()).map(async (m) => {
					const items = await meetings.items(m.id);
					return { ...m, items: items.length, decided: items.filter((i) => i.decidedAt).length };
				})
			);
			send(res, 200, { meetings: list, nextDate: await nextDate(), pending: (await agenda()).length });
		}],
		['POST', /^\/api\/dispatch\/meetings$/, async ({ req, res }) => {
			const person = await auth.office(req);
			const body = await readBody(req, openMeeting);
			send(res, 201, await meetings.open(person.id, body.date ?? (await nextDate()), await agenda()));
		}],
		['GET', meetingPath(), async ({ req, res, params }) => {
			const person = await auth.office(req);
			const meeting = await meetings.get(params[0]);
			// Entries escalated to tier 4 since the meeting was opened join its agenda.
			if (meeting.status === 'open') await meetings.addToAgenda(person.id, meeting.id, await agenda());
			const maskOf = masksFor(docs.load);
			send(res, 200, { meeting, items: await Promise.all((await meetings.items(meeting.id)).map((item) => withCurrent(item, maskOf))) });
		}],
		['PATCH', meetingPath(), async ({ req, res, params }) => {
			const person = await auth.office(req);
			send(res, 200, await meetings.setMinutes(person.id, params[0], (await readBody(req, minutes)).minutes));
		}],
		['PUT', meetingPath(`/items/${ID}`), async ({ req, res, params }) => {
			const person = await auth.office(req);
			const body = await readBody(req, decision);
			const item = await meetings.decide(person, params[0], params[1], body, async (item, meeting) => {
				if (!directory.getStation(item.stationId)) throw new HttpError(404, 'entry-gone');
				// Judged against the entry as it is when written (entry-step.ts).
				const step = (entry: EntryState) => {
					const draft = decide(entry, { ...body, meetingDate: meeting.date });
					if (draft.ok) return draft.value;
					const codes = draft.errors.map((e) => e.code);
					throw new HttpError(409, codes.includes('not-open') ? 'entry-not-open' : 'entry-not-dispatched');
				};
				await appendStep(docs, item.stationId, item.entryId, step, person, Date.now());
			});
			send(res, 200, await withCurrent(item));
		}],
		['POST', meetingPath('/close'), async ({ req, res, params }) => {
			const person = await auth.office(req);
			send(res, 200, await meetings.close(person, params[0], (await readBody(req, closing)).minutes));
		}],
		['GET', meetingPath('/minutes\\.csv'), async ({ req, res, params }) => {
			await auth.office(req);
			const meeting = await meetings.get(params[0]);
			res.statusCode = 200;
			res.setHeader('content-type', 'text/csv; charset=utf-8');
			res.setHeader('cache-control', 'no-store');
			res.setHeader('content-disposition', `attachment; filename="dispatch-${meeting.date}.csv"`);
			const maskOf = masksFor(docs.load);
			const items = await Promise.all((await meetings.items(meeting.id)).map(async (item) => maskItem(item, await maskOf(item.stationId), { decision: true })));
			res.end(minutesCsv(meeting, items));
		}]
	];
}
