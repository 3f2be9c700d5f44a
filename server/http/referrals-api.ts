// Referring a dispatch-meeting entry on to 区委常委会 / 区政府常务会 for collective study, and
// recording the outcome (docs/api.md, "Escalation"). Office only. Each step is written to the
// entry's timeline first (the server's `referred` / `referral-settled` events), then to the
// office's register (escalation/referrals.ts): a step the entry never received is not recorded.
import { z } from 'zod';
import { daysBetween, toIsoDate } from '../../src/lib/domain/dates';
import { REFERRAL_BODIES, type EntryState, type EventDraft } from '../../src/lib/domain/ledger';
import { refer, REFERRAL_LIMITS, settleReferral } from '../../src/lib/domain/referral';
import type { Result } from '../../src/lib/domain/result';
import { docNames } from '../../src/lib/domain/station';
import type { DispatchMeetings } from '../escalation/meetings';
import { maskReferral, masksFor } from '../escalation/masking';
import { findEntry } from '../escalation/open-entries';
import type { ReferralRecord, Referrals } from '../escalation/referrals';
import type { Auth } from './auth';
import { appendStep } from './entry-step';
import type { EscalationDeps } from './escalation-api';
import { HttpError, readBody, send } from './json';
import type { Route } from './router';
import { optionalLine, text } from './schemas';

const referral = z.object({
	body: z.enum(REFERRAL_BODIES, { message: 'required' }),
	note: text(REFERRAL_LIMITS.note, false).optional()
});
const outcome = z.object({
	outcome: text(REFERRAL_LIMITS.outcome),
	department: optionalLine(REFERRAL_LIMITS.department).optional()
});

const ID = '([0-9a-z]{6,32})';

/** A rule's refusal as the API's conflict codes. */
function conflict(result: Result<EventDraft>): EventDraft {
	if (result.ok) return result.value;
	const codes = result.errors.map((e) => e.code);
	const code = codes.includes('not-open') ? 'entry-not-open' : codes.includes('not-dispatched') ? 'entry-not-dispatched' : codes.find((c) => ['already-referred', 'already-settled', 'not-referred'].includes(c));
	if (code) throw new HttpError(409, code);
	throw new HttpError(400, 'invalid-input', Object.fromEntries(result.errors.map((e) => [e.field, e.code])));
}

export function referralRoutes(deps: EscalationDeps, meetings: DispatchMeetings, referrals: Referrals, auth: Auth): Route[] {
	const { directory, docs } = deps;
	const today = deps.today ?? (() => toIsoDate(Date.now()));
	const now = deps.now ?? Date.now;

	const entryOf = async (stationId: string, entryId: string): Promise<EntryState> => {
		const entry = directory.getStation(stationId) ? await findEntry(docs.load, stationId, entryId) : null;
		if (!entry) throw new HttpError(404, 'entry-gone');
		return entry;
	};
	/**
	 * The office's view of a referral: its age in days (to its outcome, or to today), where the entry
	 * stands now, and its text masked (the office holds no station's residents' contacts: escalation/masking.ts).
	 */
	const view = async (r: ReferralRecord, day = today(), maskOf = masksFor(docs.load)) => {
		const entry = directory.getStation(r.stationId) ? await findEntry(docs.load, r.stationId, r.entryId) : null;
		return {
			...maskReferral({ ...r, current: entry && { status: entry.status, tier: entry.tier, responsible: entry.responsible } }, await maskOf(r.stationId)),
			open: r.settledOn === '',
			ageDays: Math.max(0, daysBetween(r.referredOn, r.settledOn || day))
		};
	};

	return [
		['POST', new RegExp(`^/api/dispatch/meetings/${ID}/items/${ID}/referral$`), async ({ req, res, params }) => {
			const person = await auth.office(req);
			const body = await readBody(req, referral);
			const meeting = await meetings.get(params[0]);
			if (meeting.status !== 'open') throw new HttpError(409, 'meeting-closed');
			const item = await meetings.item(meeting.id, params[1]);
			const entry = await entryOf(item.stationId, item.entryId);
			const day = today();
			const at = now();
			conflict(refer(entry, body, meeting.date, day));
			await appendStep(docs, item.stationId, entry.id, (current) => conflict(refer(current, body, meeting.date, day)), person, at);
			const record = await referrals.add(person, {
				stationId: item.stationId, entryId: item.entryId, meetingId: meeting.id, body: body.body, note: body.note ?? '',
				content: entry.content, stationName: item.snapshot.stationName, referredAt: at, referredOn: day
			});
			send(res, 201, await view(record, day));
		}],
		['GET', /^\/api\/dispatch\/referrals$/, async ({ req, res }) => {
			await auth.office(req);
			const day = today();
			const list = [];
			const maskOf = masksFor(docs.load);
			for (const r of await referrals.list()) list.push(await view(r, day, maskOf)); // one board at a time
			send(res, 200, { today: day, open: list.filter((r) => r.open), settled: list.filter((r) => !r.open) });
		}],
		['POST', new RegExp(`^/api/dispatch/referrals/${ID}/outcome$`), async ({ req, res, params }) => {
			const person = await auth.office(req);
			const body = await readBody(req, outcome);
			const record = await referrals.get(params[0]);
			if (record.settledOn) throw new HttpError(409, 'already-settled');
			const entry = await entryOf(record.stationId, record.entryId);
			const day = today();
			const at = now();
			const settle = (current: EntryState) => conflict(settleReferral(current, { text: body.outcome, department: body.department ?? '' }, day));
			settle(entry);
			await appendStep(docs, record.stationId, entry.id, settle, person, at);
			send(res, 200, await view(await referrals.settle(person, record.id, { outcome: body.outcome, department: body.department ?? '', at, on: day }), day));
		}]
	];
}
