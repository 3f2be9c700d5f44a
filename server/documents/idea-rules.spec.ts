// An idea corrected (a typo in its title…), at the relay with the stock y-websocket client: a team
// writer's edit of its facts is taken field by field, what is written once is never rewritten (4422,
// nothing stored), and clearing an idea's proposer in the contacts is taken.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addIdea, boardParts, readIdea, updateIdea } from '../../src/lib/documents/board';
import { contactsParts, setProposer } from '../../src/lib/documents/contacts';
import { CloseCode } from '../relay/types';
import { waitFor, type RunningRelay } from '../relay/test-kit';
import { rulesRelayKit } from './rules-test-kit';

const BOARD = 'board:station0011';
const CONTACTS = 'contacts:station0011';
const NOW = Date.UTC(2026, 2, 3, 2);

const { relay, client } = rulesRelayKit();

const ideaIn = (doc: Y.Doc, id: string) => {
	const map = boardParts(doc).ideas.get(id);
	return map ? readIdea(map) : undefined;
};

/** A board with one idea the server has stored, and a peer that has it. */
async function boardWithIdea() {
	const running = await relay();
	const owner = client(running.url, BOARD);
	await owner.synced();
	const id = addIdea(owner.doc, { title: '律师驻材', detail: '每村一名律师', source: 'forum' }, '王干部', NOW);
	const peer = client(running.url, BOARD);
	await waitFor(() => !!ideaIn(peer.doc, id), 5000, 'the peer has the idea');
	await waitFor(async () => (await running.relay.load(BOARD)).getMap('ideas').has(id), 5000, 'stored');
	return { running, owner, peer, id };
}

/** A breaking change closes the breaker with 4422 and leaves the server's copy as it was. */
async function expectRefused(running: RunningRelay, docName: string, breaker: ReturnType<typeof client>, breakIt: () => void) {
	const stored = await running.relay.log.count(docName);
	const before = JSON.stringify((await running.relay.load(docName)).toJSON());
	breakIt();
	await waitFor(() => breaker.closes.includes(CloseCode.refused), 5000, 'the refusal');
	breaker.provider.destroy(); // the stock client would send the same change again on reconnecting
	await running.relay.log.settled();
	expect(await running.relay.log.count(docName)).toBe(stored);
	expect(JSON.stringify((await running.relay.load(docName)).toJSON())).toBe(before);
}

describe('relay: an idea corrected by the team', () => {
	it('takes a writer\'s edit of the title, the detail (as long as the form allows) and the source', async () => {
		const { running, owner, peer, id } = await boardWithIdea();
		const detail = '每村一名律师，每月两次到村坐班。'.repeat(180); // 2,880 characters: the form takes up to 4,000
		updateIdea(owner.doc, id, { title: '律师驻村', detail, source: 'talk' });
		await waitFor(() => ideaIn(peer.doc, id)?.title === '律师驻村', 5000, 'the peer has the edit');
		expect(ideaIn(peer.doc, id)).toMatchObject({ title: '律师驻村', detail, source: 'talk', createdAt: NOW, createdBy: '王干部', stage: 'collected' });
		await running.relay.log.settled();
		expect(readIdea((await running.relay.load(BOARD)).getMap<Y.Map<unknown>>('ideas').get(id)!)).toMatchObject({ title: '律师驻村', detail, source: 'talk' });
		expect([...owner.closes, ...peer.closes]).not.toContain(CloseCode.refused);
	});

	it('refuses rewriting what an idea has written once: its id, when and by whom it was collected', async () => {
		const { running, id } = await boardWithIdea();
		const rewrites: [string, unknown][] = [
			['createdAt', NOW + 1],
			['createdBy', '别人'],
			['id', id]
		];
		for (const [key, value] of rewrites) {
			const breaker = client(running.url, BOARD);
			await waitFor(() => !!ideaIn(breaker.doc, id), 5000, 'the breaker has the idea');
			await expectRefused(running, BOARD, breaker, () => boardParts(breaker.doc).ideas.get(id)!.set(key, value));
		}
	});

	it('refuses a field an idea does not have, and removing one', async () => {
		const { running, id } = await boardWithIdea();
		const cases: ((idea: Y.Map<unknown>) => void)[] = [(idea) => idea.set('stage', 'implemented'), (idea) => idea.delete('detail'), (idea) => idea.set('title', 'x'.repeat(201))];
		for (const breakIt of cases) {
			const breaker = client(running.url, BOARD);
			await waitFor(() => !!ideaIn(breaker.doc, id), 5000, 'the breaker has the idea');
			await expectRefused(running, BOARD, breaker, () => breakIt(boardParts(breaker.doc).ideas.get(id)!));
		}
	});

	it('takes an idea\'s proposer corrected and then cleared in the contacts', async () => {
		const running = await relay();
		const owner = client(running.url, CONTACTS);
		await owner.synced();
		setProposer(owner.doc, 'idea0001', '钱奶奶');
		const peer = client(running.url, CONTACTS);
		await waitFor(() => contactsParts(peer.doc).proposers.get('idea0001') === '钱奶奶', 5000, 'the peer has the proposer');
		setProposer(owner.doc, 'idea0001', '孙大爷');
		await waitFor(() => contactsParts(peer.doc).proposers.get('idea0001') === '孙大爷', 5000, 'the correction');
		setProposer(owner.doc, 'idea0001', '');
		await waitFor(() => !contactsParts(peer.doc).proposers.has('idea0001'), 5000, 'the clearing');
		await running.relay.log.settled();
		expect(contactsParts(await running.relay.load(CONTACTS)).proposers.has('idea0001')).toBe(false);
		expect([...owner.closes, ...peer.closes]).not.toContain(CloseCode.refused);
	});
});
