// What the app keeps for the boot frame (src/boot-frame.js): only a station's tab pages, and a
// station's entries go when it leaves the device.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetFrame, rememberBar, rememberTabs } from './boot-frame';

const KEY = 'yixian:boot';
const store = new Map<string, string>();
const kept = () => JSON.parse(store.get(KEY) ?? 'null');

beforeEach(() => {
	store.clear();
	(globalThis as { localStorage?: unknown }).localStorage = {
		getItem: (k: string) => store.get(k) ?? null,
		setItem: (k: string, v: string) => void store.set(k, String(v)),
		removeItem: (k: string) => void store.delete(k)
	};
});
afterEach(() => {
	delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe('boot frame record', () => {
	it('keeps the app bar of a station tab page, and of no other page', () => {
		rememberBar('/station/a1', '东关社区', '/', '返回');
		rememberBar('/station/a1/ideas/', '金点子 · 东关社区', '/station/a1', '返回');
		// An entry's or a visit's title may name a resident: never kept.
		rememberBar('/station/a1/entry/e1', '台账 #12', '/station/a1', '返回');
		rememberBar('/station/a1/visits/v1', '张三家', '/station/a1/visits', '返回');
		rememberBar('/office/people', '人员', '/', '返回');
		expect(Object.keys(kept().bars).sort()).toEqual(['/station/a1', '/station/a1/ideas']);
		expect(kept().bars['/station/a1']).toEqual({ title: '东关社区', back: '/', backLabel: '返回' });
	});

	it('forgets a station with its bars and tabs, and only that station', () => {
		rememberBar('/station/a1', '东关社区', '/', '返回');
		rememberBar('/station/a1/visits', '走访 · 东关社区', '/station/a1', '返回');
		rememberBar('/station/b2', '西关社区', '/', '返回');
		rememberTabs('a1', '东关社区', [['/station/a1', '台账']]);
		rememberTabs('b2', '西关社区', [['/station/b2', '台账']]);
		forgetFrame('a1');
		expect(Object.keys(kept().bars)).toEqual(['/station/b2']);
		expect(Object.keys(kept().tabs)).toEqual(['b2']);
	});

	it('starts afresh from an unreadable record, and works without storage', () => {
		store.set(KEY, '{not json');
		rememberTabs('a1', '东关社区', [['/station/a1', '台账']]);
		expect(kept()).toEqual({ v: 1, bars: {}, tabs: { a1: { label: '东关社区', items: [['/station/a1', '台账']] } } });
		delete (globalThis as { localStorage?: unknown }).localStorage;
		expect(() => rememberBar('/station/a1', 'x', '/', '返回')).not.toThrow();
	});
});
