// The half-yearly satisfaction rating (测评, domain.md "The cadre's file and the rating"): the
// community party organisation, party members and resident representatives rate each cadre on
// attendance, pairing help and problem solving. Below 90% the cadre is not eligible for awards in
// the annual assessment; below 70% the cadre is reassigned. The year's top ten (十佳驻点干部) are
// named. Whose link may submit, and once only, is the server's job; this file counts.
import { check, requireText, type Result, type RuleError } from './result';

export const RATER_GROUPS = ['party-organisation', 'party-member', 'resident-representative'] as const;
export type RaterGroup = (typeof RATER_GROUPS)[number];
export const RATING_ITEMS = ['attendance', 'pairing-help', 'problem-solving'] as const;
export type RatingItem = (typeof RATING_ITEMS)[number];
/** 满意 / 基本满意 / 不满意. */
export const RATING_ANSWERS = ['satisfied', 'basically-satisfied', 'dissatisfied'] as const;
export type RatingAnswer = (typeof RATING_ANSWERS)[number];

/** One rater's form about one cadre. An item the rater cannot judge may be left out; the overall answer may not. */
export interface RatingSubmission {
	cadre: string;
	group: RaterGroup;
	items: Partial<Record<RatingItem, RatingAnswer>>;
	overall: RatingAnswer;
}

export function validateSubmission(input: {
	cadre?: unknown;
	group?: unknown;
	items?: Partial<Record<RatingItem, unknown>>;
	overall?: unknown;
}): Result<RatingSubmission> {
	const errors: RuleError[] = [];
	const cadre = requireText(errors, 'cadre', input.cadre, 60);
	const group = input.group as RaterGroup;
	if (!RATER_GROUPS.includes(group)) errors.push({ field: 'group', code: 'required' });
	const items: Partial<Record<RatingItem, RatingAnswer>> = {};
	for (const item of RATING_ITEMS) {
		const answer = input.items?.[item];
		if (answer === undefined || answer === '') continue;
		if (RATING_ANSWERS.includes(answer as RatingAnswer)) items[item] = answer as RatingAnswer;
		else errors.push({ field: item, code: 'invalid' });
	}
	const overall = input.overall as RatingAnswer;
	if (!RATING_ANSWERS.includes(overall)) errors.push({ field: 'overall', code: 'required' });
	return check(errors, () => ({ cadre, group, items, overall }));
}

// ——— Scores

/**
 * 满意率 as commonly reckoned: (satisfied + basically satisfied) / answers. Every answer counts
 * once, whichever group gave it (the seed gives the groups no weights).
 */
export interface Score {
	satisfied: number;
	basicallySatisfied: number;
	dissatisfied: number;
	answers: number;
	/** From 0 to 1; null without answers. */
	rate: number | null;
}

const emptyScore = (): Score => ({ satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, answers: 0, rate: null });
const KEY = { satisfied: 'satisfied', 'basically-satisfied': 'basicallySatisfied', dissatisfied: 'dissatisfied' } as const;

function add(score: Score, answer: RatingAnswer): void {
	score[KEY[answer]]++;
	score.answers++;
	score.rate = (score.satisfied + score.basicallySatisfied) / score.answers;
}

export function sumScores(scores: readonly Score[]): Score {
	const s = emptyScore();
	for (const x of scores) {
		s.satisfied += x.satisfied;
		s.basicallySatisfied += x.basicallySatisfied;
		s.dissatisfied += x.dissatisfied;
		s.answers += x.answers;
	}
	s.rate = s.answers === 0 ? null : (s.satisfied + s.basicallySatisfied) / s.answers;
	return s;
}

const good = (s: Score) => s.satisfied + s.basicallySatisfied;
/** rate < percent%, in integers so that 9 of 10 is exactly 90% and not below it. */
const below = (s: Score, percent: number) => good(s) * 100 < s.answers * percent;

export const AWARD_THRESHOLD = 90;
export const REASSIGN_THRESHOLD = 70;

export type RatingFlag = 'not-eligible-for-awards' | 'to-be-reassigned';

/** From the overall answers. Below 70% is also below 90%: a cadre to be reassigned gets both flags. */
export function ratingFlags(overall: Score): RatingFlag[] {
	if (overall.answers === 0) return [];
	const flags: RatingFlag[] = [];
	if (below(overall, AWARD_THRESHOLD)) flags.push('not-eligible-for-awards');
	if (below(overall, REASSIGN_THRESHOLD)) flags.push('to-be-reassigned');
	return flags;
}

export interface CadreRating {
	cadre: string;
	submissions: number;
	items: Record<RatingItem, Score>;
	/** The overall question; the flags and the ranking go by it. */
	overall: Score;
	/** The overall question, per rater group, for the record. */
	byGroup: Record<RaterGroup, Score>;
	flags: RatingFlag[];
}

/** One round's results, per cadre, in the order cadres first appear. */
export function tallyRound(submissions: Iterable<RatingSubmission>): CadreRating[] {
	const results = new Map<string, CadreRating>();
	for (const s of submissions) {
		let r = results.get(s.cadre);
		if (!r) {
			r = {
				cadre: s.cadre,
				submissions: 0,
				items: { attendance: emptyScore(), 'pairing-help': emptyScore(), 'problem-solving': emptyScore() },
				overall: emptyScore(),
				byGroup: { 'party-organisation': emptyScore(), 'party-member': emptyScore(), 'resident-representative': emptyScore() },
				flags: []
			};
			results.set(s.cadre, r);
		}
		r.submissions++;
		for (const item of RATING_ITEMS) {
			const answer = s.items[item];
			if (answer) add(r.items[item], answer);
		}
		add(r.overall, s.overall);
		add(r.byGroup[s.group], s.overall);
	}
	for (const r of results.values()) r.flags = ratingFlags(r.overall);
	return [...results.values()];
}

// ——— Ranking

/** Higher rate first; compared as fractions, so 2 of 3 and 4 of 6 tie exactly. */
const byRate = (a: Score, b: Score) => good(b) * a.answers - good(a) * b.answers;

/**
 * Standard competition ranking (1, 2, 2, 4): equal rates share a rank. Cadres without answers are
 * not ranked. Within a rank, by name, so the order is stable.
 */
export function rankBy<T extends { cadre: string }>(rows: readonly T[], score: (row: T) => Score): (T & { rank: number })[] {
	const sorted = rows
		.filter((r) => score(r).answers > 0)
		.sort((a, b) => byRate(score(a), score(b)) || (a.cadre < b.cadre ? -1 : a.cadre > b.cadre ? 1 : 0));
	const ranked: (T & { rank: number })[] = [];
	sorted.forEach((row, i) => {
		const prev = ranked[i - 1];
		const rank = prev && byRate(score(prev), score(row)) === 0 ? prev.rank : i + 1;
		ranked.push({ ...row, rank });
	});
	return ranked;
}

export const rankRound = (results: readonly CadreRating[]) => rankBy(results, (r) => r.overall);

// ——— The year

export const TOP_COUNT = 10;

export interface YearRating {
	cadre: string;
	first: Score;
	second: Score;
	/** Both halves' overall answers together. */
	year: Score;
	/** Rated in both halves and at or above 90% in each (below 90% bars awards in the annual assessment). */
	eligible: boolean;
}

/**
 * The year's results from its two rounds (H1, H2). The top ten are the eligible cadres ranked by
 * the year's overall rate, over all answers of both halves; cadres tied on the tenth rank are all
 * named, so there may be more than ten.
 */
export function rateYear(first: readonly CadreRating[], second: readonly CadreRating[]) {
	const cadres = [...new Set([...first, ...second].map((r) => r.cadre))];
	const h1 = new Map(first.map((r) => [r.cadre, r]));
	const h2 = new Map(second.map((r) => [r.cadre, r]));
	const year: YearRating[] = cadres.map((cadre) => {
		const a = h1.get(cadre)?.overall ?? emptyScore();
		const b = h2.get(cadre)?.overall ?? emptyScore();
		const rated = (s: Score) => s.answers > 0 && !below(s, AWARD_THRESHOLD);
		return { cadre, first: a, second: b, year: sumScores([a, b]), eligible: rated(a) && rated(b) };
	});
	const ranking = rankBy(year, (r) => r.year);
	const topTen = rankBy(
		year.filter((r) => r.eligible),
		(r) => r.year
	).filter((r) => r.rank <= TOP_COUNT);
	return { ranking, topTen };
}
