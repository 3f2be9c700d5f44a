// The router's imports pointed past SvelteKit's re-export files, straight at the chunks that hold
// a route's code (issue 11, bench/board-issue-11.md, twenty-fourth step). SvelteKit builds every
// route node (a page or a layout with its load) as an entry of the browser's build with its exact
// exports; when its code lives in one of the boot chunks (build-tools/boot-chunks.ts) the bundler
// emits, for it, a file of some ninety bytes that only re-exports from that chunk:
// `export{t as component,Bt as universal}from"../chunks/X.js"`. A ledger's start fetched five of
// them, each a request, a response and a module for the main thread (a few milliseconds each on a
// slow phone), for nothing the chunk had not brought already.
// Here, once the chunks are written, each `import("../nodes/N.js")` of such a file becomes
// `import("./X.js").then(m=>({component:m.t,universal:m.Bt}))`: the same names, the same values.
// The files stay (SvelteKit's server manifest names them); nothing the browser runs imports them.
// The browser's build has no source maps; were they turned on, a rewritten line's columns would
// shift and its map would not say so.
import { posix } from 'node:path';
import type { Plugin } from 'vite';

interface Output {
	type: 'chunk' | 'asset';
	fileName: string;
	code?: string;
}

/** A chunk that only re-exports names from one other chunk: `export{a as b,c}from"./x.js";`, after any comment lines. */
const REEXPORT = /^(?:\/\/[^\n]*\n)*\s*export\s*\{([^}]*)\}\s*from\s*(["'`])([^"'`]+)\2;?\s*$/;
const NAME = /^[A-Za-z_$][\w$]*$/;
/** A dynamic import of a file by a relative address (a static string). */
const DYNAMIC_IMPORT = /import\((["'`])(\.{1,2}\/[^"'`$]+)\1\)/g;

interface Facade {
	/** The chunk it re-exports from (its file name in the bundle). */
	target: string;
	/** Exported name → the target's export it is. */
	names: [exported: string, local: string][];
}

/** The chunk's re-exports, when that is all it is (every name a plain identifier); else null. */
export function facadeOf(fileName: string, code: string): Facade | null {
	const match = REEXPORT.exec(code);
	if (!match) return null;
	const names: [string, string][] = [];
	for (const spec of match[1].split(',').map((s) => s.trim()).filter(Boolean)) {
		const [local, exported = local, ...rest] = spec.split(/\s+as\s+/);
		if (rest.length || !NAME.test(local) || !NAME.test(exported)) return null;
		names.push([exported, local]);
	}
	if (!names.length || !match[3].startsWith('.')) return null;
	return { target: posix.join(posix.dirname(fileName), match[3]), names };
}

/** `to`'s address relative to the chunk `from` (both file names in the bundle), as an import names it. */
function relative(from: string, to: string): string {
	const path = posix.relative(posix.dirname(from), to);
	return path.startsWith('.') ? path : `./${path}`;
}

/** Every chunk's dynamic imports of a re-export file in `bundle` made imports of what it re-exports. */
export function skipFacades(bundle: Record<string, Output>): number {
	const facades = new Map<string, Facade>();
	for (const output of Object.values(bundle)) {
		if (output.type !== 'chunk' || output.code === undefined) continue;
		const facade = facadeOf(output.fileName, output.code);
		if (facade && bundle[facade.target]?.type === 'chunk') facades.set(output.fileName, facade);
	}
	let rewritten = 0;
	for (const output of Object.values(bundle)) {
		if (output.type !== 'chunk' || output.code === undefined) continue;
		output.code = output.code.replace(DYNAMIC_IMPORT, (whole, quote: string, address: string) => {
			const facade = facades.get(posix.join(posix.dirname(output.fileName), address));
			if (!facade) return whole;
			rewritten++;
			const target = relative(output.fileName, facade.target);
			const names = facade.names.map(([exported, local]) => `${exported}:m.${local}`).join(',');
			return `import(${quote}${target}${quote}).then(m=>({${names}}))`;
		});
	}
	return rewritten;
}

export function nodeFacades(): Plugin {
	return {
		name: 'yixian-node-facades',
		apply: 'build',
		// Once the chunks are final (their names and exports): Vite's own generateBundle steps come first.
		generateBundle: {
			order: 'post',
			handler(_options, bundle) {
				if ((this as { environment?: { name?: string } }).environment?.name === 'client') skipFacades(bundle as Record<string, Output>);
			}
		}
	};
}
