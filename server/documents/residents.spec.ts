// The residents' names a station's team holds, made again only when a document changed.
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { setReporter } from '../../src/lib/documents/contacts';
import { addRecord } from '../../src/lib/documents/visit-log';
import { residentsOf } from './residents';

it('follows a document changed in place (a live room), and gives the same list while none has', async () => {
	const contacts = new Y.Doc();
	const visits = new Y.Doc();
	const load = async (name: string) => (name.startsWith('contacts:') ? contacts : visits);
	setReporter(contacts, 'entry00001', { name: '王秀英', phone: '13812345678' });
	const first = await residentsOf(load, 'station0001');
	expect(first).toEqual(['王秀英', '13812345678']);
	expect(await residentsOf(load, 'station0001')).toBe(first);
	addRecord(visits, 'visits', { visitor: '张干部', date: '2026-11-02', household: '刘奶奶', address: '', peopleMet: 1, notes: '' }, 1);
	expect(await residentsOf(load, 'station0001')).toEqual(['王秀英', '13812345678', '刘奶奶']);
	visits.getMap('visits').clear();
	expect(await residentsOf(load, 'station0001')).toEqual(['王秀英', '13812345678']);
});
