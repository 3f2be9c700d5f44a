// The ledger specs' fixtures: an entry's facts, events a minute apart, and the drafts commands return.
import { expect } from 'vitest';
import { deriveEntry, type EntryFacts, type EntryState, type EventDraft, type TimelineEvent } from './ledger';
import type { Result } from './result';

export const TODAY = '2025-03-10';
export const T0 = Date.UTC(2025, 2, 10, 6, 0, 0);

export const facts = (over: Partial<EntryFacts> = {}): EntryFacts => ({
	id: 'entry0001',
	content: '小区路灯坏了',
	place: '3号楼',
	category: 'infrastructure',
	receivedOn: TODAY,
	reporterName: '王阿姨',
	reporterPhone: '13800000000',
	reporterPrivate: true,
	visitId: '',
	createdAt: T0,
	createdBy: '李干部',
	...over
});

let seq = 0;
export const ev = (draft: EventDraft, at: number, id = `e${String(++seq).padStart(4, '0')}`, by = '李干部'): TimelineEvent => ({
	id,
	at,
	by,
	...draft
});

/** Builds an entry by applying drafts one after another, a minute apart, as the app does. */
export function build(...drafts: EventDraft[]): EntryState {
	const events = [ev({ type: 'created' }, T0)];
	drafts.forEach((d, i) => events.push(ev(d, T0 + (i + 1) * 60_000)));
	return deriveEntry(facts(), events);
}

/** Appends a draft that a command accepted, and re-derives. */
export function apply(entry: EntryState, result: Result<EventDraft>, at = entry.updatedAt + 60_000): EntryState {
	expect(result.ok).toBe(true);
	if (!result.ok) throw new Error('refused');
	return deriveEntry(entry, [...entry.timeline, ev(result.value, at)]);
}

export const errorsOf = (result: Result<unknown>) => (result.ok ? [] : result.errors);

export const escalation = (tier: 1 | 2 | 3 | 4, deadline = '2025-03-20', responsible = '街道城管科'): EventDraft => ({
	type: 'escalated',
	tier,
	responsible,
	deadline,
	text: ''
});
