// The few fields statistics read, packed small enough to keep for every station of a district and
// to store in SQLite: a restarted server answers the district view without replaying 200,000
// timelines. Unpacked into the domain's own types (other fields blank) so statistics.ts stays the
// one place that computes figures.
import type { IdeaStage, IdeaState } from '../../src/lib/domain/ideas';
import type { EntryState, Satisfaction, Tier, TimelineEvent } from '../../src/lib/domain/ledger';
import type { Visit } from '../../src/lib/domain/visits';

type PackedEntry = [receivedOn: string, tier: Tier, category: string, status: EntryState['status'], deadline: string, closedAt: number, responded: 0 | 1, satisfaction: Satisfaction | '', reopenCount: number];
type PackedIdea = [createdAt: number, history: [IdeaStage, number][]];
type PackedVisit = [visitor: string, date: string, household: string, peopleMet: number];

export interface PackedStation {
	entries: PackedEntry[];
	ideas: PackedIdea[];
	visits: PackedVisit[];
}

export interface StatsInput {
	entries: EntryState[];
	ideas: IdeaState[];
	visits: Visit[];
}

const HANDLING = new Set(['note', 'escalated', 'solved', 'closed']);
// What statistics.ts asks of a timeline: whether anyone responded.
const RESPONDED: TimelineEvent[] = [{ id: '', at: 0, by: '', type: 'note', text: '' }];

export function pack(input: StatsInput): PackedStation {
	return {
		entries: input.entries.map((e) => [e.receivedOn, e.tier, e.category, e.status, e.deadline, e.closedAt, e.timeline.some((t) => HANDLING.has(t.type)) ? 1 : 0, e.feedback?.satisfaction ?? '', e.reopenCount]),
		ideas: input.ideas.map((i) => [i.createdAt, i.history.map((h) => [h.stage, h.at])]),
		visits: input.visits.map((v) => [v.visitor, v.date, v.household, v.peopleMet])
	};
}

export function unpack(p: PackedStation): StatsInput {
	return {
		entries: p.entries.map(([receivedOn, tier, category, status, deadline, closedAt, responded, satisfaction, reopenCount]) => ({
			id: '', content: '', place: '', category, receivedOn, reporterName: '', reporterPhone: '', reporterPrivate: true, visitId: '', createdAt: 0, createdBy: '',
			tier, responsible: '', deadline, status, outcome: '', closeReason: '', closedAt,
			feedback: satisfaction ? { text: '', satisfaction, at: 0 } : null,
			reopenCount, extensionCount: 0, departments: [], decision: null, updatedAt: 0,
			timeline: responded ? RESPONDED : []
		})),
		ideas: p.ideas.map(([createdAt, history]) => ({
			id: '', title: '', detail: '', source: 'other', proposer: '', createdAt, createdBy: '',
			stage: history.at(-1)?.[0] ?? 'collected',
			history: history.map(([stage, at]) => ({ stage, at, by: '', note: '' }))
		})),
		visits: p.visits.map(([visitor, date, household, peopleMet]) => ({ id: '', visitor, date, household, address: '', peopleMet, notes: '', createdAt: 0 }))
	};
}
