// Redaction wherever text leaves the team (issue 8, item 7): residents' names and numbers typed
// into an entry's free text are masked in the bulletin, in the exports of those who may not see
// reporters (a street leader, the office), and in the escalation answers they get (the leader's
// coordination list, the dispatch meeting, its referrals); the station's own team gets its ledger
// as written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../src/lib/domain/ledger';
import { seedDistrict, writeEntry, type District } from '../files/test-district';
import { call, startApp, type RunningApp } from '../test-kit';

let srv: RunningApp;
let d: District;
const at = (day: string) => new Date(`${day}T09:00:00`).getTime();
const RESIDENT = { name: '王秀英', phone: '13812345678' };
const ID_NUMBER = '11010519491231002X';
const TYPED = `${RESIDENT.name}反映楼道灯坏了，电话 ${RESIDENT.phone}，身份证${ID_NUMBER}`;
const OUTCOME = `已修好，已电话告知${RESIDENT.name}（${RESIDENT.phone}）`;
// A place may name the household too (地点: 王秀英家): outside the team it is masked like the content.
const PLACE = `3号楼${RESIDENT.name}家，电话${RESIDENT.phone}`;
const SECRETS = [RESIDENT.name, RESIDENT.phone, ID_NUMBER, '0519491231'];

beforeAll(async () => {
	srv = await startApp();
	d = await seedDistrict(srv);
	// (The person responsible, as typed: a phone may be in it, so it is masked like the text.)
	const escalate = (tier: 3 | 4): EventDraft => ({ type: 'escalated', tier, responsible: tier === 4 ? `街道城建科（${RESIDENT.name}家属 ${RESIDENT.phone}）` : '街道城建科', deadline: '2026-04-30', text: `${RESIDENT.name}多次来电 ${RESIDENT.phone}`, departments: ['住建'] });
	const note: EventDraft = { type: 'note', text: `已联系${RESIDENT.name}` };
	await writeEntry(srv, d.stations.a.id, '2026-03-03', [escalate(3), note], at('2026-03-03'), { content: `协调：${TYPED}`, place: PLACE, reporterName: RESIDENT.name, reporterPhone: RESIDENT.phone });
	await writeEntry(srv, d.stations.a.id, '2026-03-04', [escalate(3), escalate(4)], at('2026-03-04'), { content: `调度：${TYPED}`, place: PLACE, reporterName: RESIDENT.name, reporterPhone: RESIDENT.phone });
	await writeEntry(srv, d.stations.a.id, '2026-03-02', [{ type: 'solved', text: OUTCOME }, { type: 'feedback', text: `${RESIDENT.name}表示满意`, satisfaction: 'satisfied' }], at('2026-03-02'), {
		content: TYPED,
		place: PLACE,
		reporterName: RESIDENT.name,
		reporterPhone: RESIDENT.phone
	});
});
afterAll(() => srv.stop());

const csv = async (token: string, scope: string) => {
	const res = await fetch(`${srv.base}/api/exports/ledger.csv?scope=${scope}`, { headers: { authorization: `Bearer ${token}` } });
	expect(res.status).toBe(200);
	return new TextDecoder().decode(new Uint8Array(await res.arrayBuffer()));
};

describe('the bulletin', () => {
	it("masks residents' names, phone and ID numbers typed into a solved entry's text", async () => {
		const made = await call(srv.base, 'POST', '/api/bulletins', { from: '2026-03-01', to: '2026-03-31' }, d.people.office.token);
		expect(made.status).toBe(201);
		expect(made.body.body).toContain('幸福社区：某某反映楼道灯坏了');
		for (const secret of SECRETS) expect(made.body.body).not.toContain(secret);
	});
});

describe('the ledger CSV', () => {
	it('masks them for a street leader and for the office, who get no reporter columns either', async () => {
		for (const [who, scope] of [['leader', `street:${d.streets.east.id}`], ['office', 'district']] as const) {
			const body = await csv(d.people[who].token, scope);
			expect(body, who).toContain('某某反映楼道灯坏了');
			for (const secret of SECRETS) expect(body, `${secret} for ${who}`).not.toContain(secret);
		}
	});

	it("gives the station's team the text as written and the reporter", async () => {
		const body = await csv(d.people.cadreA.token, `station:${d.stations.a.id}`);
		expect(body).toContain(TYPED);
		expect(body).toContain(`${RESIDENT.name},${RESIDENT.phone}`);
	});
});

/** No secret anywhere in an answer, and the masked text there. */
const masked = (answer: unknown, what: string) => {
	const json = JSON.stringify(answer);
	for (const secret of SECRETS) expect(json, `${secret} in ${what}`).not.toContain(secret);
	expect(json, what).toContain('某某');
};

describe('the escalation answers', () => {
	it("mask them in the coordination list, for the street's leader and for the office", async () => {
		for (const who of ['leader', 'office'] as const) {
			const list = await call(srv.base, 'GET', '/api/coordination', undefined, d.people[who].token);
			expect(list.status).toBe(200);
			expect(list.body.entries, who).toHaveLength(1);
			masked(list.body, `the coordination list (${who})`);
		}
	});

	it('mask them on the dispatch meeting, its decision, its referrals and its minutes', async () => {
		const office = d.people.office.token;
		const meeting = await call(srv.base, 'POST', '/api/dispatch/meetings', { date: '2026-03-25' }, office);
		expect(meeting.status).toBe(201);
		const agenda = await call(srv.base, 'GET', `/api/dispatch/meetings/${meeting.body.id}`, undefined, office);
		expect(agenda.body.items).toHaveLength(1);
		masked(agenda.body, 'the agenda');
		const item = agenda.body.items[0];
		// The office's own decision comes back as it typed it (its form edits it from there)…
		const decision = `请住建局联系${RESIDENT.name} ${RESIDENT.phone}`;
		const decided = await call(srv.base, 'PUT', `/api/dispatch/meetings/${meeting.body.id}/items/${item.id}`, { decision, department: '区住建局' }, office);
		expect(decided.status).toBe(200);
		expect(decided.body.decision).toBe(decision);
		masked({ ...decided.body, decision: '' }, 'the decided item');
		const referred = await call(srv.base, 'POST', `/api/dispatch/meetings/${meeting.body.id}/items/${item.id}/referral`, { body: 'executive-meeting' }, office);
		expect(referred.status).toBe(201);
		masked(referred.body, 'the referral');
		masked(await call(srv.base, 'GET', '/api/dispatch/referrals', undefined, office), 'the referrals');
		// …and is masked in the minutes, which leave the office.
		const res = await fetch(`${srv.base}/api/dispatch/meetings/${meeting.body.id}/minutes.csv`, { headers: { authorization: `Bearer ${office}` } });
		masked(await res.text(), 'the minutes');
	});
});
