// The shape of every record in the documents (docs/data-model.md), in one place: the relay refuses
// an update that writes a record of another shape (server/documents/*-rules.ts), and the server's
// readers skip a stored record that does not fit (tolerant-read.ts).
import { IDEA_LIMITS, IDEA_SOURCES, IDEA_STAGES } from '$lib/domain/ideas';
import { CLOSE_REASONS, REFERRAL_BODIES, SATISFACTIONS, TIERS } from '$lib/domain/ledger';
import { SERVICE_LIMITS } from '$lib/domain/service';
import { NOTICE_STATUSES } from '$lib/domain/notices';
import { STATION_KINDS } from '$lib/domain/station';
import { HELP_KINDS, TIE_GROUPS } from '$lib/domain/visits';
import { bool, count, day, dayOrEmpty, list, NAME, num, oneOf, optional, record, SHORT, text, TEXT, type Check, type Fields } from './record-shape';

/** Longest lists a client may grow: an entry's timeline, an idea's history, the categories. */
export const BOARD_LIMITS = { timeline: 1000, history: 20, categories: 100 };

export const metaFields: Fields = { schema: num, name: text(SHORT), street: text(SHORT), kind: oneOf(...STATION_KINDS), createdAt: num };

// Schema 1 kept the reporter on the entry: an app of before the move may still write it, and the
// server moves it out (contacts/personal-data-mover.ts).
export const entryFields: Fields = {
	id: text(NAME), content: text(TEXT), place: text(SHORT), category: text(SHORT), receivedOn: dayOrEmpty, visitId: text(NAME),
	createdAt: num, createdBy: text(SHORT),
	reporterName: text(NAME), reporterPhone: text(NAME), reporterPrivate: bool
};
export const PERSONAL_FIELDS = new Set(['reporterName', 'reporterPhone', 'reporterPrivate', 'proposer', 'name', 'phone']);
/** Written once, with the record: never rewritten. */
export const WRITE_ONCE = new Set(['id', 'createdAt', 'createdBy', 'timeline', 'history']);

const stamp = { id: text(NAME), at: num, by: text(SHORT) };
const events: Record<string, Fields> = {
	created: {},
	note: { text: text(TEXT) },
	escalated: { tier: oneOf(...TIERS.filter((tier) => tier >= 2)), responsible: text(SHORT), deadline: day, text: text(TEXT), departments: optional(list(text(SHORT), 50)) },
	assigned: { responsible: text(SHORT) },
	extended: { deadline: day, reason: text(TEXT) },
	solved: { text: text(TEXT) },
	closed: { reason: oneOf(...CLOSE_REASONS), text: text(TEXT) },
	reopened: { text: text(TEXT), handledAt: optional(num) },
	feedback: { text: text(TEXT), satisfaction: oneOf(...SATISFACTIONS) },
	// Written by the server only (dispatch meeting): the relay refuses a client's (board-rules.ts).
	decided: { decision: text(TEXT), department: text(SHORT), meetingDate: day },
	// Written by the server only (the meeting's referral on, and its outcome): refused from a client too.
	referred: { body: oneOf(...REFERRAL_BODIES), note: text(TEXT), meetingDate: day, on: day },
	'referral-settled': { text: text(TEXT), department: text(SHORT), on: day }
};
/** Timeline events only the server writes (the office's steps): the relay refuses a client's. */
export const SERVER_EVENTS = new Set(['decided', 'referred', 'referral-settled']);
export const checkEvent: Check = (v) => {
	const type = (v as { type?: unknown } | null)?.type;
	if (typeof type !== 'string' || !Object.hasOwn(events, type)) return 'not a timeline event';
	return record({ ...stamp, type: oneOf(type), ...events[type] })(v);
};

// An idea's detail is the app's one text longer than TEXT: the form takes up to IDEA_LIMITS.detail.
export const ideaFields: Fields = { id: text(NAME), title: text(SHORT), detail: text(IDEA_LIMITS.detail), source: oneOf(...IDEA_SOURCES), createdAt: num, createdBy: text(SHORT), proposer: text(NAME) };
export const checkStage = record({ stage: oneOf(...IDEA_STAGES), at: num, by: text(SHORT), note: text(TEXT) });

const contactCard = record({ name: text(NAME), unit: text(SHORT), position: text(SHORT), phone: text(NAME) });
export const noticeFields: Fields = {
	id: text(NAME), title: text(SHORT), date: dayOrEmpty, time: text(SHORT), place: text(SHORT), onDuty: text(SHORT), topics: text(TEXT),
	contact: contactCard, status: oneOf(...NOTICE_STATUSES), postedAt: num, postedBy: text(SHORT), createdAt: num, createdBy: text(SHORT)
};

/**
 * What the app always writes with a record it adds (addEntry, addIdea, addNotice): the relay refuses
 * a record added without it (server/documents/board-rules.ts), as the server's readers would skip it
 * or read it blank (tolerant-read.ts). An entry's and an idea's other facts may be missing (an older
 * app wrote fewer; they read as blank); a notice is read only whole.
 */
export const REQUIRED_WHEN_ADDED: Record<'entries' | 'ideas' | 'notices', readonly string[]> = {
	entries: ['content', 'createdAt', 'createdBy'],
	ideas: ['title', 'createdAt', 'createdBy'],
	notices: Object.keys(noticeFields)
};

/** What the server wrote when the report arrived: a client's decision keeps it as it was. */
export const INBOX_SERVER_FIELDS = ['id', 'ref', 'content', 'place', 'receivedAt'] as const;
export const checkInboxItem = record({
	id: text(NAME), ref: text(NAME), content: text(TEXT), place: text(SHORT), receivedAt: num,
	status: oneOf('new', 'accepted', 'dismissed'), entryId: text(NAME), decidedBy: text(SHORT), decidedAt: num, reason: text(TEXT),
	name: optional(text(NAME)), phone: optional(text(NAME))
});

/** A duty day's record on the board (`dutyDays`, keyed by its date): the cards handed out that day. */
export const checkDutyDay = record({ date: day, cards: count(SERVICE_LIMITS.cardsPerDay), updatedAt: num, updatedBy: text(SHORT) });

export const visitShapes: Record<string, Check> = {
	visits: record({
		id: text(NAME), visitor: text(SHORT), date: day, household: text(SHORT), address: text(SHORT), peopleMet: num, notes: text(TEXT), createdAt: num,
		cardsLeft: optional(count(SERVICE_LIMITS.cardsPerVisit)), peopleHelped: optional(count(SERVICE_LIMITS.peoplePerVisit))
	}),
	ties: record({
		id: text(NAME), visitor: text(SHORT), name: text(NAME), group: oneOf(...TIE_GROUPS), contact: text(SHORT), notes: text(TEXT),
		since: dayOrEmpty, ended: bool, createdAt: num
	}),
	help: record({ id: text(NAME), tieId: text(NAME), by: text(SHORT), date: day, kind: oneOf(...HELP_KINDS), text: text(TEXT), createdAt: num, people: optional(count(SERVICE_LIMITS.peoplePerHelp)) })
};

export const contactShapes: Record<string, Check> = {
	reporters: record({ name: text(NAME), phone: text(NAME), private: bool }),
	inbox: record({ name: text(NAME), phone: text(NAME) }),
	proposers: text(NAME)
};
