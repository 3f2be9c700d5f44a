// What the page holds of a worker-held document's collection (issue 11): a view reads it as it read
// the Yjs layer's lists, and learns which values changed between two lists it was given, so it can
// update its sorted list instead of sorting it again.
import { describe, expect, it } from 'vitest';
import { MirrorMap, MirrorValue } from './mirror';

type Row = { id: string; text: string };
const row = (id: string, text: string): Row => ({ id, text });

/** A collection filled as a load fills it (not told), then changed as the worker tells changes. */
function filled(n: number) {
	const map = new MirrorMap<Row>();
	map.apply(
		Array.from({ length: n }, (_, i) => [`r${i}`, row(`r${i}`, `问题 ${i}`)] as const),
		[],
		false
	);
	return map;
}

describe('MirrorMap.changedBetween', () => {
	it('names the values changed, added or removed between two of its lists, across lists a view skipped', () => {
		const map = filled(5);
		const l0 = map.values;
		const in0 = (id: string) => l0.find((r) => r.id === id);
		map.apply([['r1', row('r1', '已联系')]], [], true);
		const l1 = map.values;
		const in1 = (id: string) => l1.find((r) => r.id === id);
		expect(map.changedBetween(l0, l1)).toEqual(new Map([['r1', in0('r1')]]));
		expect(map.changedBetween(l0, l1)!.get('r1')).toBe(in0('r1'));
		// Changed twice before the next list: named once, with the value it replaced.
		map.apply([['r2', row('r2', '改了')]], [], true);
		expect(map.get('r2')?.text).toBe('改了');
		map.apply([['r2', row('r2', '又改了')]], [], true);
		map.apply([['new', row('new', '新问题')]], ['r3'], true);
		const l2 = map.values;
		expect(map.changedBetween(l1, l2)).toEqual(new Map([['r2', in1('r2')], ['new', undefined], ['r3', in1('r3')]]));
		expect(map.changedBetween(l1, l2)!.get('r2')?.text).toBe('问题 2');
		// Across lists: each as it was in the first of them.
		expect(map.changedBetween(l0, l2)).toEqual(new Map([['r1', in0('r1')], ['r2', in0('r2')], ['new', undefined], ['r3', in0('r3')]]));
		// Nothing changed: the same list, and nothing between it and itself.
		expect(map.values).toBe(l2);
		expect(map.changedBetween(l2, l2)).toEqual(new Map());
		// A list it does not know of (another map's, or one too old): not known.
		expect(map.changedBetween([], l2)).toBeNull();
		for (let i = 0; i < 6; i++) map.apply([['r0', row('r0', `第${i}次`)]], [], true), map.values;
		expect(map.changedBetween(l0, map.values)).toBeNull();
	});

	it('knows nothing before its first list, read whole', () => {
		const map = filled(3);
		expect(map.changedBetween([], map.values)).toBeNull();
	});

	it('tells its listeners the keys of each change after the load, not of the load', () => {
		const map = new MirrorMap<Row>();
		const told: string[][] = [];
		map.onChange((keys) => told.push([...keys]));
		map.apply([['a', row('a', '1')]], [], false);
		map.apply([['b', row('b', '2')]], ['a'], true);
		expect(told).toEqual([['b', 'a']]);
		expect(map.values.map((r) => r.id)).toEqual(['b']);
	});
});

describe('MirrorValue', () => {
	it('holds the value last told, and tells its listeners of changes after the load', () => {
		const value = new MirrorValue<string[]>([]);
		let told = 0;
		value.onChange(() => told++);
		value.set(['基础设施'], false);
		value.set(['基础设施', '物业管理'], true);
		expect(value.current).toEqual(['基础设施', '物业管理']);
		expect(told).toBe(1);
	});
});
