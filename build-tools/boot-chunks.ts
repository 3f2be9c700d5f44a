// Fewer, larger chunks for what every start of the app loads (issue 11). Left to itself the bundler
// splits the client by which routes share each module: a cold start at a station's ledger fetched,
// compiled and linked 55 modules, most of them a few hundred bytes. On a slow phone each module
// costs the main thread a few milliseconds whatever its size (asking for it, its response, its
// compile and link): the prerendered shell's 34 preloads alone held it for about 0.1 s at CPU ×4.
//
// Groups taken from the module graph once it is built (static imports only, so nothing a page
// loads on demand is pulled forward), each module in the first group that has it:
// - "shell": what the prerendered shell loads at every start anyway (SvelteKit's client, the root
//   and app layouts, the home page): merging it adds no byte to any start;
// - "station": what every station page needs besides (the station's layout), which any station
//   page loaded anyway;
// - "common": the few modules the board shares with pages outside the station that do not load
//   the station's data (a tier badge, the calendar), so that those pages load no more than before;
// - "data": what the board's layout needs (the station's documents, their projection), which every
//   board page and every visits page loaded anyway, and the few modules the ledger shares with the
//   station's other pages;
// - "ledger": what only the ledger page needs (its list, filters, the sync engine it starts), a
//   station's first page.
// Left to the bundler, a ledger start fetched some fifteen chunks, three import levels deep, each
// level a round trip before the next was asked for; now two levels: six chunks and SvelteKit's two
// entry files, and no route node's file (build-tools/node-facades.ts).
// (The bundler puts a grouped module's dependencies in its group unless an earlier group has
// them: hence the common group, or the pages that share a badge with the ledger would load it.)
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
	'src/routes/(app)/+page.ts',
	// SvelteKit's error page, which its router loads at every start: a route node of its own.
	'node_modules/@sveltejs/kit/src/runtime/components/svelte-5/error.svelte',
	// The app's own error page, which the router also loads at every navigation (it preloads a
	// route's error pages): with no styles of its own, in the shell it costs no request.
	'src/routes/(app)/+error.svelte'
];
const STATION = ['src/routes/(app)/station/[id]/+layout.svelte', 'src/routes/(app)/station/[id]/+layout.ts'];
// (With SvelteKit's layout for a group without one of its own, the board's: its route node is then
// all in this chunk, and the router imports the chunk, build-tools/node-facades.ts.)
const DATA = ['src/routes/(app)/station/[id]/(board)/+layout.ts', 'node_modules/@sveltejs/kit/src/runtime/components/svelte-5/layout.svelte'];
const LEDGER = ['src/routes/(app)/station/[id]/(board)/+page.svelte'];
/** The station's other first page: only its styles are taken forward (below). */
const VISITS = ['src/routes/(app)/station/[id]/visits/+layout.svelte', 'src/routes/(app)/station/[id]/visits/+page.svelte'];
const STATION_ROUTES = 'src/routes/(app)/station/[id]/';
/** The station's documents in memory: a route outside the station that loads it (settings, sign-in) loads the data group. */
const DATA_LAYER = 'src/lib/state/station-board.svelte.ts';
/** A route's own module: a page or a layout (SvelteKit loads each as a node of its own). */
const isRouteNode = (id: string) => /\/src\/routes\/.*\+(page|layout)(\.svelte|\.ts|\.js)$/.test(id);

/** Styles stay where the bundler puts them: the shell's are inlined in its HTML while they are small. */
const isStyle = (id: string) => /\.css($|\?)|[?&]type=style/.test(id);

interface Graph {
	getModuleInfo(id: string): { importedIds: readonly string[] } | null;
	getModuleIds(): IterableIterator<string>;
}

/** The modules `seeds` import statically, transitively (seeds included), without styles; their styles go to `styles`. */
function staticClosure(graph: Graph, seeds: readonly string[], styles?: Set<string>): Set<string> {
	const seen = new Set<string>();
	const stack = [...seeds];
	while (stack.length) {
		const id = stack.pop()!;
		if (seen.has(id)) continue;
		if (isStyle(id)) {
			styles?.add(id);
			continue;
		}
		const info = graph.getModuleInfo(id);
		if (!info) continue;
		seen.add(id);
		stack.push(...info.importedIds);
	}
	return seen;
}

export function bootChunks(root = process.cwd()): Plugin {
	// Filled once the module graph is built (buildEnd), which comes after the output options are read.
	const NAMES = ['shell', 'station', 'common', 'data', 'ledger'] as const;
	const groups = new Map<string, Set<string>>();
	const isClient = (ctx: unknown) => (ctx as { environment?: { name?: string } }).environment?.name === 'client';
	return {
		name: 'yixian-boot-chunks',
		apply: 'build',
		buildEnd() {
			if (!isClient(this)) return;
			const ids = (paths: readonly string[]) => paths.map((p) => resolve(root, p));
			const stationRoutes = resolve(root, STATION_ROUTES);
			const dataLayer = resolve(root, DATA_LAYER);
			const [ledgerPage] = ids(LEDGER);
			const routeNodes = [...this.getModuleIds()].filter(isRouteNode);
			const outside = routeNodes.filter((id) => !id.startsWith(stationRoutes));
			const sharedOutside = new Set(outside.map((id) => staticClosure(this, [id])).filter((c) => !c.has(dataLayer)).flatMap((c) => [...c]));
			const ledger = staticClosure(this, [ledgerPage]);
			const sharedInStation = staticClosure(this, routeNodes.filter((id) => id.startsWith(stationRoutes) && id !== ledgerPage));
			// What the ledger shares with the station's other pages (a badge, the clock) comes with the data.
			const data = new Set([...staticClosure(this, ids(DATA)), ...[...ledger].filter((id) => sharedInStation.has(id))]);
			// A ledger's or a visit log's start styles (a couple of KB) come with the shell's, inside its
			// HTML: a route's own stylesheets are loaded before its modules are even asked for (Vite's
			// preload helper waits for them), a round trip at every start.
			const startStyles = new Set<string>();
			staticClosure(this, ids([...STATION, ...DATA, ...LEDGER, ...VISITS]), startStyles);
			groups.set('shell', new Set([...staticClosure(this, ids(SHELL)), ...startStyles]));
			groups.set('station', staticClosure(this, ids(STATION)));
			groups.set('common', new Set([...data, ...ledger].filter((id) => sharedOutside.has(id))));
			groups.set('data', data);
			groups.set('ledger', ledger);
			// Each module in the first group that has it.
			const taken = new Set<string>();
			for (const name of NAMES) {
				const modules = groups.get(name)!;
				for (const id of taken) modules.delete(id);
				for (const id of modules) taken.add(id);
			}
		},
		outputOptions(options) {
			if (!isClient(this)) return;
			const codeSplitting = {
				groups: NAMES.map((name, i) => ({ name, test: (id: string) => groups.get(name)?.has(id) ?? false, priority: NAMES.length - i }))
			};
			return { ...options, codeSplitting };
		}
	};
}
