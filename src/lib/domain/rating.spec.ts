import { describe, expect, it } from 'vitest';
import type { Result } from './result';
import {
	rankBy,
	rankRound,
	ratingFlags,
	rateYear,
	sumScores,
	tallyRound,
	validateSubmission,
	type CadreRating,
	type RaterGroup,
	type RatingAnswer,
	type RatingSubmission,
	type Score
} from './rating';

const errorsOf = (result: Result<unknown>) => (result.ok ? [] : result.errors);
const S: RatingAnswer = 'satisfied';
const B: RatingAnswer = 'basically-satisfied';
const D: RatingAnswer = 'dissatisfied';

const form = (cadre: string, overall: RatingAnswer, group: RaterGroup = 'resident-representative', items: RatingSubmission['items'] = {}): RatingSubmission => ({
	cadre,
	group,
	items,
	overall
});

/** `satisfied`, `basic` and `dissatisfied` overall answers for one cadre. */
const forms = (cadre: string, satisfied: number, basic = 0, dissatisfied = 0): RatingSubmission[] => [
	...Array.from({ length: satisfied }, () => form(cadre, S)),
	...Array.from({ length: basic }, () => form(cadre, B)),
	...Array.from({ length: dissatisfied }, () => form(cadre, D))
];

const score = (satisfied: number, basicallySatisfied: number, dissatisfied: number): Score => {
	const answers = satisfied + basicallySatisfied + dissatisfied;
	return { satisfied, basicallySatisfied, dissatisfied, answers, rate: answers ? (satisfied + basicallySatisfied) / answers : null };
};

describe('validateSubmission', () => {
	it('accepts a full form', () => {
		const input = { cadre: ' 李干部 ', group: 'party-member', items: { attendance: S, 'pairing-help': B, 'problem-solving': D }, overall: B };
		expect(validateSubmission(input)).toEqual({ ok: true, value: { ...input, cadre: '李干部' } });
	});

	it('lets a rater leave out an item they cannot judge, but not the overall answer', () => {
		expect(validateSubmission({ cadre: '李干部', group: 'party-member', items: { attendance: S, 'pairing-help': '' }, overall: S })).toEqual({
			ok: true,
			value: { cadre: '李干部', group: 'party-member', items: { attendance: S }, overall: S }
		});
		expect(errorsOf(validateSubmission({ cadre: '李干部', group: 'party-member', items: {} }))).toEqual([{ field: 'overall', code: 'required' }]);
	});

	it('refuses an unknown group, an unknown answer and a missing cadre', () => {
		expect(errorsOf(validateSubmission({ cadre: '', group: 'neighbour', items: { attendance: 'ok' }, overall: S }))).toEqual([
			{ field: 'cadre', code: 'required' },
			{ field: 'group', code: 'required' },
			{ field: 'attendance', code: 'invalid' }
		]);
	});
});

describe('scores: satisfaction = (satisfied + basically satisfied) / answers', () => {
	it('counts basically satisfied as satisfied', () => {
		const [r] = tallyRound(forms('李干部', 6, 3, 1));
		expect(r.overall).toEqual({ satisfied: 6, basicallySatisfied: 3, dissatisfied: 1, answers: 10, rate: 0.9 });
	});

	it('scores each item over the answers it got, not over the forms', () => {
		const [r] = tallyRound([
			form('李干部', S, 'party-member', { attendance: S, 'pairing-help': D }),
			form('李干部', S, 'party-member', { attendance: B }),
			form('李干部', D, 'party-member', { attendance: D, 'problem-solving': S })
		]);
		expect(r.submissions).toBe(3);
		expect(r.items).toEqual({ attendance: score(1, 1, 1), 'pairing-help': score(0, 0, 1), 'problem-solving': score(1, 0, 0) });
		expect(r.overall).toEqual(score(2, 0, 1));
	});

	it('weighs every answer alike, and shows each group apart', () => {
		const [r] = tallyRound([
			form('李干部', S, 'party-organisation'),
			form('李干部', D, 'party-member'),
			form('李干部', S, 'resident-representative'),
			form('李干部', B, 'resident-representative')
		]);
		expect(r.overall.rate).toBe(0.75);
		expect(r.byGroup).toEqual({
			'party-organisation': score(1, 0, 0),
			'party-member': score(0, 0, 1),
			'resident-representative': score(1, 1, 0)
		});
	});

	it('keeps each cadre apart, in the order they first appear', () => {
		expect(tallyRound([...forms('王干部', 1), ...forms('李干部', 2), ...forms('王干部', 0, 0, 1)]).map((r) => [r.cadre, r.submissions])).toEqual([
			['王干部', 2],
			['李干部', 2]
		]);
	});

	it('sums scores and recomputes the rate', () => {
		expect(sumScores([score(9, 0, 1), score(0, 1, 1)])).toEqual(score(9, 1, 2));
		expect(sumScores([]).rate).toBeNull();
	});
});

describe('flags: below 90% not eligible for awards, below 70% to be reassigned (domain.md)', () => {
	it('flags nothing at exactly 90%', () => {
		expect(ratingFlags(score(9, 0, 1))).toEqual([]);
		expect(ratingFlags(score(18, 9, 3))).toEqual([]); // 27 of 30
	});

	it('bars awards just below 90%', () => {
		expect(ratingFlags(score(88, 1, 11))).toEqual(['not-eligible-for-awards']); // 89%
	});

	it('keeps a cadre at exactly 70% in place, without awards', () => {
		expect(ratingFlags(score(7, 0, 3))).toEqual(['not-eligible-for-awards']);
	});

	it('reassigns a cadre below 70%, who is then not eligible for awards either', () => {
		expect(ratingFlags(score(2, 0, 1))).toEqual(['not-eligible-for-awards', 'to-be-reassigned']); // 66.7%
	});

	it('flags nobody without answers', () => {
		expect(ratingFlags(score(0, 0, 0))).toEqual([]);
	});

	it('goes by the overall answer, not the items', () => {
		const [r] = tallyRound([form('李干部', S, 'party-member', { attendance: D }), form('李干部', S, 'party-member', { attendance: D })]);
		expect(r.items.attendance.rate).toBe(0);
		expect(r.flags).toEqual([]);
	});
});

describe('ranking: by overall satisfaction, ties sharing a rank', () => {
	it('ranks 1, 2, 2, 4, equal fractions tying exactly, and leaves out the unrated', () => {
		const results = tallyRound([...forms('甲', 10), ...forms('乙', 2, 0, 1), ...forms('丙', 4, 0, 2), ...forms('丁', 1, 0, 2)]);
		const unrated: CadreRating = { ...results[0], cadre: '戊', overall: score(0, 0, 0) };
		expect(rankRound([...results, unrated]).map((r) => [r.cadre, r.rank])).toEqual([
			['甲', 1],
			['丙', 2],
			['乙', 2],
			['丁', 4]
		]);
	});

	it('ranks any rows by a chosen score', () => {
		const rows = [
			{ cadre: 'a', s: score(1, 0, 1) },
			{ cadre: 'b', s: score(3, 0, 1) }
		];
		expect(rankBy(rows, (r) => r.s).map((r) => [r.cadre, r.rank])).toEqual([
			['b', 1],
			['a', 2]
		]);
	});
});

describe("rateYear: the year's ranking and top ten", () => {
	it('combines both halves by all their answers, not by averaging the two rates', () => {
		// 甲: 10/10 then 18/20 → 28/30 (93.3%), not the average of 100% and 90% (95%).
		const { ranking } = rateYear(tallyRound(forms('甲', 10)), tallyRound(forms('甲', 18, 0, 2)));
		expect(ranking[0].year).toEqual(score(28, 0, 2));
		expect(ranking[0]).toMatchObject({ rank: 1, eligible: true });
	});

	it('needs results in both halves for the top ten', () => {
		const { ranking, topTen } = rateYear(tallyRound([...forms('甲', 10), ...forms('乙', 10)]), tallyRound(forms('甲', 9, 0, 1)));
		expect(ranking.map((r) => [r.cadre, r.rank, r.eligible])).toEqual([
			['乙', 1, false],
			['甲', 2, true]
		]);
		expect(topTen.map((r) => [r.cadre, r.rank])).toEqual([['甲', 1]]);
	});

	it('leaves out of the top ten a cadre below 90% in either half, even with a good year overall', () => {
		// 丙: 8/10 (80%) then 100/100 → 108/110 (98.2%) for the year, but barred by the first half.
		const { topTen } = rateYear(tallyRound([...forms('丙', 8, 0, 2), ...forms('丁', 9, 0, 1)]), tallyRound([...forms('丙', 100), ...forms('丁', 9, 0, 1)]));
		expect(topTen.map((r) => r.cadre)).toEqual(['丁']);
	});

	it('names ten, and everyone tied on the tenth rank', () => {
		// Twelve cadres: 9 at 100%, then 3 tied at 95% on rank 10.
		const names = Array.from({ length: 12 }, (_, i) => `干部${String(i + 1).padStart(2, '0')}`);
		const half = tallyRound(names.flatMap((n, i) => (i < 9 ? forms(n, 20) : forms(n, 19, 0, 1))));
		const { topTen } = rateYear(half, half);
		expect(topTen).toHaveLength(12);
		expect(topTen.slice(8).map((r) => [r.cadre, r.rank])).toEqual([
			['干部09', 1],
			['干部10', 10],
			['干部11', 10],
			['干部12', 10]
		]);
	});

	it('names exactly ten when the eleventh is lower', () => {
		// Eleven cadres from 100% down to 90% in 1-point steps, the same in both halves.
		const names = Array.from({ length: 11 }, (_, i) => `干部${String(i + 1).padStart(2, '0')}`);
		const half = tallyRound(names.flatMap((n, i) => forms(n, 100 - i, 0, i)));
		const { ranking, topTen } = rateYear(half, half);
		expect(ranking).toHaveLength(11);
		expect(topTen.map((r) => r.cadre)).toEqual(names.slice(0, 10));
	});
});
