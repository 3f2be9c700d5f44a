import { describe, expect, it, vi } from 'vitest';
import { deriveEntry, type EntryFacts, type EntryState, type EventDraft } from './ledger';
import { emptyQuery, filterLedger, isDefaultQuery, queryLedger, SORTS, sortLedger, toLedgerRow, topOfLedger, topOfLedgerInSlices, updateTop, warmSearch, type LedgerRow } from './ledger-query';

let clock = 1_000;
function entry(id: string, facts: Partial<EntryFacts>, events: EventDraft[] = []): EntryState {
	const createdAt = clock++;
	const base: EntryFacts = {
		id,
		content: '',
		place: '',
		category: 'other',
		receivedOn: '2026-11-01',
		reporterName: '',
		reporterPhone: '',
		reporterPrivate: true,
		visitId: '',
		createdAt,
		createdBy: 'test',
		...facts
	};
	return deriveEntry(base, [
		{ id: `${id}-0`, at: createdAt, by: 'test', type: 'created' },
		...events.map((e, i) => ({ id: `${id}-${i + 1}`, at: createdAt + i + 1, by: 'test', ...e }))
	]);
}

const lamp = entry('aaaa', { content: '3号楼楼道灯不亮', category: 'infrastructure', receivedOn: '2026-11-03' });
const parking = entry('bbbb', { content: '占道停车', place: '北门', category: 'transport', receivedOn: '2026-11-05' }, [
	{ type: 'escalated', tier: 2, responsible: '王主任', deadline: '2026-11-10', text: '' }
]);
const water = entry('cccc', { content: 'No Water', category: 'water-supply', receivedOn: '2026-11-01' }, [
	{ type: 'escalated', tier: 3, responsible: '李科长', deadline: '2026-12-31', text: '' }
]);
const solved = entry('dddd', { content: '垃圾清运', category: 'environment', receivedOn: '2026-11-04' }, [
	{ type: 'solved', text: '已清运' }
]);
const all = [lamp, parking, water, solved];
const today = '2026-11-20';

describe('the ledger list query', () => {
	it('sorts by received day, newest first, by default', () => {
		expect(queryLedger(all, emptyQuery(), today).map((e) => e.id)).toEqual(['bbbb', 'dddd', 'aaaa', 'cccc']);
	});

	it('sorts open entries by nearest deadline, those without one after them, handled ones last', () => {
		expect(sortLedger(all, 'deadline').map((e) => e.id)).toEqual(['bbbb', 'cccc', 'aaaa', 'dddd']);
	});

	it('sorts by highest tier', () => {
		expect(sortLedger(all, 'tier').map((e) => e.id)).toEqual(['cccc', 'bbbb', 'dddd', 'aaaa']);
	});

	it('filters by tier, status and category', () => {
		expect(filterLedger(all, { ...emptyQuery(), tier: 2 }, today)).toEqual([parking]);
		expect(filterLedger(all, { ...emptyQuery(), status: 'solved' }, today)).toEqual([solved]);
		expect(filterLedger(all, { ...emptyQuery(), category: 'transport' }, today)).toEqual([parking]);
	});

	it('shows only overdue entries when asked: open ones past their deadline', () => {
		expect(filterLedger(all, { ...emptyQuery(), overdueOnly: true }, today)).toEqual([parking]);
		expect(filterLedger(all, { ...emptyQuery(), overdueOnly: true }, '2026-11-10')).toEqual([]);
	});

	it('searches content, place and responsible person ignoring case, and the reference', () => {
		const search = (text: string) => filterLedger(all, { ...emptyQuery(), text }, today).map((e) => e.id);
		expect(search('楼道')).toEqual(['aaaa']);
		expect(search('北门')).toEqual(['bbbb']);
		expect(search('李科长')).toEqual(['cccc']);
		expect(search('no water')).toEqual(['cccc']);
		expect(search('dddd')).toEqual(['dddd']);
		expect(search('  ')).toHaveLength(4);
		expect(search('不存在')).toEqual([]);
	});

	it('finds text within one entry only, and a reference only from its start', () => {
		// Two entries side by side in the list: the end of one and the start of the next are not one text.
		const a = entry('ab12', { content: '东门路灯' });
		const b = entry('cd34', { content: '坏了很久' });
		const c = entry('ef56', { content: '灯坏了' });
		const search = (text: string, list = [a, b, c]) => filterLedger(list, { ...emptyQuery(), text }, today).map((e) => e.id);
		expect(search('路灯坏')).toEqual([]);
		expect(search('灯坏')).toEqual(['ef56']);
		expect(search('坏了')).toEqual(['cd34', 'ef56']);
		// A reference matches from its start, not from inside it or across two of them.
		expect(search('cd')).toEqual(['cd34']);
		expect(search('d3')).toEqual([]);
		expect(search('12c')).toEqual([]);
		// Every match of a text found in many entries, in the list's order.
		const many = Array.from({ length: 300 }, (_, i) => entry(`m${String(i).padStart(3, '0')}`, { content: i % 3 ? '漏水' : '停电' }));
		expect(search('漏水', many)).toEqual(many.filter((_, i) => i % 3).map((e) => e.id));
		expect(search('m29', many)).toEqual(['m290', 'm291', 'm292', 'm293', 'm294', 'm295', 'm296', 'm297', 'm298', 'm299']);
		// A text holding a NUL character (pasted from somewhere) is searched too.
		const odd = entry('gh78', { content: 'a\u0000b' });
		expect(search('a\u0000b', [a, odd])).toEqual(['gh78']);
		expect(search('b', [a, odd])).toEqual(['gh78']);
		expect(search('a', [a, odd])).toEqual(['ab12', 'gh78']);
	});

	it('reads the query once per filtering, not once per entry (the view passes a reactive proxy)', () => {
		let reads = 0;
		const query = new Proxy({ ...emptyQuery(), status: 'open' as const }, { get: (q, key) => (reads++, q[key as keyof typeof q]) });
		const many = Array.from({ length: 1000 }, (_, i) => ({ ...lamp, id: `e${i}` }));
		expect(filterLedger(many, query, today)).toHaveLength(1000);
		expect(reads).toBeLessThanOrEqual(6);
	});

	it('keeps the given order when filtering', () => {
		const sorted = sortLedger(all, 'tier');
		expect(filterLedger(sorted, { ...emptyQuery(), status: 'open' }, today).map((e) => e.id)).toEqual(['cccc', 'bbbb', 'aaaa']);
	});

	it('combines a search with the other filters, in the given order', () => {
		const sorted = sortLedger(all, 'tier');
		const open = (text: string) => filterLedger(sorted, { ...emptyQuery(), status: 'open', text }, today).map((e) => e.id);
		expect(filterLedger(sorted, { ...emptyQuery(), text: 'dd' }, today).map((e) => e.id)).toEqual(['dddd']);
		expect(open('dd')).toEqual([]);
		expect(open('李科长')).toEqual(['cccc']);
		expect(filterLedger(sorted, { ...emptyQuery(), tier: 2, text: '北门' }, today)).toEqual([parking]);
		expect(filterLedger(sorted, { ...emptyQuery(), tier: 3, text: '北门' }, today)).toEqual([]);
		expect(filterLedger(sorted, { ...emptyQuery(), overdueOnly: true, text: '北门' }, today)).toEqual([parking]);
	});
});

describe('the projection of the list (issue 11)', () => {
	it('topOfLedger gives the first rows of every order without sorting everything', () => {
		for (const sort of SORTS)
			for (const n of [1, 2, 3, 4, 10]) expect(topOfLedger(all, sort, n).map((e) => e.id)).toEqual(sortLedger(all, sort).slice(0, n).map((e) => e.id));
	});

	it('topOfLedgerInSlices gives the same rows, pausing between slices of the ledger', async () => {
		let pauses = 0;
		const pause = () => Promise.resolve(pauses++);
		for (const sort of SORTS) expect((await topOfLedgerInSlices(all, sort, 3, pause, 2)).map((e) => e.id)).toEqual(topOfLedger(all, sort, 3).map((e) => e.id));
		expect(pauses).toBeGreaterThanOrEqual(SORTS.length);
	});

	it('a list row sorts, filters and searches like the entry it stands for', () => {
		const rows = all.map(toLedgerRow);
		expect(Object.keys(rows[0]).sort()).toEqual(['category', 'content', 'createdAt', 'deadline', 'id', 'place', 'receivedOn', 'reopenCount', 'responsible', 'status', 'tier', 'updatedAt']);
		for (const q of [emptyQuery(), { ...emptyQuery(), text: '北门' }, { ...emptyQuery(), status: 'solved' as const }, { ...emptyQuery(), overdueOnly: true, sort: 'deadline' as const }])
			expect(queryLedger(rows, q, today).map((e) => e.id)).toEqual(queryLedger(all, q, today).map((e) => e.id));
	});

	it('only the default query shows the head', () => {
		expect(isDefaultQuery(emptyQuery())).toBe(true);
		expect(isDefaultQuery({ ...emptyQuery(), text: '  ' })).toBe(true);
		expect(isDefaultQuery({ ...emptyQuery(), text: '灯' })).toBe(false);
		expect(isDefaultQuery({ ...emptyQuery(), sort: 'tier' })).toBe(false);
		expect(isDefaultQuery({ ...emptyQuery(), overdueOnly: true })).toBe(false);
	});
});

describe('sorting a big ledger (issue 11)', () => {
	// The orders as the list defines them, one comparator each: the grouped sort must give exactly these.
	const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
	// Each ends with the id: no two entries tie, whatever order they came in.
	const reference: Record<(typeof SORTS)[number], (a: LedgerRow, b: LedgerRow) => number> = {
		received: (a, b) => cmp(b.receivedOn, a.receivedOn) || b.createdAt - a.createdAt || cmp(a.id, b.id),
		updated: (a, b) => b.updatedAt - a.updatedAt || cmp(a.id, b.id),
		deadline: (a, b) => cmp(a.status === 'open' ? 0 : 1, b.status === 'open' ? 0 : 1) || cmp(a.deadline || '9999', b.deadline || '9999') || b.createdAt - a.createdAt || cmp(a.id, b.id),
		tier: (a, b) => b.tier - a.tier || b.createdAt - a.createdAt || cmp(a.id, b.id)
	};
	// Many ties on every key (few days, times, tiers and deadlines), from a fixed seed.
	let seed = 42;
	const pick = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
	const rows: LedgerRow[] = Array.from({ length: 3000 }, (_, i) => ({
		...toLedgerRow(lamp),
		id: `e${i}`,
		receivedOn: `2026-0${1 + pick(9)}-1${pick(10)}`,
		createdAt: 1_000 + pick(400),
		updatedAt: 2_000 + pick(400),
		tier: (1 + pick(4)) as LedgerRow['tier'],
		deadline: pick(3) ? `2026-1${pick(3)}-0${1 + pick(9)}` : '',
		status: (['open', 'solved', 'closed'] as const)[pick(3)]
	}));

	for (const sort of SORTS)
		it(`gives the list's own ${sort} order, ties by id, whatever order the entries came in`, () => {
			expect(sortLedger(rows, sort).map((r) => r.id)).toEqual([...rows].sort(reference[sort]).map((r) => r.id));
			expect(sortLedger([...rows].reverse(), sort).map((r) => r.id)).toEqual([...rows].sort(reference[sort]).map((r) => r.id));
		});

	for (const sort of SORTS)
		it(`keeps the ${sort} order made of a list: its next sort in that order is the one made, another is made afresh`, () => {
			const list = [...rows];
			const sorted = sortLedger(list, sort);
			expect(sortLedger(list, sort)).toBe(sorted);
			const other = SORTS.find((s) => s !== sort)!;
			expect(sortLedger(list, other).map((r) => r.id)).toEqual([...rows].sort(reference[other]).map((r) => r.id));
		});
});

describe('the head of the ledger after an edit (issue 11)', () => {
	// A ledger of 400 rows with many equal days, tiers and deadlines, edited at random from a fixed seed: after each burst of
	// edits, the head kept by updateTop (or computed whole where it says it cannot tell) is the
	// head computed whole, in every order and for heads of several sizes.
	let seed = 7;
	// The generator's high bits: its low ones repeat with a short period.
	const pick = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), (seed >>> 12) % n);
	// Times are unique, as an entry's creation and update times are (so every order is total).
	let time = 1_000;
	const row = (id: string): LedgerRow => ({
		...toLedgerRow(lamp),
		id,
		receivedOn: `2026-0${1 + pick(9)}-1${pick(10)}`,
		createdAt: (time += 1 + pick(5)),
		updatedAt: (time += 1 + pick(5)),
		tier: (1 + pick(4)) as LedgerRow['tier'],
		deadline: pick(3) ? `2026-1${pick(3)}-0${1 + pick(9)}` : '',
		status: (['open', 'solved', 'closed'] as const)[pick(3)]
	});

	for (const sort of SORTS)
		for (const n of [1, 5, 30])
			it(`keeps the first ${n} in ${sort} order through edits, additions and removals`, () => {
				const ledger = new Map<string, LedgerRow>();
				for (let i = 0; i < 400; i++) ledger.set(`e${i}`, row(`e${i}`));
				let top = topOfLedger(ledger.values(), sort, n);
				let kept = 0;
				for (let burst = 0; burst < 300; burst++) {
					const changed: string[] = [];
					for (let k = 1 + pick(3); k > 0; k--) {
						const ids = [...ledger.keys()];
						// Mostly edits, some of the head's own rows; some additions and removals.
						const id = pick(4) === 0 && top.length ? top[pick(top.length)].id : pick(10) === 0 ? `new${burst}-${k}` : ids[pick(ids.length)];
						if (pick(12) === 0) ledger.delete(id);
						else {
							const was = ledger.get(id);
							// Half of the edits change the text only (most edits do), the others every key the orders use.
							ledger.set(id, was && pick(2) ? { ...was, content: `${was.content}·` } : { ...row(id), createdAt: was?.createdAt ?? (time += 1) });
						}
						changed.push(id);
					}
					const updated = updateTop(top, sort, n, changed, (id) => ledger.get(id));
					if (updated) kept++;
					top = updated ?? topOfLedger(ledger.values(), sort, n);
					expect(top.map((r) => r.id)).toEqual(sortLedger([...ledger.values()], sort).slice(0, n).map((r) => r.id));
				}
				// Many bursts are kept without going through the whole ledger.
				expect(kept).toBeGreaterThan(150);
			});

	it('cannot tell when a row of the head is removed or moves after its last row', () => {
		const rows = [1, 2, 3, 4].map((d) => ({ ...toLedgerRow(lamp), id: `r${d}`, receivedOn: `2026-11-0${d}` }));
		const top = topOfLedger(rows, 'received', 2); // r4, r3
		expect(updateTop(top, 'received', 2, ['r4'], () => undefined)).toBeNull();
		expect(updateTop(top, 'received', 2, ['r4'], () => ({ ...rows[3], receivedOn: '2026-10-01' }))).toBeNull();
		expect(updateTop(top, 'received', 2, ['r1'], () => ({ ...rows[0], receivedOn: '2026-11-09' }))?.map((r) => r.id)).toEqual(['r1', 'r4']);
	});
});

describe('the search text, made ahead (issue 11)', () => {
	// New rows for each test: what is made ahead is kept by row.
	const rows = () => Array.from({ length: 1200 }, (_, i) => ({ ...toLedgerRow(lamp), id: `w${i}`, content: `问题 ${i} Lamp` }));
	const lowered = (run: () => unknown) => {
		const spy = vi.spyOn(String.prototype, 'toLowerCase');
		try {
			run();
			return spy.mock.calls.length;
		} finally {
			spy.mockRestore();
		}
	};

	// What a keystroke joins: the number of texts put together into the strings it scans.
	const joinedParts = (run: () => unknown) => {
		const join = Array.prototype.join;
		let parts = 0;
		const spy = vi.spyOn(Array.prototype, 'join').mockImplementation(function (this: unknown[], sep?: string) {
			parts += this.length;
			return join.call(this, sep);
		});
		try {
			run();
			return parts;
		} finally {
			spy.mockRestore();
		}
	};
	const naive = (list: readonly LedgerRow[], needle: string) =>
		list.filter((r) => `${r.content}\n${r.place}\n${r.responsible}`.toLowerCase().includes(needle) || r.id.startsWith(needle)).map((r) => r.id);
	const big = () => Array.from({ length: 20_000 }, (_, i) => ({ ...toLedgerRow(lamp), id: `r${i.toString(36)}x`, content: `问题 ${i % 97} Lamp`, place: `${i % 13}号楼` }));

	it('is made a slice at a time, giving the main thread back in between', async () => {
		// Slices of whole runs of entries (of at most 1,024): at most 500 + 1,024 texts lowered between two pauses.
		const between: number[] = [];
		const spy = vi.spyOn(String.prototype, 'toLowerCase');
		try {
			await warmSearch(big(), async () => void between.push(spy.mock.calls.length - between.reduce((a, b) => a + b, 0)), 500);
		} finally {
			spy.mockRestore();
		}
		expect(between.length).toBeGreaterThanOrEqual(3);
		for (const n of between) expect(n).toBeLessThanOrEqual(500 + 1024);
	});

	it('leaves the first keystroke only its own text to lower, with the same matches', async () => {
		const many = rows();
		const list = [...many];
		await warmSearch(many, async () => {}, 500);
		let found: LedgerRow[] = [];
		// The keystroke's needle alone (a cold list lowers every entry's text too: 1,201).
		expect(lowered(() => (found = filterLedger(list, { ...emptyQuery(), text: 'LAMP' }, today)))).toBe(1);
		expect(found).toHaveLength(many.length);
		// An entry edited since (a new row) is lowered at the keystroke, and found by its new text.
		list[7] = { ...list[7], content: '新的内容' };
		expect(filterLedger(list.slice(), { ...emptyQuery(), text: '新的' }, today).map((r) => r.id)).toEqual(['w7']);
	});

	it('joins no text at a keystroke over a list made ahead, nor over a copy of it (50,000 entries: 0.3 s at CPU ×4)', async () => {
		const list = big();
		await warmSearch(list, async () => {}, 500);
		let found: LedgerRow[] = [];
		expect(joinedParts(() => (found = filterLedger(list.slice(), { ...emptyQuery(), text: '问题 42' }, today)))).toBe(0);
		expect(found.map((r) => r.id)).toEqual(naive(list, '问题 42'));
	});

	it('after an edit, an addition and a removal, joins only the texts of the runs they fall in, and finds what a scan of each entry finds', async () => {
		const list = big();
		await warmSearch(list, async () => {}, 500);
		const next = list.slice();
		next[9000] = { ...next[9000], content: '新的内容 问题 42' };
		next.unshift({ ...toLedgerRow(lamp), id: 'newest', content: '新的问题 42' });
		next.splice(15_000, 1);
		let found: LedgerRow[] = [];
		const parts = joinedParts(() => (found = filterLedger(next, { ...emptyQuery(), text: '问题 42' }, today)));
		expect(parts).toBeGreaterThan(0);
		// Three runs of at most 1,024 entries, each its texts and its ids (a whole list's: 40,000).
		expect(parts).toBeLessThanOrEqual(3 * 1024 * 2);
		expect(found.map((r) => r.id)).toEqual(naive(next, '问题 42'));
		// Every needle, over every change, finds the same entries as a scan of each.
		for (const needle of ['lamp', '7号楼', 'r1', 'newest', '新的', '问题 9', 'zz'])
			expect(filterLedger(next, { ...emptyQuery(), text: needle }, today).map((r) => r.id)).toEqual(naive(next, needle));
	});
});
