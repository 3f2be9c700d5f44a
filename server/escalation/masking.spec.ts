// What reaches the people who decide is masked by the station's known residents and anything like a
// phone number: the departments an escalation names too (typed by the team: a name or a phone may be
// among them).
import { expect, it } from 'vitest';
import type { AgendaItem, EscalatedEntry } from '../../src/lib/domain/escalation';
import { redact } from '../../src/lib/domain/redact';
import { maskEscalated, maskItem } from './masking';

const mask = (text: string) => redact(text, ['周红梅']);
const departments = ['城管局', '周红梅 13700001111'];

it('masks each department of an escalated entry and of an agenda item’s snapshot', () => {
	const entry = { content: '', place: '', responsible: '', escalationNote: '', decision: null, recent: [], departments } as unknown as EscalatedEntry;
	expect(maskEscalated(entry, mask).departments).toEqual(['城管局', '某某 ***']);
	const item = { snapshot: { content: '', responsible: '', departments }, decision: '' } as unknown as AgendaItem;
	expect(maskItem(item, mask).snapshot.departments).toEqual(['城管局', '某某 ***']);
});
