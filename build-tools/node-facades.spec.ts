// The router's imports of SvelteKit's re-export files pointed at the chunks themselves (build-tools/node-facades.ts).
import { describe, expect, it } from 'vitest';
import { facadeOf, nodeFacades, skipFacades } from './node-facades.ts';

type Bundle = Record<string, { type: 'chunk' | 'asset'; fileName: string; code?: string; source?: string }>;
const chunk = (fileName: string, code: string) => ({ [fileName]: { type: 'chunk' as const, fileName, code } });

function bundle(): Bundle {
	return {
		...chunk('_app/immutable/chunks/S.js', 'var t=1,Bt={};const fl=[()=>Y(()=>import(`../nodes/0.a.js`),[],import.meta.url),()=>Y(()=>import(`../nodes/1.b.js`),[],import.meta.url),()=>import(`../nodes/2.c.js`)];export{t,Bt};'),
		...chunk('_app/immutable/nodes/0.a.js', '//# allFunctionsCalledOnLoad\nexport{t as component,Bt as universal}from"../chunks/S.js";'),
		...chunk('_app/immutable/nodes/1.b.js', 'import{t}from"../chunks/S.js";function c(){return t}export{c as component};'),
		...chunk('_app/immutable/nodes/2.c.js', 'export{t as component}from"../chunks/Gone.js";'),
		'_app/immutable/assets/x.css': { type: 'asset', fileName: '_app/immutable/assets/x.css', source: 'a{}' }
	};
}

describe('node facades', () => {
	it('know a file that only re-exports from another, and nothing else', () => {
		expect(facadeOf('_app/immutable/nodes/0.a.js', 'export{t as component,Bt as universal}from"../chunks/S.js";')).toEqual({
			target: '_app/immutable/chunks/S.js',
			names: [
				['component', 't'],
				['universal', 'Bt']
			]
		});
		expect(facadeOf('_app/x.js', '//# allFunctionsCalledOnLoad\nexport{a}from"./y.js"')).toEqual({ target: '_app/y.js', names: [['a', 'a']] });
		expect(facadeOf('_app/x.js', 'import"./z.js";export{a}from"./y.js";')).toBeNull();
		expect(facadeOf('_app/x.js', 'export{"a-b" as c}from"./y.js";')).toBeNull();
		expect(facadeOf('_app/x.js', 'export*from"./y.js";')).toBeNull();
		expect(facadeOf('_app/x.js', 'export{}from"./y.js";')).toBeNull();
	});

	it('point a dynamic import of one at the chunk it re-exports from, with the same names', () => {
		const b = bundle();
		expect(skipFacades(b)).toBe(1);
		const code = b['_app/immutable/chunks/S.js'].code!;
		expect(code).toContain('()=>Y(()=>import(`./S.js`).then(m=>({component:m.t,universal:m.Bt})),[],import.meta.url)');
		// A node with code of its own, and a re-export of a chunk the bundle does not have, are left alone.
		expect(code).toContain('import(`../nodes/1.b.js`)');
		expect(code).toContain('import(`../nodes/2.c.js`)');
		// The files themselves stay (SvelteKit's server manifest names them).
		expect(b['_app/immutable/nodes/0.a.js'].code).toContain('export{t as component');
	});

	it('give the same values as the file it skips', async () => {
		// The rewritten loader, run with the chunk's module namespace standing in for its import.
		const b = bundle();
		skipFacades(b);
		const loader = /\(\)=>Y\(\(\)=>(import\(`\.\/S\.js`\)\.then\([^)]*\)\))/.exec(b['_app/immutable/chunks/S.js'].code!)![1];
		const chunkNamespace = { t: 'the component', Bt: { load: 'the load' }, other: 1 };
		const run = new Function('namespace', `return ${loader.replace('import(`./S.js`)', 'Promise.resolve(namespace)')}`);
		expect(await run(chunkNamespace)).toEqual({ component: 'the component', universal: { load: 'the load' } });
	});

	it("leave the server's chunks alone", () => {
		const b = bundle();
		const { handler } = nodeFacades().generateBundle as unknown as { handler: (this: unknown, o: unknown, b: Bundle) => void };
		handler.call({ environment: { name: 'ssr' } }, {}, b);
		expect(b['_app/immutable/chunks/S.js'].code).toContain('import(`../nodes/0.a.js`)');
		handler.call({ environment: { name: 'client' } }, {}, b);
		expect(b['_app/immutable/chunks/S.js'].code).not.toContain('import(`../nodes/0.a.js`)');
	});
});
