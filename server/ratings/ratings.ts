// The half-yearly satisfaction rating on the server: rounds, one-time links, submissions, and the
// audit row every action writes. The counting rules are the domain's (src/lib/domain/rating.ts);
// this file decides who may submit, and once only.
import { createHash, randomBytes } from 'node:crypto';
import { toIsoDate } from '../../src/lib/domain/dates';
import type { HalfYear } from '../../src/lib/domain/half-year';
import { newId } from '../../src/lib/domain/ids';
import { RATER_GROUPS, validateSubmission, type RaterGroup, type RatingAnswer, type RatingSubmission } from '../../src/lib/domain/rating';
import { isRoundOpen, validateRound } from '../../src/lib/domain/rating-round';
import type { IssuedLinks, LinkCount, Round, RoundDetail } from '../../src/lib/remote/ratings';
import type { Directory } from '../accounts/directory';
import type { Db } from '../db';
import type { Queryable } from '../storage/open';

export type RatingErrorCode = 'not-found' | 'round-exists' | 'round-closed' | 'no-cadre' | 'invalid-input';

export class RatingError extends Error {
	constructor(
		readonly code: RatingErrorCode,
		readonly fields?: Record<string, string>
	) {
		super(code);
	}
}

/** What the rater's page may show: nothing about other raters, nothing that identifies the rater. */
export type LinkView =
	| { state: 'open'; cadreName: string; stationName: string; streetName: string; halfYear: HalfYear; closesOn: string; group: RaterGroup }
	| { state: 'used' | 'closed' | 'unknown' };

export type SubmitOutcome = { ok: true } | { ok: false; error: 'used' | 'closed' | 'unknown' | 'invalid'; fields?: Record<string, string> };

/** 24 random bytes: 192 bits, far beyond guessing; URL-safe. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;
export const MAX_LINKS_PER_ISSUE = 200;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

interface RoundRow {
	id: string;
	half_year: HalfYear;
	closes_on: string;
	opened_at: number;
	closed_at: number | null;
	submissions: number;
}

interface LinkRow {
	id: string;
	round_id: string;
	station_id: string;
	cadre_id: string;
	rater_group: RaterGroup;
	used_at: number | null;
}

export interface SubmissionRow {
	station_id: string;
	cadre_id: string;
	rater_group: RaterGroup;
	attendance: RatingAnswer | null;
	pairing_help: RatingAnswer | null;
	problem_solving: RatingAnswer | null;
	overall: RatingAnswer;
}

const DAY_MS = 86_400_000;
/** A link's time of use as kept: the day (00:00 UTC of it), with no time of day. */
export const usedOn = (now: number): number => Math.floor(now / DAY_MS) * DAY_MS;

const ROUND_SELECT = `SELECT r.id, r.half_year, r.closes_on, r.opened_at, r.closed_at,
	(SELECT COUNT(*) FROM rating_submissions s WHERE s.round_id = r.id) AS submissions FROM rating_rounds r`;

export class Ratings {
	constructor(
		private db: Db,
		private directory: Directory,
		/** The clock, so tests can move past a closing day. */
		private now: () => number = Date.now
	) {}

	today(): string {
		return toIsoDate(this.now());
	}

	async audit(actor: string, action: string, detail: object, db: Queryable = this.db): Promise<void> {
		await db.run('INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)', [this.now(), actor, action, JSON.stringify(detail)]);
	}

	#round(row: RoundRow): Round {
		const round = { id: row.id, halfYear: row.half_year, closesOn: row.closes_on, openedAt: row.opened_at, closedAt: row.closed_at, submissions: row.submissions };
		return { ...round, open: isRoundOpen(round, this.today()) };
	}

	async listRounds(): Promise<Round[]> {
		return (await this.db.query<RoundRow>(`${ROUND_SELECT} ORDER BY r.half_year DESC`)).map((r) => this.#round(r));
	}

	async getRound(id: string, db: Queryable = this.db): Promise<Round> {
		const row = await db.get<RoundRow>(`${ROUND_SELECT} WHERE r.id = ?`, [id]);
		if (!row) throw new RatingError('not-found');
		return this.#round(row);
	}

	async roundOf(halfYear: HalfYear): Promise<Round | null> {
		const row = await this.db.get<RoundRow>(`${ROUND_SELECT} WHERE r.half_year = ?`, [halfYear]);
		return row ? this.#round(row) : null;
	}

	async openRound(actor: string, input: { halfYear?: unknown; closesOn?: unknown }): Promise<Round> {
		const valid = validateRound(input, this.today());
		if (!valid.ok) throw new RatingError('invalid-input', Object.fromEntries(valid.errors.map((e) => [e.field, e.code])));
		// One round per half-year: a second one would let a cadre's result be chosen from two.
		if (await this.roundOf(valid.value.halfYear)) throw new RatingError('round-exists', { halfYear: 'duplicate' });
		const id = newId();
		await this.db.transaction(async (tx) => {
			await tx.run('INSERT INTO rating_rounds (id, half_year, closes_on, opened_at, opened_by) VALUES (?, ?, ?, ?, ?)', [id, valid.value.halfYear, valid.value.closesOn, this.now(), actor]);
			await this.audit(actor, 'rating.round.open', { round: id, ...valid.value }, tx);
		});
		return this.getRound(id);
	}

	async closeRound(actor: string, id: string): Promise<Round> {
		const round = await this.getRound(id);
		if (!round.open) throw new RatingError('round-closed');
		await this.db.transaction(async (tx) => {
			await tx.run('UPDATE rating_rounds SET closed_at = ?, closed_by = ? WHERE id = ?', [this.now(), actor, id]);
			await this.audit(actor, 'rating.round.close', { round: id, submissions: round.submissions }, tx);
		});
		return this.getRound(id);
	}

	async detail(id: string): Promise<RoundDetail> {
		const round = await this.getRound(id);
		const rows = await this.db.query<Omit<LinkCount, 'stationName' | 'cadreName'>>(
			`SELECT station_id AS "stationId", cadre_id AS "cadreId", rater_group AS "group", COUNT(*) AS "issued", COUNT(used_at) AS "used"
				FROM rating_links WHERE round_id = ? GROUP BY station_id, cadre_id, rater_group`,
			[id]
		);
		const links = rows
			.map((r) => ({ ...r, stationName: this.directory.getStation(r.stationId)?.name ?? r.stationId, cadreName: this.directory.getPerson(r.cadreId)?.name ?? r.cadreId }))
			.sort((a, b) => a.stationName.localeCompare(b.stationName, 'zh') || RATER_GROUPS.indexOf(a.group) - RATER_GROUPS.indexOf(b.group));
		return { round, links };
	}

	/** Links for the station's cadre, as URLs shown once; the server keeps only their hashes. */
	async issueLinks(actor: string, roundId: string, input: { stationId: string; group: RaterGroup; count: number }, publicUrl: string): Promise<IssuedLinks> {
		const round = await this.getRound(roundId);
		if (!round.open) throw new RatingError('round-closed');
		const station = this.directory.getStation(input.stationId);
		if (!station) throw new RatingError('not-found');
		const cadre = this.directory.activeTeamOf(station.id).find((m) => m.role === 'cadre')?.person;
		if (!cadre) throw new RatingError('no-cadre', { stationId: 'no-cadre' });
		const tokens = Array.from({ length: input.count }, () => randomBytes(24).toString('base64url'));
		const ids: string[] = [];
		await this.db.transaction(async (tx) => {
			for (const token of tokens) {
				const id = newId(12);
				await tx.run('INSERT INTO rating_links (token_hash, id, round_id, station_id, cadre_id, rater_group, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
					hashToken(token),
					id,
					roundId,
					station.id,
					cadre.id,
					input.group,
					this.now(),
					actor
				]);
				ids.push(id);
			}
			await this.audit(actor, 'rating.links.issue', { round: roundId, station: station.id, cadre: cadre.id, group: input.group, count: input.count, links: ids }, tx);
		});
		return {
			cadre: { id: cadre.id, name: cadre.name },
			station: { id: station.id, name: station.name, streetName: station.streetName },
			group: input.group,
			urls: tokens.map((token) => `${publicUrl}/rate/${token}`)
		};
	}

	async #link(token: string, db: Queryable = this.db): Promise<LinkRow | null> {
		if (!TOKEN.test(token)) return null;
		return (await db.get<LinkRow>('SELECT id, round_id, station_id, cadre_id, rater_group, used_at FROM rating_links WHERE token_hash = ?', [hashToken(token)])) ?? null;
	}

	/** What the rater's page shows for a token. Reading it is not using it: only a submission spends the link. */
	async lookup(token: string): Promise<LinkView> {
		const link = await this.#link(token);
		if (!link) return { state: 'unknown' };
		if (link.used_at !== null) return { state: 'used' };
		const round = await this.getRound(link.round_id);
		if (!round.open) return { state: 'closed' };
		const station = this.directory.getStation(link.station_id);
		return {
			state: 'open',
			cadreName: this.directory.getPerson(link.cadre_id)?.name ?? '',
			stationName: station?.name ?? '',
			streetName: station?.streetName ?? '',
			halfYear: round.halfYear,
			closesOn: round.closesOn,
			group: link.rater_group
		};
	}

	/** One submission per link, final: the link is spent and the answers stored in one transaction. */
	submit(token: string, answers: { items: Partial<Record<string, unknown>>; overall: unknown }): Promise<SubmitOutcome> {
		return this.db.transaction(async (tx): Promise<SubmitOutcome> => {
			const link = await this.#link(token, tx);
			if (!link) return { ok: false, error: 'unknown' };
			if (link.used_at !== null) return { ok: false, error: 'used' };
			if (!(await this.getRound(link.round_id, tx)).open) return { ok: false, error: 'closed' };
			const valid = validateSubmission({ cadre: link.cadre_id, group: link.rater_group, items: answers.items, overall: answers.overall });
			if (!valid.ok) return { ok: false, error: 'invalid', fields: Object.fromEntries(valid.errors.map((e) => [e.field, e.code])) };
			// The conditional update decides between two submissions racing with the same link.
			// Only the day it was used (usedOn): no order among the links used that day.
			const spent = await tx.run('UPDATE rating_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL', [usedOn(this.now()), hashToken(token)]);
			if (spent.changes !== 1) return { ok: false, error: 'used' };
			const { items, overall } = valid.value;
			await tx.run(
				`INSERT INTO rating_submissions (id, round_id, station_id, cadre_id, rater_group, attendance, pairing_help, problem_solving, overall, submitted_on)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				[randomBytes(16).toString('hex'), link.round_id, link.station_id, link.cadre_id, link.rater_group, items.attendance ?? null, items['pairing-help'] ?? null, items['problem-solving'] ?? null, overall, this.today()]
			);
			// Neither the rater nor the link is named: a link is whoever was handed it, and the audit's
			// order is the submissions' (migration 007).
			await this.audit('rater', 'rating.link.use', { round: link.round_id }, tx);
			return { ok: true };
		});
	}

	/** The round's answers as the domain counts them, with where each cadre was rated. */
	async submissions(roundId: string): Promise<{ forms: RatingSubmission[]; stations: Map<string, string> }> {
		const rows = await this.db.query<SubmissionRow>('SELECT * FROM rating_submissions WHERE round_id = ? ORDER BY id', [roundId]);
		const stations = new Map<string, string>(
			(await this.db.query<{ cadre_id: string; station_id: string }>('SELECT DISTINCT cadre_id, station_id FROM rating_links WHERE round_id = ? ORDER BY cadre_id, station_id', [roundId])).map((r) => [r.cadre_id, r.station_id])
		);
		const forms = rows.map((r) => {
			const items: RatingSubmission['items'] = {};
			if (r.attendance) items.attendance = r.attendance;
			if (r.pairing_help) items['pairing-help'] = r.pairing_help;
			if (r.problem_solving) items['problem-solving'] = r.problem_solving;
			return { cadre: r.cadre_id, group: r.rater_group, items, overall: r.overall };
		});
		return { forms, stations };
	}
}
