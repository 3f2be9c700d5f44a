// The device database's first reads without Dexie (device-db-loader.ts readDevice, idb-peek.ts):
// the same records Dexie keeps; through Dexie where the database is not there as it should be (none
// yet, an older version), which then makes or upgrades it; never in the way of Dexie's upgrade or
// of an erase.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStation, StoredSession } from './device-db';
import { DEVICE_DB, DEVICE_DB_VERSION, deviceDb, readDevice } from './device-db-loader';
import { peek, result } from './idb-peek';

const session = (db: Dexie) => (db as unknown as { session: Dexie.Table<StoredSession, string> }).session;
const readSession = () => readDevice<StoredSession | undefined>('session', (s) => s.get('current'), (db) => db.session.get('current'));
const exists = async () => (await indexedDB.databases()).some((d) => d.name === DEVICE_DB);

// Dexie's connection closes for the deletion, and opens again at its next use.
afterEach(() => Dexie.delete(DEVICE_DB));

describe('the device database read as it is', () => {
	it('where there is none, reads through Dexie, which makes it with its schema', async () => {
		expect(await exists()).toBe(false);
		expect(await peek(DEVICE_DB, DEVICE_DB_VERSION, ['session'], async () => 1)).toEqual({ ok: false });
		expect(await exists()).toBe(false);
		expect(await readSession()).toBeUndefined();
		const db = await deviceDb();
		expect(db.tables.map((t) => t.name).sort()).toEqual(['session', 'settings', 'stations']);
	});

	it('reads what Dexie wrote: a station, a setting, the session, the count of stations', async () => {
		const db = await deviceDb();
		await db.stations.put({ id: 's1', name: '东湖社区', addedAt: 1 } as DeviceStation);
		await db.settings.put({ key: 'userName', value: '李四' });
		await session(db).put({ id: 'current', person: { id: 'p1', name: '张三' } } as unknown as StoredSession);
		// Each read below would fail through Dexie: it is read as it is.
		expect((await readDevice<DeviceStation | undefined>('stations', (s) => s.get('s1'), () => Promise.reject(new Error('via Dexie'))))?.name).toBe('东湖社区');
		expect(await readDevice<DeviceStation | undefined>('stations', (s) => s.get('s2'), () => Promise.reject(new Error('via Dexie')))).toBeUndefined();
		expect(await readDevice<number>('stations', (s) => s.count(), () => Promise.reject(new Error('via Dexie')))).toBe(1);
		expect((await readDevice<{ value: unknown } | undefined>('settings', (s) => s.get('userName'), () => Promise.reject(new Error('via Dexie'))))?.value).toBe('李四');
		expect((await readSession())?.person?.name).toBe('张三');
	});

	it('is at the version the code says (a new Dexie version changes DEVICE_DB_VERSION too)', async () => {
		const db = await deviceDb();
		await db.open();
		expect(db.verno).toBe(DEVICE_DB_VERSION);
		expect((await indexedDB.databases()).find((d) => d.name === DEVICE_DB)?.version).toBe(DEVICE_DB_VERSION * 10);
	});

	it('an older database is not read as it is: through Dexie, whose upgrade the open peek does not block', async () => {
		// A device last run before accounts (version 1: no session store), its stations kept.
		const old = new Dexie(DEVICE_DB);
		old.version(1).stores({ stations: 'id, addedAt', settings: 'key' });
		await old.table('stations').put({ id: 's1', name: '老站点', addedAt: 1 });
		old.close();
		// The peek opens it, finds another version, and keeps its connection open.
		expect(await peek(DEVICE_DB, DEVICE_DB_VERSION, ['stations'], async () => 'read')).toEqual({ ok: false });
		// Through Dexie, which upgrades the database (an upgrade the open connection would block forever).
		expect(await readDevice<number>('stations', (s) => s.count(), (db) => db.stations.count())).toBe(1);
		expect(await readSession()).toBeUndefined();
		expect((await (await deviceDb()).stations.get('s1'))?.name).toBe('老站点');
		// Read as it is from then on.
		expect(await peek(DEVICE_DB, DEVICE_DB_VERSION, ['session'], async () => 'read')).toEqual({ ok: true, value: 'read' });
	});

	it('gives way to an erase, and does not make the database again after it', async () => {
		const db = await deviceDb();
		await db.stations.put({ id: 's1', name: '东湖社区', addedAt: 1 } as DeviceStation);
		expect(await readDevice<number>('stations', (s) => s.count(), () => Promise.reject(new Error('via Dexie')))).toBe(1);
		await Dexie.delete(DEVICE_DB);
		expect(await exists()).toBe(false);
		expect(await peek(DEVICE_DB, DEVICE_DB_VERSION, ['stations'], async () => 1)).toEqual({ ok: false });
		expect(await exists()).toBe(false);
	});
});

describe('the connections the boot frame\'s script opened (src/boot-frame.js)', () => {
	const boot = globalThis as { __yxBootDatabases?: Record<string, Promise<IDBDatabase | null>> };
	/** Runs the frame's inline script at `pathname`, with nothing kept for it to paint. */
	const runFrame = (pathname: string) => {
		const source = readFileSync(new URL('../../boot-frame.js', import.meta.url), 'utf8');
		const document = { querySelector: () => null, querySelectorAll: () => [] };
		const localStorage = { getItem: () => null };
		new Function('window', 'location', 'document', 'localStorage', 'sessionStorage', source)(globalThis, { pathname }, document, localStorage, {});
	};
	afterEach(() => void delete boot.__yxBootDatabases);

	it('one is the connection the first read uses, taken once', async () => {
		const db = await deviceDb();
		await db.stations.put({ id: 's1', name: '东湖社区', addedAt: 1 } as DeviceStation);
		runFrame('/');
		const opened = (await boot.__yxBootDatabases?.[DEVICE_DB])!;
		let used = 0;
		const transaction = opened.transaction.bind(opened);
		opened.transaction = ((...args: Parameters<IDBDatabase['transaction']>) => (used++, transaction(...args))) as IDBDatabase['transaction'];
		expect(await readDevice<number>('stations', (s) => s.count(), () => Promise.reject(new Error('via Dexie')))).toBe(1);
		expect(used).toBe(1);
		expect(boot.__yxBootDatabases).toEqual({});
		// It gives way to an erase like the app's own.
		await Dexie.delete(DEVICE_DB);
		expect(await peek(DEVICE_DB, DEVICE_DB_VERSION, ['stations'], async () => 1)).toEqual({ ok: false });
	});

	it('where the frame found no database, it makes none: the app makes it and reads it as it is from then on', async () => {
		runFrame('/station/s1');
		expect(await boot.__yxBootDatabases?.[DEVICE_DB]).toBeNull();
		expect(await exists()).toBe(false);
		expect(await peek(DEVICE_DB, DEVICE_DB_VERSION, ['session'], async () => 'read')).toEqual({ ok: false });
		expect(await readSession()).toBeUndefined();
		expect(await peek(DEVICE_DB, DEVICE_DB_VERSION, ['session'], async () => 'read')).toEqual({ ok: true, value: 'read' });
	});

	it('one an erase closed before the app took it is not the app\'s: its reads open the database again', async () => {
		const db = await deviceDb();
		await db.stations.put({ id: 's1', name: '东湖社区', addedAt: 1 } as DeviceStation);
		runFrame('/station/s1/notices');
		expect(await boot.__yxBootDatabases?.[DEVICE_DB]).not.toBeNull();
		// Erased (sign out and erase) while the app had not read it yet: the frame's connection gives way.
		await Dexie.delete(DEVICE_DB);
		await (await deviceDb()).stations.put({ id: 's2', name: '西湖社区', addedAt: 2 } as DeviceStation);
		expect(await peek(DEVICE_DB, DEVICE_DB_VERSION, ['stations'], (s) => result(s('stations').count()))).toEqual({ ok: true, value: 1 });
	});

	it('one an upgrade closed before the app took it is not the app\'s: once upgraded, it is read as it is', async () => {
		const old = new Dexie(DEVICE_DB);
		old.version(1).stores({ stations: 'id, addedAt', settings: 'key' });
		await old.table('stations').put({ id: 's1', name: '老站点', addedAt: 1 });
		old.close();
		runFrame('/');
		expect((await boot.__yxBootDatabases?.[DEVICE_DB])?.version).toBe(10);
		// The app's Dexie upgrades it before any plain read took the frame's connection.
		expect(await (await deviceDb()).stations.count()).toBe(1);
		expect(await peek(DEVICE_DB, DEVICE_DB_VERSION, ['stations'], (s) => result(s('stations').count()))).toEqual({ ok: true, value: 1 });
	});
});
