// Moving residents' personal data out of a board never writes what its writer may not write in the
// contacts document (docs/sync-protocol.md, "Document rules": the contact of a report is the
// server's; `contacts:<station>` is the cadre's, assistant's and liaison's only). The stock client
// against the whole server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, boardParts } from '../src/lib/documents/board';
import { readInboxContact, readReporter, setReporter } from '../src/lib/documents/contacts';
import { inboxOf } from '../src/lib/documents/inbox';
import { findPersonalData, isEmpty } from '../src/lib/documents/personal-data';
import { publicSource } from '../src/lib/server/bridge';
import { connectClient, waitFor } from './relay/test-kit';
import { startApp, stationWorld, type RunningApp } from './test-kit';

const RESIDENT = { name: '吴建国', phone: '13655556666' };
const FORGED = { name: '假名字', phone: '10000000000' };

let srv: RunningApp;
let stationId = '';
const token: Record<string, string> = {};
const names = () => ({ board: `board:${stationId}`, contacts: `contacts:${stationId}` });

async function copy(docName: string, who: string) {
	const client = connectClient(srv.ws, docName, new Y.Doc(), { token: token[who] });
	await client.synced();
	return client;
}

const contactsNow = async () => srv.app.relay.load(names().contacts);
const boardClean = async () => isEmpty(findPersonalData(await srv.app.relay.load(names().board)));

beforeAll(async () => {
	srv = await startApp();
	const world = await stationWorld(srv, { cadre: { phone: '13900000001', role: 'cadre' }, lawyer: { phone: '13900000003', role: 'lawyer' } });
	stationId = world.stationId;
	Object.assign(token, world.token);
}, 30_000);
afterAll(() => srv.stop());

describe("a board writer's personal fields, moved by the server", () => {
	it("never change the contact a resident left with a report (the server's)", async () => {
		const sent = await publicSource()!.submitReport(stationId, { content: '路灯不亮', place: '5号楼', ...RESIDENT }, '203.0.113.9');
		expect(sent.ok).toBe(true);
		const itemId = [...inboxOf(await srv.app.relay.load(names().board)).values()].find((i) => i.content === '路灯不亮')!.id;
		await waitFor(async () => readInboxContact(await contactsNow(), itemId).name === RESIDENT.name, 3000, 'the contact stored');
		for (const who of ['cadre', 'lawyer']) {
			const board = await copy(names().board, who);
			const item = inboxOf(board.doc).get(itemId)!;
			// A decision carrying a contact (as an app of before the move writes it), but another one.
			inboxOf(board.doc).set(itemId, { ...item, status: 'dismissed', reason: who, decidedBy: who, decidedAt: 5, ...FORGED } as typeof item);
			await waitFor(async () => (inboxOf(await srv.app.relay.load(names().board)).get(itemId)?.reason === who) && (await boardClean()), 3000, 'the move');
			expect(board.provider.wsconnected, who).toBe(true);
			board.provider.destroy();
			expect(readInboxContact(await contactsNow(), itemId), who).toEqual(RESIDENT);
		}
	});

	it("of a lawyer (no right to the contacts) are taken out of the board, never into the contacts", async () => {
		const team = await copy(names().board, 'cadre');
		const contacts = await copy(names().contacts, 'cadre');
		const id = addEntry(team.doc, { content: '下水道堵了', place: '', category: 'environment', receivedOn: '2026-03-03', visitId: '' }, '李驻点', 10);
		setReporter(contacts.doc, id, { ...RESIDENT, private: true });
		await waitFor(async () => readReporter(await contactsNow(), id).phone === RESIDENT.phone, 3000, 'the reporter stored');
		const lawyer = await copy(names().board, 'lawyer');
		await waitFor(() => boardParts(lawyer.doc).entries.has(id), 3000, 'the entry at the lawyer');
		lawyer.doc.transact(() => {
			boardParts(lawyer.doc).entries.get(id)!.set('reporterName', FORGED.name);
			boardParts(lawyer.doc).entries.get(id)!.set('reporterPhone', FORGED.phone);
		});
		await waitFor(async () => !boardParts(await srv.app.relay.load(names().board)).entries.get(id)?.has('reporterName') && (await boardClean()), 3000, 'the move');
		expect(readReporter(await contactsNow(), id)).toEqual({ ...RESIDENT, private: true });
		for (const c of [team, contacts, lawyer]) c.provider.destroy();
	});
});
