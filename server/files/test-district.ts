// A small district for the files, statistics and bulletin specs: two streets, three stations, an
// office account, two cadres, an assistant and a street leader, each with a token.
import { addEntry, appendEvent, initBoard } from '../../src/lib/documents/board';
import { setReporter } from '../../src/lib/documents/contacts';
import { addRecord } from '../../src/lib/documents/visit-log';
import type { EventDraft } from '../../src/lib/domain/ledger';
import { docNames } from '../../src/lib/domain/station';
import { call, type RunningApp } from '../test-kit';

const PASSWORD = 'test-pass-1';

export async function seedDistrict(srv: RunningApp) {
	const { directory, relay } = srv.app;
	const east = await directory.createStreet('test', '东关街道');
	const west = await directory.createStreet('test', '西关街道');
	const st = async (name: string, streetId: string) => {
		const s = await directory.createStation('test', { name, streetId, kind: 'community' });
		await relay.change(docNames(s.id).board, (d) => initBoard(d, { name, street: '', kind: 'community' }, Date.now()), 'test');
		return s;
	};
	const stations = { a: await st('幸福社区', east.id), b: await st('和平社区', east.id), c: await st('建设社区', west.id) };
	let n = 0;
	const person = async (name: string, role: 'office' | 'leader' | 'member') => {
		const phone = `1380000${String(++n).padStart(4, '0')}`;
		const p = await directory.createPerson('test', { phone, name, role, password: PASSWORD });
		const token = (await call(srv.base, 'POST', '/api/session', { phone, password: PASSWORD })).body.access as string;
		return { ...p, token };
	};
	const people = {
		office: await person('一线办', 'office'),
		cadreA: await person('李驻点', 'member'),
		cadreC: await person('赵驻点', 'member'),
		assistantA: await person('张助理', 'member'),
		leader: await person('王区长', 'leader')
	};
	await directory.assign('test', people.cadreA.id, stations.a.id, 'cadre');
	await directory.assign('test', people.assistantA.id, stations.a.id, 'assistant');
	await directory.assign('test', people.cadreC.id, stations.c.id, 'cadre');
	await directory.setLeader('test', people.leader.id, east.id, true);
	return { streets: { east, west }, stations, people };
}

export type District = Awaited<ReturnType<typeof seedDistrict>>;

/** An entry received on `receivedOn`, then the events given, in order, a minute apart from `at`. */
export async function writeEntry(srv: RunningApp, stationId: string, receivedOn: string, events: EventDraft[], at: number, extra: { content?: string; place?: string; reporterName?: string; reporterPhone?: string } = {}) {
	let id = '';
	await srv.app.relay.change(docNames(stationId).board, (d) => {
		id = addEntry(d, { content: extra.content ?? '楼道灯不亮', place: extra.place ?? '3号楼', category: 'infrastructure', receivedOn, visitId: '' }, '李驻点', at);
		events.forEach((e, i) => appendEvent(d, id, e, '李驻点', at + (i + 1) * 60_000));
	}, 'test');
	// The reporter goes where the team's app puts it: the station's contacts document.
	if (extra.reporterName || extra.reporterPhone)
		await srv.app.relay.change(docNames(stationId).contacts, (d) => setReporter(d, id, { name: extra.reporterName ?? '', phone: extra.reporterPhone ?? '' }), 'test');
	return id;
}

export async function writeVisits(srv: RunningApp, stationId: string, visitor: string, date: string, households: number) {
	await srv.app.relay.change(docNames(stationId).visits, (d) => {
		for (let i = 0; i < households; i++) addRecord(d, 'visits', { visitor, date, household: `户${i}`, address: '', peopleMet: 2, notes: '' }, Date.now());
	}, 'test');
}
