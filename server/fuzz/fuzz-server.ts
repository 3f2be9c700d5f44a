// The server the fuzz suite attacks, in a process of its own: a request that loops forever must
// hang this process, not the test runner, so the suite can time the request out, report it and
// start a fresh server. Prints one JSON line (the address and the seeded world) when it listens.
//
// The world: two streets, three stations, a person in every role with a signed-in token, tier-3
// and tier-4 entries, an open dispatch meeting, a rating round with links when today allows one.
// "Victims" are people and places the fuzz may change or remove without blinding the suite: the
// role holders' own records are only ever read, so their tokens keep working for the whole run.
import { halfYearOf } from '../../src/lib/domain/half-year';
import { RATER_GROUPS } from '../../src/lib/domain/rating';
import { toIsoDate } from '../../src/lib/domain/dates';
import { docNames } from '../../src/lib/domain/station';
import { seedDistrict, writeEntry } from '../files/test-district';
import { call, startApp } from '../test-kit';

// The suite's own tokens must outlive a long run (FUZZ_RUNS=5000).
const srv = await startApp({ YIXIAN_ACCESS_TTL: String(7 * 24 * 3600), ...(process.env.FUZZ_SERVER_ENV ? JSON.parse(process.env.FUZZ_SERVER_ENV) : {}) });
const { directory } = srv.app;
const district = await seedDistrict(srv);
const { stations, streets, people } = district;

const PASSWORD = 'fuzz-pass-1';
let n = 0;
async function person(name: string, role: 'office' | 'leader' | 'member') {
	const phone = `1370000${String(++n).padStart(4, '0')}`;
	const p = await directory.createPerson('fuzz', { phone, name, role, password: PASSWORD });
	const token = (await call(srv.base, 'POST', '/api/session', { phone, password: PASSWORD })).body.access as string;
	return { ...p, phone, token };
}
const liaison = await person('刘联络', 'member');
const lawyer = await person('陈律师', 'member');
// The two honest sync clients of the relay properties: never named in a path the fuzz writes to.
const honestA = await person('诚实甲', 'member');
const honestB = await person('诚实乙', 'member');
await directory.assign('fuzz', liaison.id, stations.a.id, 'liaison');
await directory.assign('fuzz', lawyer.id, stations.a.id, 'lawyer');
await directory.assign('fuzz', honestA.id, stations.b.id, 'assistant');
await directory.assign('fuzz', honestB.id, stations.b.id, 'liaison');

// Victims: whatever the fuzz does to them, no role holder loses a right.
const victimStreet = await directory.createStreet('fuzz', '受试街道');
const victimStation = await directory.createStation('fuzz', { name: '受试社区', streetId: victimStreet.id, kind: 'community' });
const victimPerson = await person('受试人', 'member');
await directory.assign('fuzz', victimPerson.id, victimStation.id, 'cadre');

const at = Date.UTC(2025, 2, 1);
const tier3 = await writeEntry(srv, stations.a.id, '2025-03-01', [{ type: 'escalated', tier: 3, responsible: '街道城建科', deadline: '2025-03-20', text: '', departments: ['住建'] }], at);
const tier4 = await writeEntry(srv, stations.a.id, '2025-03-02', [{ type: 'escalated', tier: 4, responsible: '一线办', deadline: '2025-04-30', text: '' }], at);
const office = people.office.token;
const meeting = (await call(srv.base, 'POST', '/api/dispatch/meetings', {}, office)).body?.id as string | undefined;
const bulletin = (await call(srv.base, 'POST', '/api/bulletins', { from: '2025-01-01', to: '2025-06-30' }, office)).body?.id as string | undefined;

// A rating round needs a half-year the rules accept today; none is fine (the ids are then random).
const today = toIsoDate(Date.now());
const opened = await call(srv.base, 'POST', '/api/admin/ratings/rounds', { halfYear: halfYearOf(today), closesOn: `${Number(today.slice(0, 4)) + 1}-01-31` }, office);
const round = opened.status === 201 ? (opened.body.id as string) : undefined;
if (round) await call(srv.base, 'POST', `/api/admin/ratings/rounds/${round}/links`, { stationId: stations.a.id, group: RATER_GROUPS[0], count: 2 }, office);

const world = {
	base: srv.base,
	ws: srv.ws,
	pid: process.pid,
	tokens: {
		office,
		leader: people.leader.token,
		cadre: people.cadreA.token,
		assistant: people.assistantA.token,
		liaison: liaison.token,
		lawyer: lawyer.token,
		honestA: honestA.token,
		honestB: honestB.token
	},
	ids: {
		office: people.office.id,
		cadre: people.cadreA.id,
		cadreC: people.cadreC.id,
		assistant: people.assistantA.id,
		leader: people.leader.id,
		liaison: liaison.id,
		lawyer: lawyer.id,
		victimPerson: victimPerson.id,
		stationA: stations.a.id,
		stationB: stations.b.id,
		stationC: stations.c.id,
		victimStation: victimStation.id,
		streetEast: streets.east.id,
		streetWest: streets.west.id,
		victimStreet: victimStreet.id,
		tier3,
		tier4,
		meeting: meeting ?? '',
		bulletin: bulletin ?? '',
		round: round ?? ''
	},
	docs: { honest: docNames(stations.b.id).board, boardA: docNames(stations.a.id).board, visitsA: docNames(stations.a.id).visits }
};
export type FuzzWorld = typeof world;

process.stdout.write(`FUZZ-WORLD ${JSON.stringify(world)}\n`);
process.on('SIGTERM', () => void srv.stop().finally(() => process.exit(0)));
