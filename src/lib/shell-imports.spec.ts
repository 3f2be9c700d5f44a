// Issue 11: the app shell's first load (the prerendered "/": the root and (app) layouts and the
// station list) carries neither Yjs nor Dexie nor y-websocket; they are imported when needed
// (README, "The shell's first load"). This follows the shell's static imports through the source,
// so a new static import of one of them fails here rather than only in `npm run bench:shell`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SHELL = ['src/routes/+layout.svelte', 'src/routes/(app)/+layout.ts', 'src/routes/(app)/+layout.svelte', 'src/routes/(app)/+page.ts', 'src/routes/(app)/+page.svelte'];
const HEAVY = ['yjs', 'dexie', 'y-websocket', 'y-protocols'];

/** Value imports of a module (not `import type`, not `import()`), as written. */
function staticImports(source: string): string[] {
	const found: string[] = [];
	for (const m of source.matchAll(/^\s*import\s+(?!type\s)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) found.push(m[1]);
	for (const m of source.matchAll(/^\s*export\s+(?!type\s)[^'";]*?\s+from\s+['"]([^'"]+)['"]/gm)) found.push(m[1]);
	return found;
}

/** The file a project import names, or null for a package. */
function resolveLocal(spec: string, from: string): string | null {
	const base = spec.startsWith('$lib/') ? join('src/lib', spec.slice(5)) : spec.startsWith('.') ? join(dirname(from), spec) : null;
	if (!base) return null;
	for (const candidate of [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
	throw new Error(`cannot resolve ${spec} from ${from}`);
}

/** Every package the shell imports statically, with the chain of files that leads to it. */
function shellPackages(): Map<string, string[]> {
	const packages = new Map<string, string[]>();
	const seen = new Set<string>();
	const visit = (file: string, chain: string[]) => {
		const key = resolve(file);
		if (seen.has(key)) return;
		seen.add(key);
		for (const spec of staticImports(readFileSync(file, 'utf8'))) {
			// (`?url`, `?worker&url`: an address, not the module's code.)
			if (spec.startsWith('$app/') || spec.startsWith('$env/') || /\?(.*&)?url$/.test(spec)) continue;
			const local = resolveLocal(spec, file);
			if (local) visit(local, [...chain, local]);
			else if (!packages.has(spec)) packages.set(spec, chain);
		}
	};
	for (const root of SHELL) visit(root, [root]);
	return packages;
}

describe('the app shell', () => {
	it('imports neither Yjs, Dexie nor the sync engine statically', () => {
		const packages = shellPackages();
		const heavy = [...packages].filter(([name]) => HEAVY.some((h) => name === h || name.startsWith(`${h}/`)));
		expect(heavy.map(([name, chain]) => `${name} via ${chain.join(' → ')}`)).toEqual([]);
		// The walk itself works: the shell does import Svelte.
		expect([...packages.keys()]).toContain('svelte');
	});
});
