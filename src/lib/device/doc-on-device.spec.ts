// Whether a document is on the device, asked before any document is loaded (the restoring notice):
// without creating its database, and without holding it open.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DB_PREFIX, hasStoredUpdates } from './doc-on-device';
import { openDocDb } from './doc-store';

const names = async () => (await indexedDB.databases()).map((d) => d.name);

const deleted = (name: string) =>
	new Promise<string>((resolve) => {
		const req = indexedDB.deleteDatabase(name);
		req.onsuccess = () => resolve('deleted');
		req.onblocked = () => resolve('blocked');
	});

describe('hasStoredUpdates', () => {
	it('says no for a document the device has never had, and does not create its database', async () => {
		expect(await hasStoredUpdates('board:absent')).toBe(false);
		expect(await names()).not.toContain(`${DB_PREFIX}board:absent`);
	});

	it('says no for a database with no update stored, and yes once one is', async () => {
		const db = await openDocDb(`${DB_PREFIX}board:s1`);
		expect(await hasStoredUpdates('board:s1')).toBe(false);
		await new Promise<void>((resolve, reject) => {
			const tx = db.transaction(['updates'], 'readwrite');
			tx.objectStore('updates').add(new Uint8Array([0, 0]));
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
		});
		expect(await hasStoredUpdates('board:s1')).toBe(true);
		db.close();
	});

	it('closes what it opened: the document can be forgotten at once', async () => {
		(await openDocDb(`${DB_PREFIX}board:s2`)).close();
		await hasStoredUpdates('board:s2');
		expect(await deleted(`${DB_PREFIX}board:s2`)).toBe('deleted');
	});
});
