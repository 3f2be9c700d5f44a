// A round's and a year's results, counted by the domain (tallyRound, rankRound, rateYear) and
// named from the directory. Reading them is audited by the caller (the API).
import { halfYear } from '../../src/lib/domain/half-year';
import { RATING_ITEMS, rankRound, rateYear, tallyRound, type CadreRating, type Score } from '../../src/lib/domain/rating';
import type { CadreResult, RoundResults, YearResults } from '../../src/lib/remote/ratings';
import type { Directory } from '../accounts/directory';
import type { Ratings } from './ratings';

const empty = (): Score => ({ satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, answers: 0, rate: null });

function unrated(cadre: string): CadreRating {
	return {
		cadre,
		submissions: 0,
		items: Object.fromEntries(RATING_ITEMS.map((i) => [i, empty()])) as CadreRating['items'],
		overall: empty(),
		byGroup: { 'party-organisation': empty(), 'party-member': empty(), 'resident-representative': empty() },
		flags: []
	};
}

/**
 * Every cadre the round issued links for, rated or not (a cadre nobody answered for must show,
 * not vanish); ranked ones first by rank, the rest after, by name.
 */
export async function roundResults(ratings: Ratings, directory: Directory, roundId: string): Promise<RoundResults> {
	const round = await ratings.getRound(roundId);
	const { forms, stations } = await ratings.submissions(roundId);
	const tallied = tallyRound(forms);
	const seen = new Set(tallied.map((r) => r.cadre));
	const all = [...tallied, ...[...stations.keys()].filter((c) => !seen.has(c)).map(unrated)];
	const ranks = new Map(rankRound(all).map((r) => [r.cadre, r.rank]));
	const results: CadreResult[] = all.map((r) => ({
		...r,
		name: directory.getPerson(r.cadre)?.name ?? r.cadre,
		stationName: directory.getStation(stations.get(r.cadre) ?? '')?.name ?? '',
		rank: ranks.get(r.cadre) ?? null
	}));
	results.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name, 'zh'));
	return { round, results };
}

/** The year's ranking and top ten, from its H1 and H2 rounds (either may be missing). */
export async function yearResults(ratings: Ratings, directory: Directory, year: number): Promise<YearResults> {
	const first = await ratings.roundOf(halfYear(year, 1));
	const second = await ratings.roundOf(halfYear(year, 2));
	const h1 = first ? (await roundResults(ratings, directory, first.id)).results : [];
	const h2 = second ? (await roundResults(ratings, directory, second.id)).results : [];
	const where = new Map([...h1, ...h2].map((r) => [r.cadre, r]));
	const { ranking, topTen } = rateYear(h1, h2);
	const named = <T extends { cadre: string }>(r: T) => ({ ...r, name: where.get(r.cadre)?.name ?? r.cadre, stationName: where.get(r.cadre)?.stationName ?? '' });
	// The domain breaks ties by cadre key (an id here); people read a tie in name order.
	const byRankThenName = (a: { rank: number; name: string }, b: { rank: number; name: string }) => a.rank - b.rank || a.name.localeCompare(b.name, 'zh');
	return { year, rounds: { first, second }, ranking: ranking.map(named).sort(byRankThenName), topTen: topTen.map(named).sort(byRankThenName) };
}
