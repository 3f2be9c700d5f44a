import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { monthProgress, tieStatus, type Help, type Tie, type Visit } from '$lib/domain/visits';
import { LOCAL } from './board';
import { addRecord, deleteRecord, replaceRecord, visitLogParts } from './visit-log';
import { replica, sync } from './test-kit';

const T0 = Date.UTC(2025, 2, 10, 6, 0, 0);

const visitFields = (over: Partial<Visit> = {}): Omit<Visit, 'id' | 'createdAt'> => ({
	visitor: '李干部',
	date: '2025-03-10',
	household: '张家',
	address: '3-201',
	peopleMet: 2,
	notes: '',
	...over
});

const tieFields = (over: Partial<Tie> = {}): Omit<Tie, 'id' | 'createdAt'> => ({
	visitor: '李干部',
	name: '赵大爷',
	group: 'veteran-member',
	contact: '',
	notes: '',
	since: '2025-01-01',
	ended: false,
	...over
});



const visitsIn = (doc: Y.Doc) => [...visitLogParts(doc).visits.values()];
const tiesIn = (doc: Y.Doc) => [...visitLogParts(doc).ties.values()];

describe('the visit log document', () => {
	it('keeps visits, ties and help in separate maps', () => {
		const doc = new Y.Doc();
		const parts = visitLogParts(doc);
		expect(parts.visits).toBe(doc.getMap('visits'));
		expect(parts.ties).toBe(doc.getMap('ties'));
		expect(parts.help).toBe(doc.getMap('help'));
	});

	it('adds a visit with a fresh id and its creation time, and reads it back', () => {
		const doc = new Y.Doc();
		const v = addRecord(doc, 'visits', visitFields(), T0);
		expect(v.id).toMatch(/^[0-9a-z]{10}$/);
		expect(v).toEqual({ ...visitFields(), id: v.id, createdAt: T0 });
		expect(visitLogParts(doc).visits.get(v.id)).toEqual(v);
	});

	it('adds ties and help records to their own parts', () => {
		const doc = new Y.Doc();
		const t = addRecord(doc, 'ties', tieFields(), T0);
		const h = addRecord(doc, 'help', { tieId: t.id, by: '李干部', date: '2025-03-10', kind: 'living', text: '送米面油' } satisfies Omit<Help, 'id' | 'createdAt'>, T0);
		expect(visitLogParts(doc).ties.get(t.id)).toEqual(t);
		expect(visitLogParts(doc).help.get(h.id)).toEqual(h);
		expect(visitLogParts(doc).visits.size).toBe(0);
	});

	it('stores records as plain objects, not nested shared types', () => {
		const doc = new Y.Doc();
		const v = addRecord(doc, 'visits', visitFields(), T0);
		const stored = visitLogParts(doc).visits.get(v.id);
		expect(stored).not.toBeInstanceOf(Y.AbstractType);
		expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
	});

	it('replaces a record whole', () => {
		const doc = new Y.Doc();
		const t = addRecord(doc, 'ties', tieFields(), T0);
		replaceRecord(doc, 'ties', { ...t, ended: true, notes: '已搬离' });
		expect(visitLogParts(doc).ties.get(t.id)).toEqual({ ...t, ended: true, notes: '已搬离' });
		expect(visitLogParts(doc).ties.size).toBe(1);
	});

	it('deletes a record', () => {
		const doc = new Y.Doc();
		const v = addRecord(doc, 'visits', visitFields(), T0);
		const w = addRecord(doc, 'visits', visitFields({ household: '李家' }), T0);
		deleteRecord(doc, 'visits', v.id);
		expect(visitsIn(doc)).toEqual([w]);
	});

	it('marks every local edit with the LOCAL origin', () => {
		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
		const v = addRecord(doc, 'visits', visitFields(), T0);
		replaceRecord(doc, 'visits', { ...v, notes: '补记' });
		deleteRecord(doc, 'visits', v.id);
		expect(origins).toEqual([LOCAL, LOCAL, LOCAL]);
	});

	it('feeds the monthly progress and tie status straight from the maps', () => {
		const doc = new Y.Doc();
		for (let i = 0; i < 50; i++) addRecord(doc, 'visits', visitFields({ household: `户${i}` }), T0);
		addRecord(doc, 'visits', visitFields({ household: '户0' }), T0);
		for (let i = 0; i < 3; i++) addRecord(doc, 'ties', tieFields({ name: `对象${i}` }), T0);
		expect(monthProgress(visitLogParts(doc).visits.values(), '李干部', '2025-03')).toMatchObject({ visits: 51, households: 50, met: true });
		expect(tieStatus(visitLogParts(doc).ties.values(), '李干部')).toEqual({ active: 3, status: 'ok' });
	});
});

describe('convergence: two devices keep the visit log offline', () => {
	it('keeps visits recorded on both devices', () => {
		const a = new Y.Doc();
		addRecord(a, 'visits', visitFields({ household: '户0' }), T0);
		const b = replica(a);
		for (let i = 1; i <= 25; i++) addRecord(a, 'visits', visitFields({ household: `甲${i}` }), T0);
		for (let i = 1; i <= 25; i++) addRecord(b, 'visits', visitFields({ household: `乙${i}` }), T0);
		sync(a, b);
		expect(visitsIn(a)).toHaveLength(51);
		expect(new Set(visitsIn(b).map((v) => v.id))).toEqual(new Set(visitsIn(a).map((v) => v.id)));
		expect(monthProgress(visitsIn(a), '李干部', '2025-03')).toMatchObject({ households: 51, met: true });
		expect(monthProgress(visitsIn(b), '李干部', '2025-03')).toEqual(monthProgress(visitsIn(a), '李干部', '2025-03'));
	});

	it('settles a record replaced on both devices on one whole version everywhere', () => {
		for (const order of ['ab', 'ba'] as const) {
			const a = new Y.Doc();
			const t = addRecord(a, 'ties', tieFields(), T0);
			const b = replica(a);
			replaceRecord(a, 'ties', { ...t, notes: '甲的备注' });
			replaceRecord(b, 'ties', { ...t, contact: '13800000000' });
			if (order === 'ab') sync(a, b);
			else sync(b, a);
			const ra = visitLogParts(a).ties.get(t.id);
			expect(visitLogParts(b).ties.get(t.id)).toEqual(ra);
			// Records are replaced whole: the winner is one of the two versions, never a mix.
			expect([
				{ ...t, notes: '甲的备注' },
				{ ...t, contact: '13800000000' }
			]).toContainEqual(ra);
		}
	});

	it('agrees on the tie status after one device ends a tie and the other adds one', () => {
		const a = new Y.Doc();
		const ties = [0, 1, 2].map((i) => addRecord(a, 'ties', tieFields({ name: `对象${i}` }), T0));
		const b = replica(a);
		replaceRecord(a, 'ties', { ...ties[0], ended: true });
		addRecord(b, 'ties', tieFields({ name: '对象3' }), T0);
		sync(b, a);
		expect(tieStatus(tiesIn(a), '李干部')).toEqual({ active: 3, status: 'ok' });
		expect(tieStatus(tiesIn(b), '李干部')).toEqual({ active: 3, status: 'ok' });
	});

	it('deletes a record on both devices once synced', () => {
		const a = new Y.Doc();
		const v = addRecord(a, 'visits', visitFields(), T0);
		const b = replica(a);
		deleteRecord(b, 'visits', v.id);
		sync(b, a);
		expect(visitsIn(a)).toEqual([]);
		expect(visitsIn(b)).toEqual([]);
	});
});
