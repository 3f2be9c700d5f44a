// Rounds, links and results on hand-made answers whose right figures are written here, with a
// clock the test moves (past a closing day, into the second half-year).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RATING_ANSWERS, type RaterGroup, type RatingAnswer } from '../../src/lib/domain/rating';
import { Directory } from '../accounts/directory';
import { openDb, type Db } from '../db';
import { Ratings } from './ratings';
import { roundResults, yearResults } from './results';

let dir: string;
let db: Db;
let directory: Directory;
let ratings: Ratings;
let clock = 0;
const at = (date: string) => (clock = new Date(`${date}T12:00:00`).getTime());
const cadres: Record<string, { id: string; station: string }> = {};

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'yixian-ratings-'));
	db = await openDb(join(dir, 'test.db'));
	directory = await Directory.open(db);
	ratings = new Ratings(db, directory, () => clock);
	const street = await directory.createStreet('t', '东关街道');
	for (const [i, name] of ['甲', '乙', '丙'].entries()) {
		const person = await directory.createPerson('t', { phone: `1390000000${i}`, name, role: 'member', password: 'password-1' });
		const station = await directory.createStation('t', { name: `${name}社区`, streetId: street.id, kind: 'community' });
		await directory.assign('t', person.id, station.id, 'cadre');
		cadres[name] = { id: person.id, station: station.id };
	}
});
afterEach(async () => {
	await db.close();
	rmSync(dir, { recursive: true, force: true });
});

const tokens = async (roundId: string, cadre: string, count: number, group: RaterGroup = 'resident-representative') =>
	(await ratings.issueLinks('office', roundId, { stationId: cadres[cadre].station, group, count }, 'http://x')).urls.map((u) => u.slice(u.lastIndexOf('/') + 1));

/** `good` satisfied-or-basically answers overall, then `bad` dissatisfied ones. */
async function answer(roundId: string, cadre: string, good: number, bad: number) {
	const links = await tokens(roundId, cadre, good + bad);
	for (const [i, token] of links.entries()) {
		const overall: RatingAnswer = i >= good ? 'dissatisfied' : i % 2 ? 'basically-satisfied' : 'satisfied';
		expect(await ratings.submit(token, { items: { attendance: 'satisfied' }, overall })).toEqual({ ok: true });
	}
}

describe('a round of results', () => {
	it('counts 9 of 10 as exactly 90%, flags 80% and 60%, and ranks them', async () => {
		at('2026-05-01');
		const round = await ratings.openRound('office', { halfYear: '2026-H1', closesOn: '2026-06-30' });
		await answer(round.id, '甲', 9, 1);
		await answer(round.id, '乙', 8, 2);
		await answer(round.id, '丙', 6, 4);
		await tokens(round.id, '丙', 2); // issued, never used: counts nowhere
		const { results } = await roundResults(ratings, directory, round.id);
		expect(results.map((r) => [r.name, r.stationName, r.rank, r.overall.rate, r.flags])).toEqual([
			['甲', '甲社区', 1, 0.9, []],
			['乙', '乙社区', 2, 0.8, ['not-eligible-for-awards']],
			['丙', '丙社区', 3, 0.6, ['not-eligible-for-awards', 'to-be-reassigned']]
		]);
		expect(results[0].overall).toMatchObject({ satisfied: 5, basicallySatisfied: 4, dissatisfied: 1, answers: 10 });
		expect(results[0].items.attendance).toMatchObject({ satisfied: 10, answers: 10, rate: 1 });
		expect(results[0].items['pairing-help']).toMatchObject({ answers: 0, rate: null });
		expect(results[0].byGroup['resident-representative'].answers).toBe(10);
	});

	it('lists a cadre with links but no answers, unranked and unflagged', async () => {
		at('2026-05-01');
		const round = await ratings.openRound('office', { halfYear: '2026-H1', closesOn: '2026-06-30' });
		await tokens(round.id, '乙', 1);
		const { results } = await roundResults(ratings, directory, round.id);
		expect(results).toHaveLength(1);
		expect(results[0]).toMatchObject({ name: '乙', submissions: 0, rank: null, flags: [] });
	});

	it('closes itself after its closing day: the link is refused, nothing is stored', async () => {
		at('2026-06-20');
		const round = await ratings.openRound('office', { halfYear: '2026-H1', closesOn: '2026-06-30' });
		const [late, onTime] = await tokens(round.id, '甲', 2);
		at('2026-06-30');
		expect(await ratings.submit(onTime, { items: {}, overall: 'satisfied' })).toEqual({ ok: true });
		at('2026-07-01');
		expect((await ratings.getRound(round.id)).open).toBe(false);
		expect(await ratings.lookup(late)).toEqual({ state: 'closed' });
		expect(await ratings.submit(late, { items: {}, overall: 'satisfied' })).toEqual({ ok: false, error: 'closed' });
		expect((await ratings.getRound(round.id)).submissions).toBe(1);
	});

	it('refuses a closing day in the past or more than a year ahead', async () => {
		at('2026-05-01');
		await expect(ratings.openRound('office', { halfYear: '2026-H1', closesOn: '2026-04-30' })).rejects.toThrow('invalid-input');
		await expect(ratings.openRound('office', { halfYear: '2026-H1', closesOn: '2027-05-02' })).rejects.toThrow('invalid-input');
		expect(await ratings.listRounds()).toEqual([]);
	});
});

describe('the year', () => {
	it('names as top cadres only those at 90% or more in both halves, by the year’s rate', async () => {
		at('2026-05-01');
		const h1 = await ratings.openRound('office', { halfYear: '2026-H1', closesOn: '2026-06-30' });
		await answer(h1.id, '甲', 10, 0); // 100%
		await answer(h1.id, '乙', 9, 1); // 90%
		await answer(h1.id, '丙', 10, 0); // 100%, then 80%
		at('2026-11-01');
		const h2 = await ratings.openRound('office', { halfYear: '2026-H2', closesOn: '2026-12-31' });
		await answer(h2.id, '甲', 9, 1); // 90% → year 19/20
		await answer(h2.id, '乙', 10, 0); // 100% → year 19/20
		await answer(h2.id, '丙', 8, 2); // 80% → year 18/20, not eligible
		const year = await yearResults(ratings, directory, 2026);
		expect(year.ranking.map((r) => [r.name, r.rank, r.eligible])).toEqual([
			['甲', 1, true],
			['乙', 1, true],
			['丙', 3, false]
		]);
		expect(year.topTen.map((r) => [r.name, r.stationName, r.rank, r.year.rate])).toEqual([
			['甲', '甲社区', 1, 0.95],
			['乙', '乙社区', 1, 0.95]
		]);
		expect(year.rounds.first?.id).toBe(h1.id);
		expect(year.rounds.second?.id).toBe(h2.id);
	});
});

describe('whom links rate', () => {
	it('never a cadre who has left: a disabled cadre is no cadre, and a station with another gets links for that one', async () => {
		at('2026-05-01');
		const round = await ratings.openRound('office', { halfYear: '2026-H1', closesOn: '2026-06-30' });
		await directory.updatePerson('t', cadres['甲'].id, { disabled: true });
		const links = (cadre: string) => ratings.issueLinks('office', round.id, { stationId: cadres[cadre].station, group: 'party-member', count: 1 }, 'http://x');
		await expect(links('甲')).rejects.toMatchObject({ code: 'no-cadre' });
		// 乙's station: its cadre left, and 丙 took over.
		await directory.assign('t', cadres['丙'].id, cadres['乙'].station, 'cadre');
		await directory.updatePerson('t', cadres['乙'].id, { disabled: true });
		expect((await links('乙')).cadre).toEqual({ id: cadres['丙'].id, name: '丙' });
	});
});

describe('what a submission keeps of its rater', () => {
	it('nothing that tells which link it came through: not the order the links were used in', async () => {
		at('2026-05-01');
		const round = await ratings.openRound('office', { halfYear: '2026-H1', closesOn: '2026-06-30' });
		const links = await tokens(round.id, '甲', 12, 'party-member');
		// Twelve raters, each with answers of their own, one after the other (the links' used_at and
		// the audit's rows say in which order, and which link).
		const combos = RATING_ANSWERS.flatMap((a) => RATING_ANSWERS.flatMap((b) => RATING_ANSWERS.map((c) => [a, b, c] as const))).slice(0, 12);
		const sent = combos.map((answers) => answers.join('/'));
		for (const [i, token] of links.entries()) {
			clock += 1000;
			const [attendance, pairing, overall] = combos[i];
			expect(await ratings.submit(token, { items: { attendance, 'pairing-help': pairing }, overall })).toEqual({ ok: true });
		}
		const stored = (rows: { attendance: string; pairing_help: string; overall: string }[]) => rows.map((r) => [r.attendance, r.pairing_help, r.overall].join('/'));
		const byKey = stored(await db.query('SELECT * FROM rating_submissions WHERE round_id = ? ORDER BY id', [round.id]));
		const asStored = stored(await db.query('SELECT * FROM rating_submissions WHERE round_id = ?', [round.id]));
		expect(byKey.sort()).toEqual(sent.slice().sort());
		// One order in 12! could be the links' by chance.
		expect(stored(await db.query('SELECT * FROM rating_submissions WHERE round_id = ? ORDER BY id', [round.id]))).not.toEqual(sent);
		expect(asStored).not.toEqual(sent);
		expect(Object.keys((await db.query<Record<string, unknown>>('SELECT * FROM rating_submissions LIMIT 1'))[0]).sort()).toEqual(
			['attendance', 'cadre_id', 'id', 'overall', 'pairing_help', 'problem_solving', 'rater_group', 'round_id', 'station_id', 'submitted_on'].sort()
		);
		expect(typeof (await db.query<{ id: unknown }>('SELECT id FROM rating_submissions LIMIT 1'))[0].id).toBe('string');
		// Nor do the links' times, or the audit, say in which order which link was used.
		const usedAt = await db.query<{ used_at: number }>('SELECT DISTINCT used_at FROM rating_links');
		expect(usedAt.map((r) => r.used_at)).toEqual([Date.UTC(2026, 4, 1)]);
		const audit = await db.query<{ detail: string }>("SELECT detail FROM audit WHERE action = 'rating.link.use'");
		expect(audit).toHaveLength(12);
		expect(audit.every((a) => JSON.stringify(JSON.parse(a.detail)) === JSON.stringify({ round: round.id }))).toBe(true);
	});
});
