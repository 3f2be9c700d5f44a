// The app's own writers (src/lib/documents/*) are never refused: random sessions of them, made
// offline on several phones from one synced state, then merged through the real relay with the
// stock y-websocket client. Every connection must stay open and every copy converge.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, addIdea, appendEvent, appendStage, boardParts, initBoard, setCategories, setMeta, updateFacts } from '../../src/lib/documents/board';
import { setProposer, setReporter } from '../../src/lib/documents/contacts';
import { addInboxItem, decide, inboxOf } from '../../src/lib/documents/inbox';
import { addNotice, deleteNotice, noticesOf, setPosted, updateNotice } from '../../src/lib/documents/notices';
import { addRecord, replaceRecord, visitLogParts } from '../../src/lib/documents/visit-log';
import type { EventDraft } from '../../src/lib/domain/ledger';
import { CloseCode } from '../relay/types';
import { connectClient, startRelay, tempDataFile, waitFor, type RunningRelay } from '../relay/test-kit';
import { rulesFor } from './doc-rules';

const NOW = Date.UTC(2026, 0, 5, 9);
let running: RunningRelay;
let cleanup: () => void;
let station = 0;

beforeAll(async () => {
	const temp = tempDataFile();
	cleanup = temp.cleanup;
	running = await startRelay({ dataFile: temp.file, rules: rulesFor });
});
afterAll(async () => {
	await running.stop();
	cleanup();
});

const text = fc.string({ maxLength: 30 });
const day = fc.constantFrom('2026-01-05', '2026-01-20', '2026-02-01');
const draft: fc.Arbitrary<EventDraft> = fc.oneof(
	fc.record({ type: fc.constant('note' as const), text }),
	fc.record({ type: fc.constant('escalated' as const), tier: fc.constantFrom(2 as const, 3 as const, 4 as const), responsible: text, deadline: day, text, departments: fc.array(text, { maxLength: 3 }) }),
	fc.record({ type: fc.constant('assigned' as const), responsible: text }),
	fc.record({ type: fc.constant('extended' as const), deadline: day, reason: text }),
	fc.record({ type: fc.constant('solved' as const), text }),
	fc.record({ type: fc.constant('closed' as const), reason: fc.constantFrom('duplicate' as const, 'withdrawn' as const), text }),
	fc.record({ type: fc.constant('feedback' as const), text, satisfaction: fc.constantFrom('satisfied' as const, 'dissatisfied' as const) })
);

type Docs = { board: Y.Doc; visits: Y.Doc; contacts: Y.Doc };
/** One step a phone takes offline, through the app's writers only. `pick` chooses among what exists. */
type Step = (d: Docs, t: number) => void;
const pickFrom = <T>(list: T[], pick: number): T | undefined => (list.length ? list[pick % list.length] : undefined);
const entryIds = (d: Docs) => [...boardParts(d.board).entries.keys()];

const step: fc.Arbitrary<Step> = fc.oneof(
	fc.record({ content: text, place: text }).map(({ content, place }) => (d: Docs, t: number) => {
		const id = addEntry(d.board, { content: content || '问题', place, category: 'other', receivedOn: '2026-01-05', visitId: '' }, '干部', t);
		setReporter(d.contacts, id, { name: '居民', phone: '13800000000' });
	}),
	fc.tuple(fc.nat(), draft).map(([pick, e]) => (d: Docs, t: number) => {
		const id = pickFrom(entryIds(d), pick);
		if (id) appendEvent(d.board, id, e, '干部', t);
	}),
	fc.tuple(fc.nat(), text).map(([pick, content]) => (d: Docs) => {
		const id = pickFrom(entryIds(d), pick);
		if (id) updateFacts(d.board, id, { content: content || '改', place: content });
	}),
	fc.tuple(fc.nat(), text).map(([pick, name]) => (d: Docs) => {
		const id = pickFrom(entryIds(d), pick);
		if (id) setReporter(d.contacts, id, { name, private: false });
	}),
	text.map((title) => (d: Docs, t: number) => {
		const id = addIdea(d.board, { title: title || '点子', detail: title, source: 'forum' }, '干部', t);
		setProposer(d.contacts, id, '居民甲');
	}),
	fc.tuple(fc.nat(), fc.constantFrom('valuable' as const, 'adopted' as const, 'implemented' as const)).map(([pick, stage]) => (d: Docs, t: number) => {
		const id = pickFrom([...boardParts(d.board).ideas.keys()], pick);
		if (id) appendStage(d.board, id, { stage, note: '' }, '干部', t);
	}),
	fc.tuple(fc.nat(), fc.constantFrom('add', 'edit', 'post', 'unpost', 'delete')).map(([pick, what]) => (d: Docs, t: number) => {
		const fields = { title: '公告', date: '2026-01-20', time: '9:00', place: '活动室', onDuty: '干部', topics: '议题', contact: { name: '干部', unit: '街道', position: '书记', phone: '010-1234' } };
		const id = pickFrom([...noticesOf(d.board).keys()], pick);
		if (what === 'add' || !id) addNotice(d.board, fields, '干部', t);
		else if (what === 'edit') updateNotice(d.board, id, { ...fields, topics: `议题${t}` });
		else if (what === 'delete') deleteNotice(d.board, id);
		else setPosted(d.board, id, what === 'post', '干部', t);
	}),
	fc.tuple(fc.nat(), fc.constantFrom('accepted' as const, 'dismissed' as const)).map(([pick, status]) => (d: Docs, t: number) => {
		const item = pickFrom([...inboxOf(d.board).values()], pick);
		if (item) decide(d.board, item, { status, entryId: '', reason: status === 'dismissed' ? '不属实' : '' }, '干部', t);
	}),
	fc.constantFrom('add', 'remove').map((what) => (d: Docs) => {
		const list = boardParts(d.board).categories.toArray();
		setCategories(d.board, what === 'add' ? [...list, '新类'] : list.slice(1));
	}),
	text.map((name) => (d: Docs) => setMeta(d.board, { name: name || '驻点', street: '街道', kind: 'community' })),
	fc.constantFrom('visit', 'tie', 'help', 'end').map((what) => (d: Docs, t: number) => {
		if (what === 'visit') addRecord(d.visits, 'visits', { visitor: '干部', date: '2026-01-05', household: '3-201', address: '3号楼', peopleMet: 2, notes: '' }, t);
		else if (what === 'help') addRecord(d.visits, 'help', { tieId: 't', by: '干部', date: '2026-01-05', kind: 'living', text: '送米' }, t);
		else {
			const tie = [...visitLogParts(d.visits).ties.values()][0];
			if (what === 'end' && tie) replaceRecord(d.visits, 'ties', { ...tie, ended: true });
			else addRecord(d.visits, 'ties', { visitor: '干部', name: '困难户', group: 'difficulty', contact: '', notes: '', since: '2026-01-05', ended: false }, t);
		}
	})
);

/** A station as the server has it: a board made by the app, one resident's report. */
async function seed(names: Record<keyof Docs, string>): Promise<void> {
	await running.relay.change(names.board, (d) => {
		initBoard(d, { name: '幸福社区', street: '和平街道', kind: 'community' }, NOW);
		addInboxItem(d, { id: 'in1', ref: 'ABCDEF', content: '井盖丢了', place: '', receivedAt: NOW, status: 'new', entryId: '', decidedBy: '', decidedAt: 0, reason: '' }, 'server');
	}, 'server:test');
}

async function phone(names: Record<keyof Docs, string>) {
	const docs = {} as Docs;
	const providers = [];
	const closes: number[] = [];
	for (const kind of ['board', 'visits', 'contacts'] as const) {
		const c = connectClient(running.url, names[kind]);
		c.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
		await c.synced();
		docs[kind] = c.doc;
		providers.push(c.provider);
	}
	return { docs, providers, closes };
}

describe('relay rules: the app\'s own concurrent offline writers', () => {
	it('are never refused and converge', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.array(step, { maxLength: 12 }), { minLength: 2, maxLength: 3 }), async (sessions) => {
				const id = `prop${String(++station).padStart(6, '0')}`;
				const names = { board: `board:${id}`, visits: `visits:${id}`, contacts: `contacts:${id}` };
				await seed(names);
				const phones: Awaited<ReturnType<typeof phone>>[] = [];
				for (const _ of sessions) phones.push(await phone(names));
				// All go offline, each works through its session, then all come back at once.
				for (const p of phones) p.providers.forEach((pr) => pr.disconnect());
				sessions.forEach((steps, i) => steps.forEach((s, n) => s(phones[i].docs, NOW + 1000 * (n + 1) + i)));
				for (const p of phones) p.providers.forEach((pr) => pr.connect());
				try {
					const state = (d: Y.Doc) => Y.encodeStateVector(d).toString();
					await waitFor(
						() => phones.every((p) => (['board', 'visits', 'contacts'] as const).every((k) => state(p.docs[k]) === state(phones[0].docs[k]))) || phones.some((p) => p.closes.includes(CloseCode.refused)),
						10_000,
						'convergence'
					);
					expect(phones.flatMap((p) => p.closes)).not.toContain(CloseCode.refused);
					expect(phones[1].docs.board.getMap('entries').toJSON()).toEqual(phones[0].docs.board.getMap('entries').toJSON());
				} finally {
					for (const p of phones) p.providers.forEach((pr) => pr.destroy());
				}
			}),
			{ numRuns: 15 }
		);
	}, 120_000);
});
