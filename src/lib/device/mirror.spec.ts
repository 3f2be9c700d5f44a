// What the page holds of a worker-held document's collection (issue 11): a view reads it as it read
// the Yjs layer's lists, and is told which keys each change touched.
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

describe('MirrorMap', () => {
	it('gives the same list of its values until a change, then a new one with the change', () => {
		const map = filled(3);
		const l0 = map.values;
		expect(map.values).toBe(l0);
		map.apply([['r1', row('r1', '已联系')]], ['r2'], true);
		expect(map.values).not.toBe(l0);
		expect(map.values.map((r) => r.text)).toEqual(['问题 0', '已联系']);
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

	it('drops every value at once when told they are stale, and counts the drops', () => {
		const map = filled(3);
		const told: string[][] = [];
		map.onChange((keys) => told.push([...keys]));
		expect(map.drops).toBe(0);
		map.drop();
		expect([map.values, map.get('r1'), map.drops, told]).toEqual([[], undefined, 1, [[]]]);
		map.apply([['r1', row('r1', '已联系')]], [], true);
		expect([map.values.map((r) => r.text), map.drops]).toEqual([['已联系'], 1]);
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
