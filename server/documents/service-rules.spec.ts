// Issue 9, items 3 and 4, at the relay with the stock y-websocket client: the new typed fields (a
// duty day's cards, a visit's cards and people helped, a help record's person-times) are accepted
// and typed; the office's referral events cannot be forged by a client (4422, nothing stored).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, appendEvent, boardParts } from '../../src/lib/documents/board';
import { dutyDaysOf, readDutyDays, setDutyDay } from '../../src/lib/documents/duty-days';
import { addRecord, visitLogParts } from '../../src/lib/documents/visit-log';
import { CloseCode } from '../relay/types';
import { waitFor, type RunningRelay } from '../relay/test-kit';
import { rulesRelayKit } from './rules-test-kit';

const BOARD = 'board:station0009';
const VISITS = 'visits:station0009';
const NOW = Date.UTC(2026, 5, 10, 4);

const { relay, client } = rulesRelayKit();

const timeline = (doc: Y.Doc, id: string) => (boardParts(doc).entries.get(id)?.get('timeline') as Y.Array<{ type: string }> | undefined)?.toArray() ?? [];

/** A breaking change closes the breaker with 4422 and leaves the server's copy as it was. */
async function expectRefused(running: RunningRelay, docName: string, breaker: ReturnType<typeof client>, breakIt: () => void) {
	const stored = (await running.relay.log.count(docName));
	const before = JSON.stringify((await running.relay.load(docName)).toJSON());
	breakIt();
	await waitFor(() => breaker.closes.includes(CloseCode.refused), 5000, 'the refusal');
	breaker.provider.destroy();
	await running.relay.log.settled();
	expect((await running.relay.log.count(docName))).toBe(stored);
	expect(JSON.stringify((await running.relay.load(docName)).toJSON())).toBe(before);
}

describe('relay: the service figures are typed fields the app may write', () => {
	it('accepts a duty day\'s cards, a visit\'s cards and people helped, a help record\'s person-times', async () => {
		const running = await relay();
		const board = client(running.url, BOARD);
		const visits = client(running.url, VISITS);
		await Promise.all([board.synced(), visits.synced()]);
		setDutyDay(board.doc, { date: '2026-06-10', cards: 120 }, '王干部', NOW);
		setDutyDay(board.doc, { date: '2026-06-10', cards: 130 }, '李助理', NOW + 1); // corrected: the last one is the day's
		const visit = addRecord(visits.doc, 'visits', { visitor: '王干部', date: '2026-06-10', household: '3-201', address: '', peopleMet: 2, notes: '', cardsLeft: 2, peopleHelped: 1 }, NOW);
		const help = addRecord(visits.doc, 'help', { tieId: 't1', by: '王干部', date: '2026-06-10', kind: 'living', text: '送米面油', people: 3 }, NOW);
		const peer = client(running.url, BOARD);
		const peerVisits = client(running.url, VISITS);
		await waitFor(() => readDutyDays(peer.doc).length === 1 && visitLogParts(peerVisits.doc).help.has(help.id) && visitLogParts(peerVisits.doc).visits.has(visit.id), 5000, 'the peer has them');
		expect(readDutyDays(peer.doc)).toEqual([{ date: '2026-06-10', cards: 130, updatedAt: NOW + 1, updatedBy: '李助理' }]);
		expect(visitLogParts(peerVisits.doc).visits.get(visit.id)).toMatchObject({ cardsLeft: 2, peopleHelped: 1 });
		expect(visitLogParts(peerVisits.doc).help.get(help.id)).toMatchObject({ people: 3 });
		expect([...board.closes, ...visits.closes]).not.toContain(CloseCode.refused);
	});

	it('refuses cards that are not a whole number, a record under another day, and deleting a day', async () => {
		const running = await relay();
		const owner = client(running.url, BOARD);
		await owner.synced();
		setDutyDay(owner.doc, { date: '2026-06-10', cards: 5 }, '王干部', NOW);
		await waitFor(async () => (await running.relay.load(BOARD)).getMap('dutyDays').size === 1, 5000, 'stored');
		const cases: ((d: Y.Doc) => void)[] = [
			(d) => dutyDaysOf(d).set('2026-07-10', { date: '2026-07-10', cards: -1, updatedAt: NOW, updatedBy: 'x' }),
			(d) => dutyDaysOf(d).set('2026-07-10', { date: '2026-07-10', cards: 2.5, updatedAt: NOW, updatedBy: 'x' }),
			(d) => dutyDaysOf(d).set('2026-07-10', { date: '2026-07-11', cards: 2, updatedAt: NOW, updatedBy: 'x' }),
			(d) => dutyDaysOf(d).set('2026-07-10', { date: '2026-07-10', cards: '2' as never, updatedAt: NOW, updatedBy: 'x' }),
			(d) => dutyDaysOf(d).delete('2026-06-10')
		];
		for (const breakIt of cases) {
			const breaker = client(running.url, BOARD);
			await waitFor(() => dutyDaysOf(breaker.doc).size === 1, 5000, 'synced');
			await expectRefused(running, BOARD, breaker, () => breakIt(breaker.doc));
		}
		const visits = client(running.url, VISITS);
		await visits.synced();
		await expectRefused(running, VISITS, visits, () =>
			visitLogParts(visits.doc).help.set('h1', { id: 'h1', tieId: 't', by: 'x', date: '2026-06-10', kind: 'living', text: '', createdAt: NOW, people: -3 })
		);
	});
});

describe('relay: a client cannot forge the office\'s referral on', () => {
	it('refuses a client\'s referred and referral-settled events whole; the server\'s own is stored', async () => {
		const running = await relay();
		const owner = client(running.url, BOARD);
		await owner.synced();
		const id = addEntry(owner.doc, { content: '断头路打通', place: '', category: 'transport', receivedOn: '2026-05-01', visitId: '' }, '王干部', NOW);
		appendEvent(owner.doc, id, { type: 'escalated', tier: 4, responsible: '一线办', deadline: '2026-06-30', text: '' }, '王干部', NOW + 1);
		await waitFor(async () => timeline((await running.relay.load(BOARD)), id).length === 2, 5000, 'stored');

		const forger = client(running.url, BOARD);
		await waitFor(() => timeline(forger.doc, id).length === 2, 5000, 'synced');
		await expectRefused(running, BOARD, forger, () =>
			appendEvent(forger.doc, id, { type: 'referred', body: 'standing-committee', note: '', meetingDate: '2026-06-25', on: '2026-06-25' }, '假冒一线办', NOW + 2)
		);
		const again = client(running.url, BOARD);
		await waitFor(() => timeline(again.doc, id).length === 2, 5000, 'synced');
		await expectRefused(running, BOARD, again, () =>
			appendEvent(again.doc, id, { type: 'referral-settled', text: '已研究', department: '住建局', on: '2026-06-26' }, '假冒一线办', NOW + 3)
		);

		// The server writes it (the office's route does this): every client receives it.
		await running.relay.change(BOARD, (d) => appendEvent(d, id, { type: 'referred', body: 'executive-meeting', note: '资金需区政府统筹', meetingDate: '2026-06-25', on: '2026-06-25' }, '一线办', NOW + 4), 'office:test');
		await waitFor(() => timeline(owner.doc, id).length === 3, 5000, 'the owner receives the referral');
		expect(timeline(owner.doc, id)[2]).toMatchObject({ type: 'referred', body: 'executive-meeting', by: '一线办' });
		expect(owner.closes).not.toContain(CloseCode.refused);
	});
});
