// Fewer, larger chunks for what every start of the app loads (issue 11). Left to itself the bundler
// splits the client by which routes share each module: a cold start at a station's ledger fetched,
// compiled and linked 55 modules, most of them a few hundred bytes. On a slow phone each module
// costs the main thread a few milliseconds whatever its size (asking for it, its response, its
// compile and link): the prerendered shell's 34 preloads alone held it for about 0.1 s at CPU ×4.
//
// Two groups, taken from the module graph once it is built (static imports only, so nothing a page
// loads on demand is pulled forward):
// - "shell": what the prerendered shell loads at every start anyway (SvelteKit's client, the root
//   and app layouts, the home page): merging it adds no byte to any start;
// - "station": what every station page needs besides (the station's layout), which any station
//   page loaded anyway.
// Everything else (each page's own code, what a page imports on demand) is split as before.
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const SHELL = [
	'node_modules/@sveltejs/kit/src/runtime/client/entry.js',
	'.svelte-kit/generated/client-optimized/app.js',
	'src/routes/+layout.svelte',
	'src/routes/(app)/+layout.svelte',
	'src/routes/(app)/+layout.ts',
	'src/routes/(app)/+page.svelte',
	'src/routes/(app)/+page.ts'
];
const STATION = ['src/routes/(app)/station/[id]/+layout.svelte', 'src/routes/(app)/station/[id]/+layout.ts'];

/** Styles stay where the bundler puts them: the shell's are inlined in its HTML while they are small. */
const isStyle = (id: string) => /\.css($|\?)|[?&]type=style/.test(id);

interface Graph {
	getModuleInfo(id: string): { importedIds: readonly string[] } | null;
}

/** The modules `seeds` import statically, transitively (seeds included), without styles. */
function staticClosure(graph: Graph, seeds: readonly string[]): Set<string> {
	const seen = new Set<string>();
	const stack = [...seeds];
	while (stack.length) {
		const id = stack.pop()!;
		if (seen.has(id) || isStyle(id)) continue;
		const info = graph.getModuleInfo(id);
		if (!info) continue;
		seen.add(id);
		stack.push(...info.importedIds);
	}
	return seen;
}

export function bootChunks(root = process.cwd()): Plugin {
	let shell = new Set<string>();
	let station = new Set<string>();
	const isClient = (ctx: unknown) => (ctx as { environment?: { name?: string } }).environment?.name === 'client';
	return {
		name: 'yixian-boot-chunks',
		apply: 'build',
		buildEnd() {
			if (!isClient(this)) return;
			const ids = (paths: readonly string[]) => paths.map((p) => resolve(root, p));
			shell = staticClosure(this, ids(SHELL));
			station = staticClosure(this, ids(STATION));
			for (const id of shell) station.delete(id);
		},
		outputOptions(options) {
			if (!isClient(this)) return;
			const groups = [
				{ name: 'shell', test: (id: string) => shell.has(id), priority: 2 },
				{ name: 'station', test: (id: string) => station.has(id), priority: 1 }
			];
			return { ...options, codeSplitting: { groups } };
		}
	};
}
