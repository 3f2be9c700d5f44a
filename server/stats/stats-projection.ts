// The few fields statistics read, packed small enough to keep for every station of a district and
// to store in SQLite: a restarted server answers the district view without replaying 200,000
// timelines. Unpacked into the domain's own types (other fields blank) so statistics.ts stays the
// one place that computes figures.
import type { IdeaStage, IdeaState } from '../../src/lib/domain/ideas';
import type { EntryState, Satisfaction, Tier, TimelineEvent } from '../../src/lib/domain/ledger';
import type { DutyDay } from '../../src/lib/domain/service';
import type { Help, Visit } from '../../src/lib/domain/visits';

/** Bumped whenever the packed layout changes: a row stored under another version is derived again (derived-cache.ts). */
export const PACK_VERSION = 2;

type PackedEntry = [
	receivedOn: string, tier: Tier, category: string, status: EntryState['status'], deadline: string, closedAt: number, responded: 0 | 1, satisfaction: Satisfaction | '', reopenCount: number,
	referredOn: string, referralSettled: 0 | 1
];
type PackedIdea = [createdAt: number, history: [IdeaStage, number][]];
type PackedVisit = [visitor: string, date: string, household: string, peopleMet: number, cardsLeft: number, peopleHelped: number];
type PackedHelp = [by: string, date: string, people: number];
type PackedDutyDay = [date: string, cards: number];

export interface PackedStation {
	entries: PackedEntry[];
	ideas: PackedIdea[];
	visits: PackedVisit[];
	help: PackedHelp[];
	dutyDays: PackedDutyDay[];
}

export interface StatsInput {
	entries: EntryState[];
	ideas: IdeaState[];
	visits: Visit[];
	help: Help[];
	dutyDays: DutyDay[];
}

const HANDLING = new Set(['note', 'escalated', 'solved', 'closed']);
// What statistics.ts asks of a timeline: whether anyone responded.
const RESPONDED: TimelineEvent[] = [{ id: '', at: 0, by: '', type: 'note', text: '' }];

export function pack(input: StatsInput): PackedStation {
	return {
		entries: input.entries.map((e) => [
			e.receivedOn, e.tier, e.category, e.status, e.deadline, e.closedAt, e.timeline.some((t) => HANDLING.has(t.type)) ? 1 : 0, e.feedback?.satisfaction ?? '', e.reopenCount,
			e.referral?.on ?? '', e.referral?.outcome ? 1 : 0
		]),
		ideas: input.ideas.map((i) => [i.createdAt, i.history.map((h) => [h.stage, h.at])]),
		visits: input.visits.map((v) => [v.visitor, v.date, v.household, v.peopleMet, v.cardsLeft ?? 0, v.peopleHelped ?? 0]),
		help: input.help.map((h) => [h.by, h.date, h.people ?? 1]),
		dutyDays: input.dutyDays.map((d) => [d.date, d.cards])
	};
}

export function unpack(p: PackedStation): StatsInput {
	return {
		entries: p.entries.map(([receivedOn, tier, category, status, deadline, closedAt, responded, satisfaction, reopenCount, referredOn, referralSettled]) => ({
			id: '', content: '', place: '', category, receivedOn, reporterName: '', reporterPhone: '', reporterPrivate: true, visitId: '', createdAt: 0, createdBy: '',
			tier, responsible: '', deadline, status, outcome: '', closeReason: '', closedAt,
			feedback: satisfaction ? { text: '', satisfaction, at: 0 } : null,
			reopenCount, extensionCount: 0, departments: [], decision: null, updatedAt: 0,
			referral: referredOn ? { body: 'standing-committee', note: '', meetingDate: '', on: referredOn, at: 0, by: '', outcome: referralSettled ? { text: '', department: '', on: '', at: 0, by: '' } : null } : null,
			timeline: responded ? RESPONDED : []
		})),
		ideas: p.ideas.map(([createdAt, history]) => ({
			id: '', title: '', detail: '', source: 'other', proposer: '', createdAt, createdBy: '',
			stage: history.at(-1)?.[0] ?? 'collected',
			history: history.map(([stage, at]) => ({ stage, at, by: '', note: '' }))
		})),
		visits: p.visits.map(([visitor, date, household, peopleMet, cardsLeft, peopleHelped]) => ({ id: '', visitor, date, household, address: '', peopleMet, notes: '', createdAt: 0, cardsLeft, peopleHelped })),
		help: p.help.map(([by, date, people]) => ({ id: '', tieId: '', by, date, kind: 'other', text: '', createdAt: 0, people })),
		dutyDays: p.dutyDays.map(([date, cards]) => ({ date, cards, updatedAt: 0, updatedBy: '' }))
	};
}
