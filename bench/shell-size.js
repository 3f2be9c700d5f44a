// What a first load of the app downloads (issue 11's "app shell ≤ 100 KB gzip"): the JS and CSS
// the prerendered shell ("/", from which every in-app route boots) links and preloads, and what
// opening a station's ledger adds (its route nodes' static imports, from Vite's manifest), each
// file gzipped at level 9. Reads the build (run `npx vite build` first); prints; writes nothing.
//
//   node bench/shell-size.js            (npm run bench:shell)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const CLIENT = 'build/client/';
const MANIFEST = '.svelte-kit/output/client/.vite/manifest.json';
const NODES = '.svelte-kit/generated/client-optimized/nodes/';
/** The ledger's route files: the station's layout, the board group's and the page. */
const LEDGER = ['/src/routes/(app)/station/[id]/+layout', '/src/routes/(app)/station/[id]/(board)/+layout', '/src/routes/(app)/station/[id]/(board)/+page'];

if (!existsSync('build/prerendered/index.html') || !existsSync(MANIFEST)) {
	console.error('no build: run `npx vite build` first');
	process.exit(1);
}
const gz = new Map();
const size = (file) => {
	if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(CLIENT + file), { level: 9 }).length);
	return gz.get(file);
};
const kb = (bytes) => (bytes / 1024).toFixed(1);
const html = readFileSync('build/prerendered/index.html', 'utf8');
const shell = new Set([...html.matchAll(/(?:href="|import\(")\/(_app\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]));
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
const byFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]));
// CSS the shell's chunks import (SvelteKit inserts it at boot).
for (const file of [...shell]) for (const css of manifest[byFile.get(file)]?.css ?? []) shell.add(css);
const total = (files) => [...files].reduce((sum, f) => sum + size(f), 0);

/** Static imports and CSS of a manifest entry, transitively. */
function closure(key, into = new Set()) {
	const chunk = manifest[key];
	if (!chunk || into.has(chunk.file)) return into;
	into.add(chunk.file);
	for (const css of chunk.css ?? []) into.add(css);
	for (const dep of chunk.imports ?? []) closure(dep, into);
	return into;
}
const ledger = new Set();
// SvelteKit's route nodes (nodes/<n>.js) re-export a route's component and load function.
for (const node of readdirSync(NODES)) {
	const source = readFileSync(NODES + node, 'utf8');
	if (LEDGER.some((route) => source.includes(route + '.'))) closure(NODES + node, ledger);
}
const extra = [...ledger].filter((f) => !shell.has(f));

console.log(`app shell ("/" first load): ${kb(total(shell))} KB gzip (JS ${kb(total([...shell].filter((f) => f.endsWith('.js'))))}, CSS ${kb(total([...shell].filter((f) => f.endsWith('.css'))))}) in ${shell.size} files; target ≤ 100 KB`);
console.log(`station ledger adds:        ${kb(total(extra))} KB gzip in ${extra.length} files`);
const biggest = [...shell].sort((a, b) => size(b) - size(a)).slice(0, 5);
console.log(`largest in the shell: ${biggest.map((f) => `${f.split('/').pop()} ${kb(size(f))}`).join(', ')}`);
