// The rating API's shapes (docs/api.md, "Ratings"): the server answers them, the office screens
// read them. Types only, so both sides import the one definition.
import type { HalfYear } from '../domain/half-year';
import type { CadreRating, RaterGroup, RatingFlag, Score } from '../domain/rating';

export interface Round {
	id: string;
	halfYear: HalfYear;
	closesOn: string;
	openedAt: number;
	/** When the office closed it; null while open or when it closed by its date. */
	closedAt: number | null;
	/** Derived on the server: closed by the office or past its closing day. */
	open: boolean;
	submissions: number;
}

/** How many links were issued and used, per station and rater group (no tokens: they are never kept). */
export interface LinkCount {
	stationId: string;
	stationName: string;
	cadreId: string;
	cadreName: string;
	group: RaterGroup;
	issued: number;
	used: number;
}

export interface RoundDetail {
	round: Round;
	links: LinkCount[];
}

export interface IssuedLinks {
	cadre: { id: string; name: string };
	station: { id: string; name: string; streetName: string };
	group: RaterGroup;
	/** Shown once: the server keeps only the tokens' hashes. */
	urls: string[];
}

export interface CadreResult extends CadreRating {
	name: string;
	stationName: string;
	/** Rank by the overall rate; null without answers. */
	rank: number | null;
}

export interface RoundResults {
	round: Round;
	results: CadreResult[];
}

export interface YearCadre {
	cadre: string;
	name: string;
	stationName: string;
	first: Score;
	second: Score;
	year: Score;
	eligible: boolean;
	rank: number;
}

export interface YearResults {
	year: number;
	rounds: { first: Round | null; second: Round | null };
	ranking: YearCadre[];
	topTen: YearCadre[];
}

export type { RatingFlag };
