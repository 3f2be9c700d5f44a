// What the app keeps for the boot frame (src/boot-frame.js): only a station's tab pages, rows only
// for its ledger, and a station's entries go when it leaves the device.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetAllFrames, forgetFrame, rememberBar, rememberRows, rememberTabs, type BootNode, type BootRows } from './boot-frame';
import { stubLocalStorage } from './local-storage-stub';

const KEY = 'yixian:boot';
const store = stubLocalStorage();
const kept = () => JSON.parse(store.get(KEY) ?? 'null');

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

	it('keeps rows for a station\'s ledger only, and forgets them when the list is empty', () => {
		const rows = (content: string): BootRows => ({ top: 200, left: 16, right: 16, height: 500, rowHeight: 84, items: [['a', 'ledger-entry', [['span', 'content', [content]]], { href: '/station/a1/entry/e1' }]] });
		rememberRows('/station/a1/', rows('北门岗亭漏雨'));
		rememberRows('/station/a1/ideas', rows('不该留下'));
		rememberRows('/station/a1/entry/e1', rows('不该留下'));
		expect(Object.keys(kept().rows)).toEqual(['/station/a1']);
		expect(kept().rows['/station/a1'].items[0][2][0][2]).toEqual(['北门岗亭漏雨']);
		rememberRows('/station/a1', null);
		expect(kept().rows).toEqual({});
	});

	it('keeps the entries kept with the rows when rows come again without them, each while its row is the same', () => {
		const row = (id: string, content: string): BootNode => ['a', 'ledger-entry', [['span', 'content', [content]]], { href: `/station/a1/entry/${id}` }];
		const entry = (r: BootNode) => ({ title: '编号 X', nodes: [['p', 'content', [String(r[2][0])]] as BootNode], row: JSON.stringify(r) });
		const at = (items: BootNode[], entries?: BootRows['entries']): BootRows => ({ top: 0, left: 0, right: 0, height: 168, rowHeight: 84, items, ...(entries ? { entries } : {}) });
		const [e1, e2] = [row('e1', '北门岗亭漏雨'), row('e2', '楼道灯不亮')];
		rememberRows('/station/a1', at([e1, e2], { backLabel: '返回', items: { [e1[3]!.href]: entry(e1), [e2[3]!.href]: entry(e2) } }));
		// Kept again before the board has loaded (no entries): e1's row is the same, e2's has changed.
		rememberRows('/station/a1', at([e1, row('e2', '楼道灯已修好')]));
		expect(Object.keys(kept().rows['/station/a1'].entries.items)).toEqual(['/station/a1/entry/e1']);
		// Neither row the same: no entries at all.
		rememberRows('/station/a1', at([row('e3', '新问题')]));
		expect(kept().rows['/station/a1'].entries).toBeUndefined();
		rememberRows('/station/a1', null);
	});

	it('forgets a station with its bars, tabs and rows, and only that station', () => {
		rememberRows('/station/a1', { top: 0, left: 0, right: 0, height: 84, rowHeight: 84, items: [['span', '', ['x']]] });
		rememberRows('/station/b2', { top: 0, left: 0, right: 0, height: 84, rowHeight: 84, items: [['span', '', ['y']]] });
		rememberBar('/station/a1', '东关社区', '/', '返回');
		rememberBar('/station/a1/visits', '走访 · 东关社区', '/station/a1', '返回');
		rememberBar('/station/b2', '西关社区', '/', '返回');
		rememberTabs('a1', '东关社区', [['/station/a1', '台账']]);
		rememberTabs('b2', '西关社区', [['/station/b2', '台账']]);
		forgetFrame('a1');
		expect(Object.keys(kept().bars)).toEqual(['/station/b2']);
		expect(Object.keys(kept().tabs)).toEqual(['b2']);
		expect(Object.keys(kept().rows)).toEqual(['/station/b2']);
	});

	it('starts afresh from an unreadable record, and works without storage', () => {
		store.set(KEY, '{not json');
		rememberTabs('a1', '东关社区', [['/station/a1', '台账']]);
		expect(kept()).toEqual({ v: 1, bars: {}, tabs: { a1: { label: '东关社区', items: [['/station/a1', '台账']] } }, rows: {} });
		delete (globalThis as { localStorage?: unknown }).localStorage;
		expect(() => rememberBar('/station/a1', 'x', '/', '返回')).not.toThrow();
	});

	describe('in a page', () => {
		// What a page's mount keeps waits for the page to be idle (it was 15–17 ms of the app's start
		// task at CPU ×4), and is written all the same if the page is hidden or left first.
		// One page for these tests, as the module watches the page it first kept something in.
		const win = new EventTarget();
		const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
		const waiting: (() => void)[] = [];
		const idle = () => waiting.splice(0).forEach((fn) => fn());
		beforeEach(() => {
			doc.visibilityState = 'visible';
			vi.stubGlobal('window', win);
			vi.stubGlobal('document', doc);
			vi.stubGlobal('addEventListener', win.addEventListener.bind(win));
			vi.stubGlobal('requestIdleCallback', (fn: () => void) => void waiting.push(fn));
		});
		afterEach(() => {
			idle();
			vi.unstubAllGlobals();
		});

		it('keeps a page\'s bar and tabs once the page is idle, in one write', () => {
			let writes = 0;
			const setItem = localStorage.setItem;
			localStorage.setItem = (k, v) => void (writes++, setItem(k, v));
			rememberBar('/station/a1', '东关社区', '/', '返回');
			rememberTabs('a1', '东关社区', [['/station/a1', '台账']]);
			expect(store.get(KEY)).toBeUndefined();
			idle();
			expect(kept().bars['/station/a1'].title).toBe('东关社区');
			expect(Object.keys(kept().tabs)).toEqual(['a1']);
			expect(writes).toBe(1);
		});

		it('keeps them as the page is left or hidden before it was idle', () => {
			rememberBar('/station/a1', '东关社区', '/', '返回');
			win.dispatchEvent(new Event('pagehide'));
			expect(Object.keys(kept().bars)).toEqual(['/station/a1']);
			rememberBar('/station/a1/ideas', '金点子 · 东关社区', '/station/a1', '返回');
			doc.visibilityState = 'hidden';
			doc.dispatchEvent(new Event('visibilitychange'));
			expect(Object.keys(kept().bars).sort()).toEqual(['/station/a1', '/station/a1/ideas']);
		});

		it('writes what waits before a later change, and nothing of it once the device is erased', () => {
			rememberBar('/station/a1', '东关社区', '/', '返回');
			rememberTabs('a1', '东关社区', [['/station/a1', '台账']]);
			// A station forgotten before the page was idle: its bar and tabs do not come back.
			forgetFrame('a1');
			idle();
			expect(store.get(KEY)).toBeUndefined();
			rememberBar('/station/b2', '西关社区', '/', '返回');
			forgetAllFrames();
			idle();
			expect(store.get(KEY)).toBeUndefined();
		});
	});
});
