// The compile-hint magic comment on the client's chunks (build-tools/compile-hints.ts).
import { describe, expect, it } from 'vitest';
import { COMPILE_HINT, compileHints } from './compile-hints.ts';

type Bundle = Record<string, { type: 'chunk' | 'asset'; fileName: string; code?: string; source?: string; map?: { mappings: string } | null }>;
function generate(env: string): Bundle {
	const bundle: Bundle = {
		'_app/x.js': { type: 'chunk', fileName: '_app/x.js', code: 'export const a=()=>1;', map: { mappings: 'AAAA' } },
		'_app/x.js.map': { type: 'asset', fileName: '_app/x.js.map', source: JSON.stringify({ version: 3, mappings: 'AAAA' }) },
		'_app/y.css': { type: 'asset', fileName: '_app/y.css', source: 'a{}' }
	};
	((compileHints().generateBundle as unknown as { handler: (this: unknown, o: unknown, b: Bundle) => void }).handler).call({ environment: { name: env } }, {}, bundle);
	return bundle;
}

describe('compile hints', () => {
	it("put V8's magic comment first in each of the browser's chunks, their source maps a line down", () => {
		const bundle = generate('client');
		expect(COMPILE_HINT).toBe('//# allFunctionsCalledOnLoad');
		expect(bundle['_app/x.js'].code).toBe(`${COMPILE_HINT}\nexport const a=()=>1;`);
		expect(bundle['_app/x.js'].map?.mappings).toBe(';AAAA');
		expect(JSON.parse(bundle['_app/x.js.map'].source!).mappings).toBe(';AAAA');
		expect(bundle['_app/y.css'].source).toBe('a{}');
	});

	it("leave the server's chunks alone", () => {
		expect(generate('ssr')['_app/x.js'].code).toBe('export const a=()=>1;');
	});
});
